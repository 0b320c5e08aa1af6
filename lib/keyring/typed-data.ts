import { getAddress, isAddress, type TypedDataDefinition } from 'viem';
import { InvalidTypedDataError } from './errors';

export type TypedDataVersion = 'V3' | 'V4';
/** Every version a dapp can ask for; V1 is the legacy eth_signTypedData (an array of typed values). */
export type AnyTypedDataVersion = 'V1' | TypedDataVersion;

interface TypedField {
  name: string;
  type: string;
}

type Types = Record<string, TypedField[]>;

/**
 * One hashed field as the approval window shows it: a leaf has `value` (canonical text of exactly what is
 * encoded), a struct or array has `fields` (array items are named `[0]`, `[1]`…).
 */
export interface TypedDataNode {
  name: string;
  type: string;
  value?: string;
  fields?: TypedDataNode[];
}

/** What is hashed, and nothing else: the domain fields EIP712Domain declares and the primary type's fields. */
export interface TypedDataView {
  primaryType: string;
  domain: TypedDataNode[];
  message: TypedDataNode[];
}

export interface SanitizedTypedData {
  /** Only declared fields, canonical values: what viem hashes and the key signs. */
  definition: TypedDataDefinition;
  view: TypedDataView;
}

/** Deeper structures are refused: no dapp needs them, and the window must show every level. */
export const MAX_TYPED_DATA_DEPTH = 32;
/** Leaves plus structs, in domain and message together. */
export const MAX_TYPED_DATA_NODES = 5_000;

const ATOMIC =
  /^(address|bool|string|bytes([1-9]|[12]\d|3[0-2])?|u?int(8|16|24|32|40|48|56|64|72|80|88|96|104|112|120|128|136|144|152|160|168|176|184|192|200|208|216|224|232|240|248|256)?)$/;
const HEX_BYTES = /^0x([0-9a-fA-F]{2})*$/;
const DECIMAL = /^-?\d+$/;
const HEX_NUMBER = /^0x[0-9a-fA-F]+$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(type: string): { item: string; length: number | null } | null {
  const match = /^(.+)\[(\d*)\]$/.exec(type);
  if (!match) return null;
  return { item: match[1], length: match[2] === '' ? null : Number(match[2]) };
}

function baseType(type: string): string {
  const bracket = type.indexOf('[');
  return bracket === -1 ? type : type.slice(0, bracket);
}

/** A leaf value as viem will encode it, or a reason it cannot be signed as shown. */
function atomic(type: string, value: unknown, path: string): { encoded: unknown; text: string } {
  const fail = (expected: string): never => {
    const got = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new InvalidTypedDataError(`${path} should be ${expected} (type ${type}), got ${got}`);
  };
  if (type === 'address') {
    if (typeof value !== 'string' || !isAddress(value, { strict: false })) fail('a 20-byte hex address');
    const address = getAddress(value as string);
    return { encoded: address, text: address };
  }
  if (type === 'bool') {
    if (typeof value !== 'boolean') fail('true or false');
    return { encoded: value, text: String(value) };
  }
  if (type === 'string') {
    if (typeof value !== 'string') fail('text');
    return { encoded: value, text: value as string };
  }
  if (type.startsWith('bytes')) {
    if (typeof value !== 'string' || !HEX_BYTES.test(value)) fail('0x-prefixed hex bytes');
    const hex = (value as string).toLowerCase();
    const size = type === 'bytes' ? null : Number(type.slice(5));
    if (size !== null && (hex.length - 2) / 2 !== size) fail(`exactly ${size} bytes`);
    return { encoded: hex, text: hex };
  }
  // u?intN
  const signed = type.startsWith('int');
  const bits = Number(type.replace(/^u?int/, '') || '256');
  let number: bigint | null = null;
  if (typeof value === 'number' && Number.isSafeInteger(value)) number = BigInt(value);
  else if (typeof value === 'string' && (DECIMAL.test(value) || HEX_NUMBER.test(value)) && value.length <= 80) {
    number = BigInt(value);
  }
  if (number === null) fail('a whole number (a safe integer, or decimal or 0x-hex text)');
  const n = number as bigint;
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  if (n < min || n > max) fail(`a number from ${min} to ${max}`);
  return { encoded: n, text: n.toString() };
}

interface Walk {
  types: Types;
  version: TypedDataVersion;
  nodes: number;
}

function walkValue(
  walk: Walk,
  name: string,
  type: string,
  value: unknown,
  path: string,
  depth: number,
): { encoded: unknown; node: TypedDataNode } {
  if (depth > MAX_TYPED_DATA_DEPTH) {
    throw new InvalidTypedDataError(`${path} is nested more than ${MAX_TYPED_DATA_DEPTH} levels deep`);
  }
  if (++walk.nodes > MAX_TYPED_DATA_NODES) {
    throw new InvalidTypedDataError(`has more than ${MAX_TYPED_DATA_NODES} values`);
  }
  if (value === undefined || value === null) throw new InvalidTypedDataError(`${path} is missing`);
  const array = arrayOf(type);
  if (array) {
    if (walk.version === 'V3') throw new InvalidTypedDataError(`${path} is an array; arrays need eth_signTypedData_v4`);
    if (!Array.isArray(value)) throw new InvalidTypedDataError(`${path} should be an array (type ${type})`);
    if (array.length !== null && value.length !== array.length) {
      throw new InvalidTypedDataError(`${path} should have ${array.length} items, has ${value.length}`);
    }
    const items = value.map((item, i) => walkValue(walk, `[${i}]`, array.item, item, `${path}[${i}]`, depth + 1));
    return { encoded: items.map((i) => i.encoded), node: { name, type, fields: items.map((i) => i.node) } };
  }
  if (walk.types[type]) {
    const { encoded, fields } = walkStruct(walk, type, value, path, depth + 1);
    return { encoded, node: { name, type, fields } };
  }
  const { encoded, text } = atomic(type, value, path);
  return { encoded, node: { name, type, value: text } };
}

function walkStruct(
  walk: Walk,
  typeName: string,
  value: unknown,
  path: string,
  depth: number,
): { encoded: Record<string, unknown>; fields: TypedDataNode[] } {
  if (!isObject(value)) throw new InvalidTypedDataError(`${path} should be an object of type ${typeName}`);
  const declared = walk.types[typeName] ?? [];
  const names = new Set(declared.map((f) => f.name));
  // A value the page sends but the type leaves out would be shown and not signed: refuse it.
  const unsigned = Object.keys(value).filter((key) => !names.has(key));
  if (unsigned.length) {
    const field = `${path}.${unsigned[0]}`;
    throw new InvalidTypedDataError(
      `${field} is not declared in types.${typeName}, so it would not be signed` +
        (unsigned.length > 1 ? ` (nor ${unsigned.length - 1} more)` : '') +
        `; declare it in types.${typeName} or leave it out`,
    );
  }
  const encoded: Record<string, unknown> = {};
  const fields: TypedDataNode[] = [];
  for (const field of declared) {
    const child = walkValue(walk, field.name, field.type, value[field.name], `${path}.${field.name}`, depth);
    encoded[field.name] = child.encoded;
    fields.push(child.node);
  }
  return { encoded, fields };
}

function parseTypes(raw: unknown): Types {
  if (!isObject(raw)) throw new InvalidTypedDataError('types is missing');
  for (const [name, fields] of Object.entries(raw)) {
    const valid =
      Array.isArray(fields) &&
      fields.every((f) => isObject(f) && typeof f.name === 'string' && typeof f.type === 'string');
    if (!valid) throw new InvalidTypedDataError(`type ${name} is not a list of {name, type}`);
    const names = (fields as TypedField[]).map((f) => f.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new InvalidTypedDataError(`type ${name} declares ${repeated} twice`);
  }
  const types = raw as Types;
  for (const fields of Object.values(types)) {
    for (const field of fields) {
      const base = baseType(field.type);
      if (!(base in types) && !ATOMIC.test(base)) throw new InvalidTypedDataError(`unknown type ${field.type}`);
    }
  }
  return types;
}

/**
 * MetaMask's sanitizeData (eth-sig-util, which needs Node's Buffer and stays out of the extension bundles):
 * only types, primaryType, domain and message, and an absent EIP712Domain type is an empty struct.
 */
export function sanitizeData(data: Record<string, unknown>): Record<string, unknown> {
  const sanitized: Record<string, unknown> = {};
  for (const key of ['types', 'primaryType', 'domain', 'message']) if (data[key]) sanitized[key] = data[key];
  if ('types' in sanitized) sanitized.types = { EIP712Domain: [], ...(sanitized.types as object) };
  return sanitized;
}

/**
 * Sanitises eth_signTypedData_v3/v4 input (JSON text or object) against its `types` as MetaMask does (only
 * types, primaryType, domain and message; an absent EIP712Domain is an empty struct) and refuses anything
 * that would be shown but not signed: domain or message fields the types leave out, a message under
 * primaryType EIP712Domain. Returns what is hashed, and the same as a tree for the approval window.
 */
export function sanitizeTypedData(input: unknown, version: TypedDataVersion): SanitizedTypedData {
  let data: unknown = input;
  if (typeof input === 'string') {
    try {
      data = JSON.parse(input);
    } catch {
      throw new InvalidTypedDataError('not valid JSON');
    }
  }
  if (!isObject(data)) throw new InvalidTypedDataError('expected an object with types, primaryType, domain, message');
  const types = parseTypes(sanitizeData(data).types);
  const { primaryType } = data;
  if (typeof primaryType !== 'string' || !(primaryType in types)) {
    throw new InvalidTypedDataError('primaryType is missing or not among types');
  }
  const { domain, message } = data;
  if (!isObject(domain)) throw new InvalidTypedDataError('domain is missing');
  if (!isObject(message)) throw new InvalidTypedDataError('message is missing');
  const walk: Walk = { types, version, nodes: 0 };
  const signedDomain = walkStruct(walk, 'EIP712Domain', domain, 'domain', 1);
  let signedMessage: { encoded: Record<string, unknown>; fields: TypedDataNode[] } = { encoded: {}, fields: [] };
  if (primaryType === 'EIP712Domain') {
    if (Object.keys(message).length) {
      throw new InvalidTypedDataError('with primaryType EIP712Domain the message is not signed; send an empty message');
    }
  } else {
    signedMessage = walkStruct(walk, primaryType, message, 'message', 1);
  }
  const definition = {
    types,
    primaryType,
    domain: signedDomain.encoded,
    message: signedMessage.encoded,
  } as unknown as TypedDataDefinition;
  return { definition, view: { primaryType, domain: signedDomain.fields, message: signedMessage.fields } };
}

/** The hashed definition only (what signing needs). */
export function parseTypedData(input: unknown, version: TypedDataVersion): TypedDataDefinition {
  return sanitizeTypedData(input, version).definition;
}

function nodeValue(node: TypedDataNode): unknown {
  if (node.fields) return arrayOf(node.type) ? node.fields.map(nodeValue) : valuesOf(node.fields);
  return node.type === 'bool' ? node.value === 'true' : node.value;
}

function valuesOf(nodes: TypedDataNode[]): Record<string, unknown> {
  return Object.fromEntries(nodes.map((node) => [node.name, nodeValue(node)]));
}

/**
 * Typed data rebuilt from the fields an approval showed (canonical text back to values), so the signature
 * covers exactly what the user saw. sanitizeTypedData(result) gives the same hash as the original request.
 */
export function typedDataFromView(
  types: Record<string, TypedField[]>,
  view: TypedDataView,
): {
  types: Record<string, TypedField[]>;
  primaryType: string;
  domain: Record<string, unknown>;
  message: Record<string, unknown>;
} {
  return { types, primaryType: view.primaryType, domain: valuesOf(view.domain), message: valuesOf(view.message) };
}
