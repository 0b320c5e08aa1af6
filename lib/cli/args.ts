import { parseArgs } from 'node:util';
import { getAddress, isAddress } from 'viem';
import { isHttpUrl } from '../rpc/sources';
import type { SourceConfig } from '../rpc/types';

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

export type BalanceOptions = CommonOptions & { address: `0x${string}`; block: number | null };

export type ParsedCommand =
  | { command: 'help' }
  | { command: 'balance'; options: BalanceOptions }
  | { command: 'sources'; options: CommonOptions };

const OPTIONS = {
  rpc: { type: 'string', multiple: true },
  quorum: { type: 'string' },
  'chain-id': { type: 'string' },
  block: { type: 'string' },
  json: { type: 'boolean' },
  'no-verify': { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseCommand(argv: readonly string[]): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') return { command: 'help' };
  if (command !== 'balance' && command !== 'sources') {
    throw new UsageError(`unknown command "${command}" (expected "balance" or "sources")`);
  }

  if (command === 'balance') {
    if (rest.length === 0) throw new UsageError('missing address: accord balance <address> --rpc URL ...');
    if (!isAddress(rest[0])) throw new UsageError(`invalid address: ${rest[0]}`);
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
    return { command, options: common };
  }
  if (rest.length > 1) throw new UsageError(`unexpected argument "${rest[1]}"`);
  const address = rest[0];
  const block = values.block === undefined ? null : parseInteger('--block', values.block, 0);
  return { command, options: { ...common, address: getAddress(address), block } };
}

function parseSources(urls: readonly string[]): SourceConfig[] {
  if (urls.length === 0) throw new UsageError('no sources: pass at least one --rpc URL');
  const seen = new Set<string>();
  return urls.map((url, i) => {
    if (!isHttpUrl(url)) throw new UsageError(`invalid --rpc URL: ${url} (expected http:// or https://)`);
    const normalised = new URL(url).href;
    if (seen.has(normalised)) throw new UsageError(`duplicate --rpc URL: ${url}`);
    seen.add(normalised);
    // Each host:port counts as one operator: two paths on one server are not two opinions.
    return { id: `s${i + 1}`, url, operator: new URL(url).host, enabled: true };
  });
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
