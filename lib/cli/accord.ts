import { type ParsedCommand, parseCommand, UsageError } from './args';
import { runBalance } from './balance';
import { runSources } from './sources';

// The `accord` command line. Exit codes: 0 confirmed (or, for `sources`, at least k healthy operators),
// 1 not confirmed, 2 bad input (one line on stderr; no command at all prints the usage there).

export const USAGE = `Usage:
  accord balance <address> --rpc URL --rpc URL ... [--quorum k] [--chain-id N] [--block N] [--json]
  accord sources --rpc URL --rpc URL ... [--quorum k] [--chain-id N] [--json]

Options:
  --rpc URL        a JSON-RPC source (repeat; each host:port counts as one operator)
  --quorum k       agreeing sources needed (default 2, at least 2)
  --chain-id N     expected chain id (default: the one most sources report)
  --block N        read at block N instead of the agreed head (balance only)
  --timeout ms     per-request timeout (default 10000)
  --json           print one JSON object

Exit codes: 0 confirmed, 1 not confirmed (conflict, unconfirmed, unavailable), 2 bad input.`;

export type Io = { out: (text: string) => void; err: (text: string) => void };

const defaultIo: Io = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let parsed: ParsedCommand;
  try {
    parsed = parseCommand(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`accord: ${error.message}`);
      return 2;
    }
    throw error;
  }
  try {
    switch (parsed.command) {
      case 'help':
        io.out(USAGE);
        return 0;
      case 'usage':
        io.err(USAGE);
        return 2;
      case 'balance':
        return await runBalance(parsed.options, io);
      case 'sources':
        return await runSources(parsed.options, io);
    }
  } catch (error) {
    io.err(`accord: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  }
}
