import { sha256 } from '@noble/hashes/sha2.js';

// The API of @chainsafe/as-sha256 over noble's pure-JS sha256. as-sha256 compiles WebAssembly when it is
// imported, which the MV3 extension CSP refuses; the extension build aliases it to this module (see
// wxt.config.ts), so SSZ hashing in the background needs neither WebAssembly nor Node's Buffer.

/** Eight 32-bit words of a 32-byte hash, each read little-endian (as-sha256's layout). */
export type HashObject = {
  h0: number;
  h1: number;
  h2: number;
  h3: number;
  h4: number;
  h5: number;
  h6: number;
  h7: number;
};

const WORDS = ['h0', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7'] as const;

export const simdEnabled = false;

export function reinitializeInstance(): void {}

export function allocUnsafe(size = 0): Uint8Array {
  return new Uint8Array(size);
}

export function hashObjectToByteArray(obj: HashObject, byteArr: Uint8Array, offset: number): void {
  for (let i = 0; i < 8; i++) {
    const word = obj[WORDS[i]];
    byteArr[offset + 4 * i] = word & 0xff;
    byteArr[offset + 4 * i + 1] = (word >>> 8) & 0xff;
    byteArr[offset + 4 * i + 2] = (word >>> 16) & 0xff;
    byteArr[offset + 4 * i + 3] = (word >>> 24) & 0xff;
  }
}

export function byteArrayIntoHashObject(byteArr: Uint8Array, offset: number, output: HashObject): void {
  for (let i = 0; i < 8; i++) {
    const at = offset + 4 * i;
    // `| 0` keeps the signed 32-bit value as-sha256 produces.
    output[WORDS[i]] = byteArr[at] | (byteArr[at + 1] << 8) | (byteArr[at + 2] << 16) | (byteArr[at + 3] << 24) | 0;
  }
}

export function byteArrayToHashObject(byteArr: Uint8Array, offset: number): HashObject {
  const result: HashObject = { h0: 0, h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0, h7: 0 };
  byteArrayIntoHashObject(byteArr, offset, result);
  return result;
}

export function digest(data: Uint8Array): Uint8Array {
  return sha256(data);
}

export function digest64(data: Uint8Array): Uint8Array {
  if (data.length !== 64) throw new Error('InvalidLengthForDigest64');
  return sha256(data);
}

export function digest64Into(data: Uint8Array, output: Uint8Array): void {
  if (data.length !== 64) throw new Error(`InvalidLengthForDigest64, got ${data.length}`);
  if (output.length !== 32) throw new Error(`InvalidLengthForOutput32, got ${output.length}`);
  output.set(sha256(data));
}

export function digest2Bytes32(bytes1: Uint8Array, bytes2: Uint8Array): Uint8Array {
  if (bytes1.length !== 32 || bytes2.length !== 32) throw new Error('InvalidLengthForDigest64');
  return sha256.create().update(bytes1).update(bytes2).digest();
}

export function digest2Bytes32Into(bytes1: Uint8Array, bytes2: Uint8Array, output: Uint8Array): void {
  if (output.length !== 32) throw new Error('InvalidLengthForOutput32');
  output.set(digest2Bytes32(bytes1, bytes2));
}

const pair = new Uint8Array(64);

export function digest64HashObjectsInto(obj1: HashObject, obj2: HashObject, output: HashObject): void {
  hashObjectToByteArray(obj1, pair, 0);
  hashObjectToByteArray(obj2, pair, 32);
  byteArrayIntoHashObject(sha256(pair), 0, output);
}

export function digest64HashObjects(obj1: HashObject, obj2: HashObject): HashObject {
  const result: HashObject = { h0: 0, h1: 0, h2: 0, h3: 0, h4: 0, h5: 0, h6: 0, h7: 0 };
  digest64HashObjectsInto(obj1, obj2, result);
  return result;
}

export function batchHash4UintArray64s(inputs: Uint8Array[]): Uint8Array[] {
  if (inputs.length !== 4) throw new Error('Input length must be 4');
  return inputs.map((input, i) => {
    if (input?.length !== 64) throw new Error(`Invalid length ${input?.length} at input ${i}`);
    return sha256(input);
  });
}

export function batchHash4HashObjectInputs(inputs: HashObject[]): HashObject[] {
  if (inputs.length !== 8) throw new Error('Input length must be 8');
  return [0, 2, 4, 6].map((i) => digest64HashObjects(inputs[i], inputs[i + 1]));
}

/** Hashes each 64-byte block of `input` into the matching 32 bytes of `output`. */
export function hashInto(input: Uint8Array, output: Uint8Array): void {
  if (input.length % 64 !== 0) throw new Error(`Invalid input length ${input.length}`);
  if (input.length !== output.length * 2) throw new Error(`Invalid output length ${output.length}`);
  for (let i = 0; i < input.length / 64; i++) output.set(sha256(input.subarray(i * 64, (i + 1) * 64)), i * 32);
}
