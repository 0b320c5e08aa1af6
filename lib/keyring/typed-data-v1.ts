// Legacy eth_signTypedData (v1): the hash MetaMask's eth-sig-util computes (typedSignatureHash), written
// with viem so the background needs no Node Buffer. Only the types where viem's encodePacked and
// eth-sig-util's solidityPack agree are accepted (no arrays); signing.test.ts checks against eth-sig-util.
import { encodePacked, type Hex, hexToBytes, isHex, keccak256, toBytes } from 'viem';
import { InvalidTypedDataError } from './errors';

export interface TypedDataV1Field {
  type: string;
  name: string;
  value: unknown;
}

/** Types eth_signTypedData (v1) is served for. */
export const V1_TYPE =
  /^(string|bytes|bool|address|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?|bytes([1-9]|[12][0-9]|3[0-2]))$/;

function packedValue(type: string, value: unknown): unknown {
  if (type === 'string') {
    if (typeof value !== 'string') throw new InvalidTypedDataError(`a string value is expected, got ${typeof value}`);
    return value;
  }
  if (type === 'bytes') {
    if (typeof value !== 'string') throw new InvalidTypedDataError('bytes must be hex or text');
    // As eth-sig-util's legacyToBuffer: 0x-hex is bytes, anything else is UTF-8 text.
    return isHex(value, { strict: true }) && value.length % 2 === 0 ? value : `0x${toHexDigits(toBytes(value))}`;
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') throw new InvalidTypedDataError('a bool value must be true or false');
    return value;
  }
  if (type === 'address' || type.startsWith('bytes')) {
    if (typeof value !== 'string' || !isHex(value, { strict: true }))
      throw new InvalidTypedDataError(`${type} must be hex`);
    const bytes = hexToBytes(value as Hex);
    const size = type === 'address' ? 20 : Number(type.slice(5));
    if (bytes.length !== size) throw new InvalidTypedDataError(`${type} must be ${size} bytes`);
    return value;
  }
  // uintN / intN: decimal or hex text, or a safe integer.
  let n: bigint;
  try {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error('unsafe');
    n = BigInt(value as string | number);
  } catch {
    throw new InvalidTypedDataError(`${type} must be an integer, got ${String(value)}`);
  }
  return n;
}

function toHexDigits(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function typedSignatureHashV1(input: unknown): Hex {
  if (!Array.isArray(input) || input.length === 0) throw new InvalidTypedDataError('expected a non-empty array');
  const fields = input as TypedDataV1Field[];
  for (const field of fields) {
    if (typeof field !== 'object' || field === null) throw new InvalidTypedDataError('each entry must be an object');
    if (typeof field.name !== 'string' || field.name.length === 0)
      throw new InvalidTypedDataError('each entry needs a name');
    if (typeof field.type !== 'string' || !V1_TYPE.test(field.type)) {
      throw new InvalidTypedDataError(`type ${String(field.type)} is not supported in eth_signTypedData (v1)`);
    }
  }
  const types = fields.map((f) => f.type);
  const values = fields.map((f) => packedValue(f.type, f.value));
  const schema = keccak256(
    encodePacked(
      fields.map(() => 'string'),
      fields.map((f) => `${f.type} ${f.name}`),
    ),
  );
  const data = keccak256(encodePacked(types, values as never));
  return keccak256(encodePacked(['bytes32', 'bytes32'], [schema, data]));
}
