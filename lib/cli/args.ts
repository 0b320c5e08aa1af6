import { parseArgs } from 'node:util';
import { getAddress, isAddress } from 'viem';
import { operatorName } from '../rpc/operator';
import { isHttpUrl } from '../rpc/sources';
import type { SourceConfig } from '../rpc/types';
import { normaliseSourceUrl } from '../wallet/source-url';

// Command-line parsing and validation. Any problem becomes a UsageError: one clear line, exit code 2.

export class UsageError extends Error {
  override name = 'UsageError';
}

export type CommonOptions = {
  sources: SourceConfig[];
  quorum: number;
  chainId: number | null;
  json: boolean;
  timeoutMs: number;
  /** Answer from proofs against the agreed header where sources serve them (default); false compares plain answers. */
  verify: boolean;
};

export type SourcesOptions = CommonOptions & {
  /** The account whose balance every source is asked for; null: the agreed block's fee recipient. */
  address: `0x${string}` | null;
};

export type BalanceOptions = CommonOptions & {
  address: `0x${string}`;
  block: number | null;
  /** With --beacon: the balance must be proven against the state root Ethereum's sync committee signed. */
  consensus: ConsensusOptions | null;
};

export type ConsensusOptions = {
  beacons: string[];
  /** null: the release checkpoint of the chain. */
  checkpoint: `0x${string}` | null;
  /** Verify as of this time (ms since 1970) instead of now: checkpoint age and the slot clock. */
  at: number | null;
};

export type HeadOptions = {
  beacons: string[];
  checkpoint: `0x${string}`;
  /** Verify as of this time (ms since 1970) instead of now: checkpoint age and the slot clock. */
  at: number | null;
  /** Print the finalized head instead of the optimistic one. */
  finalized: boolean;
  json: boolean;
  timeoutMs: number;
};

export type ParsedCommand =
  | { command: 'help' }
  /** No command at all: the usage goes to stderr and the exit code is 2. */
  | { command: 'usage' }
  | { command: 'head'; options: HeadOptions }
  | { command: 'balance'; options: BalanceOptions }
  | { command: 'sources'; options: SourcesOptions };

/** Every option the parser takes (the usage text lists each one). */
export const OPTIONS = {
  rpc: { type: 'string', multiple: true },
  quorum: { type: 'string' },
  'chain-id': { type: 'string' },
  block: { type: 'string' },
  json: { type: 'boolean' },
  'no-verify': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  beacon: { type: 'string', multiple: true },
  checkpoint: { type: 'string' },
  at: { type: 'string' },
  finalized: { type: 'boolean' },
  address: { type: 'string' },
} as const;

export function parseCommand(argv: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv), options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseProblem(error as Error & { code?: string }, argv));
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') return { command: 'help' };
  if (command === undefined) return { command: 'usage' };
  if (command === 'head') return { command, options: parseHead(values, rest) };
  if (values.address !== undefined && command !== 'sources')
    throw new UsageError('--address applies to "sources" only');
  if (values.finalized !== undefined) throw new UsageError('--finalized applies to "head" only');
  if (command !== 'balance') {
    for (const flag of ['beacon', 'checkpoint', 'at'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to "head" and "balance" only`);
    }
  }
  if (command !== 'balance' && command !== 'sources') {
    throw new UsageError(`unknown command "${command}" (expected "balance" or "sources")`);
  }

  if (command === 'balance') {
    if (rest.length === 0) throw new UsageError('missing address: accord balance <address> --rpc URL ...');
    const problem = addressProblem(rest[0]);
    if (problem) throw new UsageError(problem);
  }
  const common: CommonOptions = {
    sources: parseSources(values.rpc ?? []),
    quorum: values.quorum === undefined ? 2 : parseInteger('--quorum', values.quorum, 2),
    chainId: values['chain-id'] === undefined ? null : parseInteger('--chain-id', values['chain-id'], 1),
    json: values.json ?? false,
    timeoutMs: values.timeout === undefined ? 10_000 : parseInteger('--timeout', values.timeout, 1),
    verify: !values['no-verify'],
  };

  if (command === 'sources') {
    if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
    if (values.block !== undefined) throw new UsageError('--block applies to "balance" only');
    const problem = values.address === undefined ? null : addressProblem(values.address);
    if (problem) throw new UsageError(problem.replace(/^invalid address/, 'invalid --address'));
    return {
      command,
      options: { ...common, address: values.address === undefined ? null : getAddress(values.address) },
    };
  }
  if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
  const address = rest[0];
  const block = values.block === undefined ? null : parseInteger('--block', values.block, 0);
  let consensus: ConsensusOptions | null = null;
  if (values.beacon !== undefined || values.checkpoint !== undefined || values.at !== undefined) {
    if (values.beacon === undefined) throw new UsageError('--checkpoint and --at need --beacon URL');
    if (block !== null)
      throw new UsageError('--block cannot be verified by consensus: the light client follows the head');
    if (!common.verify) throw new UsageError('--no-verify and --beacon contradict each other');
    consensus = parseConsensus(values);
  }
  return { command, options: { ...common, address: getAddress(address), block, consensus } };
}

/**
 * Node's parser takes `--block -5` for a flag without its value; a number after a flag that takes one is
 * that flag's value, so the problem named is the number (`invalid --block: -5`).
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = argv[i + 1];
    const takesValue = OPTIONS[flag.replace(/^--/, '') as keyof typeof OPTIONS]?.type === 'string';
    if (flag.startsWith('--') && takesValue && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${flag}=${next}`);
      i++;
    } else {
      joined.push(flag);
    }
  }
  return joined;
}

/** Node's parser explains itself in its own terms; say it in one plain sentence instead. */
function parseProblem(error: Error & { code?: string }, argv: readonly string[]): string {
  const flag = /'(-{1,2}[^' ]+)/.exec(error.message)?.[1] ?? '';
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${flag} (accord --help lists the options)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return OPTIONS[flag.replace(/^-+/, '') as keyof typeof OPTIONS]?.type === 'boolean'
        ? `${flag} takes no value`
        : `${flag} needs a value, e.g. ${flag} ${EXAMPLES[flag] ?? '…'}`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${argv.find((a) => !a.startsWith('-')) ?? ''}"`;
    default:
      return error.message.split('\n')[0];
  }
}

const EXAMPLES: Record<string, string> = {
  '--rpc': 'https://rpc.example.org',
  '--quorum': '2',
  '--chain-id': '1',
  '--block': '19000000',
  '--timeout': '10000',
  '--beacon': 'https://beacon.example.org',
  '--checkpoint': '0x<32-byte block root>',
  '--at': '2025-05-07T14:15:00Z',
  '--address': '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
};

/** Null for a usable address; otherwise what is wrong with it. */
export function addressProblem(text: string): string | null {
  if (isAddress(text, { strict: true })) return null;
  if (isAddress(text, { strict: false })) {
    return `invalid address: ${text} has a mixed-case checksum that does not match (a character may be mistyped; all lower case skips the check)`;
  }
  if (/^0x[0-9a-fA-F]*$/.test(text)) {
    return `invalid address: ${text} has ${text.length - 2} hex digits, an address has 40`;
  }
  return `invalid address: ${text} (expected 0x and 40 hex digits)`;
}

function parseSources(urls: readonly string[]): SourceConfig[] {
  if (urls.length === 0) throw new UsageError('no sources: pass at least one --rpc URL');
  const seen = new Map<string, string>();
  return urls.map((url, i) => {
    if (!isHttpUrl(url)) throw new UsageError(`invalid --rpc URL: ${url} (expected http:// or https://)`);
    // Compared as the wallet compares its sources: http://Host:80/rpc/ and http://host/rpc are one endpoint.
    const normalised = normaliseSourceUrl(url);
    const first = seen.get(normalised);
    if (first !== undefined) throw new UsageError(duplicate('--rpc', url, first));
    seen.set(normalised, url);
    // Operators as the wallet counts them (lib/rpc/operator): one registrable domain is one operator,
    // an IP address is one, and on loopback each address and port is one.
    return { id: `s${i + 1}`, url, operator: operatorName(url), enabled: true };
  });
}

function duplicate(flag: string, url: string, first: string): string {
  return url === first
    ? `duplicate ${flag} URL: ${url}`
    : `duplicate ${flag} URL: ${url} is the same endpoint as ${first}`;
}

/** Decimal or 0x-hex whole number, at least `min`. */
function parseInteger(flag: string, text: string, min: number): number {
  const value = /^0x[0-9a-f]+$/i.test(text)
    ? Number.parseInt(text, 16)
    : /^\d+$/.test(text)
      ? Number(text)
      : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`invalid ${flag}: ${text} (expected a whole number${min > 0 ? ` ≥ ${min}` : ''})`);
  }
  return value;
}

/** `accord head --beacon URL ... --checkpoint ROOT [--at ISO-TIME] [--finalized] [--json]`. */
function parseHead(values: Record<string, string | boolean | string[] | undefined>, rest: string[]): HeadOptions {
  if (rest.length > 0) throw new UsageError(`unexpected argument "${rest[0]}"`);
  for (const flag of ['rpc', 'quorum', 'chain-id', 'block', 'no-verify', 'address']) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} does not apply to "head"`);
  }
  const { beacons, checkpoint, at } = parseConsensus(values);
  if (checkpoint === null) {
    throw new UsageError('no checkpoint: pass --checkpoint ROOT, a finalized beacon block root you trust');
  }
  return {
    beacons,
    checkpoint,
    at,
    finalized: (values.finalized as boolean | undefined) ?? false,
    json: (values.json as boolean | undefined) ?? false,
    timeoutMs: values.timeout === undefined ? 10_000 : parseInteger('--timeout', values.timeout as string, 1),
  };
}

/** --beacon URL ... [--checkpoint ROOT] [--at ISO-TIME], shared by head and balance. */
function parseConsensus(values: Record<string, string | boolean | string[] | undefined>): ConsensusOptions {
  const urls = (values.beacon as string[] | undefined) ?? [];
  if (urls.length === 0) throw new UsageError('no beacon sources: pass at least one --beacon URL');
  const seen = new Map<string, string>();
  for (const url of urls) {
    if (!isHttpUrl(url)) throw new UsageError(`invalid --beacon URL: ${url} (expected http:// or https://)`);
    const normalised = normaliseSourceUrl(url);
    const first = seen.get(normalised);
    if (first !== undefined) throw new UsageError(duplicate('--beacon', url, first));
    seen.set(normalised, url);
  }
  const checkpoint = values.checkpoint as string | undefined;
  if (checkpoint !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(checkpoint)) {
    throw new UsageError(`invalid --checkpoint: ${checkpoint} (expected a 32-byte 0x-hex block root)`);
  }
  const atText = values.at as string | undefined;
  const at = atText === undefined ? null : Date.parse(atText);
  if (at !== null && (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(atText!))) {
    throw new UsageError(`invalid --at: ${atText} (expected an ISO time such as 2025-05-07T14:15:00Z)`);
  }
  return { beacons: urls, checkpoint: (checkpoint?.toLowerCase() as `0x${string}` | undefined) ?? null, at };
}
