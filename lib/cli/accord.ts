import { type ParsedCommand, parseCommand, UsageError } from './args';
import { runBalance } from './balance';
import { runHead } from './head';
import { runSources } from './sources';

// The `accord` command line. Exit codes: 0 verified or confirmed (or, for `sources`, at least k healthy
// operators), 1 neither, 2 bad input (one line on stderr; no command at all prints the usage there).

export const USAGE = `Usage:
  accord balance <address> --rpc URL --rpc URL ... [--quorum k] [--chain-id N] [--block N] [--no-verify] [--json]
  accord balance <address> --rpc URL ... --beacon URL [--checkpoint ROOT] [--at ISO-TIME] [--json]
  accord sources --rpc URL --rpc URL ... [--quorum k] [--chain-id N] [--address A] [--json]
  accord head --beacon URL [--beacon URL ...] --checkpoint ROOT [--at ISO-TIME] [--finalized] [--json]

Options:
  --rpc URL        a JSON-RPC source (repeat; operators are counted as the wallet counts them: one
                   registrable domain is one, an IP is one, on loopback each address:port is one)
  --quorum k       agreeing sources needed (default 2, at least 2)
  --chain-id N     expected chain id (default: the one most sources report)
  --block N        read at block N instead of the agreed head (balance only)
  --no-verify      agreement only: do not ask for proofs (balance; at most "confirmed")
  --address A      the account whose balance every source must prove (sources only; default: the
                   agreed block's fee recipient; a source answering zero balances shows on a funded one)
  --timeout ms     per-request timeout (default 10000)
  --json           print one JSON object
  -h, --help       print this help
  --beacon URL     a beacon node's API (repeat; any one honest node suffices) (head, balance)
  --checkpoint R   a finalized beacon block root you trust, the light client's start (head; for
                   balance the release's checkpoint of the chain when not given)
  --at ISO-TIME    verify as of that time: checkpoint age and slot clock (head, balance)
  --finalized      print the finalized head instead of the optimistic one (head only)

Exit codes: 0 verified (a proof checked against the agreed header) or confirmed (k operators agree),
1 neither (conflict, unconfirmed, unavailable), 2 bad input; for sources, 0 when k operators are healthy.
For head, and balance with --beacon: 0 verified by Ethereum consensus (the sync committee signed the header
the balance's proof checks against), 1 verification failed (the line names the check), 2 bad input.`;

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
      case 'head':
        return await runHead(parsed.options, io);
    }
  } catch (error) {
    io.err(`accord: ${(error as Error).message.split('\n')[0]}`);
    return 1;
  }
}
