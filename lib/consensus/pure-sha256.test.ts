import * as wasm from '@chainsafe/as-sha256';
import { describe, expect, it } from 'vitest';
import * as pure from './pure-sha256';

// The extension build swaps as-sha256 for pure-sha256: both must hash and lay out words alike.

const bytes = (length: number, seed: number) => Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17) & 0xff);

describe('pure-sha256 matches @chainsafe/as-sha256', () => {
  it('digests any length, and 64-byte blocks alone or in batches', () => {
    for (const length of [0, 1, 32, 63, 64, 65, 200, 1000]) {
      expect(pure.digest(bytes(length, length))).toEqual(wasm.digest(bytes(length, length)));
    }
    expect(pure.digest64(bytes(64, 3))).toEqual(wasm.digest64(bytes(64, 3)));
    expect(pure.digest2Bytes32(bytes(32, 1), bytes(32, 2))).toEqual(wasm.digest2Bytes32(bytes(32, 1), bytes(32, 2)));
    const inputs = [1, 2, 3, 4].map((s) => bytes(64, s));
    expect(pure.batchHash4UintArray64s(inputs)).toEqual(wasm.batchHash4UintArray64s(inputs));
    for (const blocks of [1, 4, 5, 9]) {
      const input = bytes(64 * blocks, blocks);
      const [a, b] = [new Uint8Array(32 * blocks), new Uint8Array(32 * blocks)];
      pure.hashInto(input, a);
      wasm.hashInto(input, b);
      expect(a).toEqual(b);
    }
  });

  it('converts and hashes hash objects word for word', () => {
    const objects = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => wasm.byteArrayToHashObject(bytes(32, s * 40), 0));
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((s) => pure.byteArrayToHashObject(bytes(32, s * 40), 0))).toEqual(objects);
    expect(pure.digest64HashObjects(objects[0], objects[1])).toEqual(wasm.digest64HashObjects(objects[0], objects[1]));
    expect(pure.batchHash4HashObjectInputs(objects)).toEqual(wasm.batchHash4HashObjectInputs(objects));
    const [a, b] = [new Uint8Array(40), new Uint8Array(40)];
    pure.hashObjectToByteArray(objects[2], a, 8);
    wasm.hashObjectToByteArray(objects[2], b, 8);
    expect(a).toEqual(b);
  });

  it('refuses the lengths as-sha256 refuses', () => {
    expect(() => pure.digest64(bytes(63, 0))).toThrow(/InvalidLengthForDigest64/);
    expect(() => pure.hashInto(bytes(65, 0), new Uint8Array(32))).toThrow(/Invalid input length/);
    expect(() => pure.batchHash4HashObjectInputs([])).toThrow(/must be 8/);
  });
});
