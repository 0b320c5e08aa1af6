import type { TypedDataDefinition } from 'viem';
import { InvalidTypedDataError } from './errors';

export type TypedDataVersion = 'V3' | 'V4';

interface TypedField {
  name: string;
  type: string;
}

type Types = Record<string, TypedField[]>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function baseType(type: string): string {
  const bracket = type.indexOf('[');
  return bracket === -1 ? type : type.slice(0, bracket);
}

// eth_signTypedData_v3 (MetaMask's eth-sig-util) skips fields that are absent and has no arrays; v4 has
// arrays. Hashing is viem's (EIP-712 = v4 rules), so v3 requests are accepted exactly where the two agree:
// no array types and every field present. Anything else is refused rather than signed differently.
function checkV3(types: Types, typeName: string, value: unknown, path: string): void {
  const fields = types[typeName];
  if (!fields) return;
  if (!isObject(value)) throw new InvalidTypedDataError(`${path} should be an object of type ${typeName}`);
  for (const field of fields) {
    if (field.type.endsWith(']')) {
      throw new InvalidTypedDataError(`${path}.${field.name} is an array; arrays need eth_signTypedData_v4`);
    }
    if (value[field.name] === undefined) throw new InvalidTypedDataError(`${path}.${field.name} is missing`);
    if (types[field.type]) checkV3(types, field.type, value[field.name], `${path}.${field.name}`);
  }
}

/**
 * Parses eth_signTypedData_v3/v4 input (JSON text or object) into viem's typed-data definition.
 * As in MetaMask, an absent EIP712Domain type means an empty domain struct.
 */
export function parseTypedData(input: unknown, version: TypedDataVersion): TypedDataDefinition {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch {
      throw new InvalidTypedDataError('not valid JSON');
    }
  }
  if (!isObject(data)) throw new InvalidTypedDataError('expected an object with types, primaryType, domain, message');
  const { types, primaryType, domain, message } = data;
  if (!isObject(types)) throw new InvalidTypedDataError('types is missing');
  if (typeof primaryType !== 'string' || (!(primaryType in types) && primaryType !== 'EIP712Domain')) {
    throw new InvalidTypedDataError('primaryType is missing or not among types');
  }
  if (!isObject(domain)) throw new InvalidTypedDataError('domain is missing');
  if (!isObject(message)) throw new InvalidTypedDataError('message is missing');
  for (const [name, fields] of Object.entries(types)) {
    const valid =
      Array.isArray(fields) &&
      fields.every((f) => isObject(f) && typeof f.name === 'string' && typeof f.type === 'string');
    if (!valid) throw new InvalidTypedDataError(`type ${name} is not a list of {name, type}`);
  }
  const typed = { EIP712Domain: [], ...types } as Types;
  for (const fields of Object.values(typed)) {
    for (const field of fields) {
      const base = baseType(field.type);
      const known = base in typed || /^(address|bool|string|bytes\d*|u?int\d*)$/.test(base);
      if (!known) throw new InvalidTypedDataError(`unknown type ${field.type}`);
    }
  }
  if (version === 'V3') {
    checkV3(typed, 'EIP712Domain', domain, 'domain');
    checkV3(typed, primaryType, message, 'message');
  }
  return { types: typed, primaryType, domain, message } as unknown as TypedDataDefinition;
}
