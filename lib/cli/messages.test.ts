import { describe, expect, it } from 'vitest';
import { addressProblem, parseCommand, UsageError } from './args';
import { chainName, unconfirmedReason } from './explain';

describe('CLI messages', () => {
  it('no command is the usage (exit 2), help is help', () => {
    expect(parseCommand([])).toEqual({ command: 'usage' });
    expect(parseCommand(['--help'])).toEqual({ command: 'help' });
    expect(parseCommand(['help'])).toEqual({ command: 'help' });
  });

  it('parser problems become one plain sentence', () => {
    const problem = (argv: string[]) => {
      try {
        parseCommand(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return null;
    };
    expect(problem(['sources', '--rpc', 'http://a', '--frobnicate'])).toBe(
      'unknown option --frobnicate (accord --help lists the options)',
    );
    expect(problem(['sources', '--rpc'])).toBe('--rpc needs a value, e.g. --rpc https://rpc.example.org');
    expect(problem(['sources', '--rpc', 'ftp://a'])).toBe('invalid --rpc URL: ftp://a (expected http:// or https://)');
    expect(problem(['frob'])).toBe('unknown command "frob" (expected "balance" or "sources")');
  });

  it('an address with a bad checksum says so', () => {
    expect(addressProblem('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266')).toBeNull();
    expect(addressProblem('0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266')).toBeNull();
    expect(addressProblem('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92267')).toMatch(
      /mixed-case checksum that does not match/,
    );
    expect(addressProblem('vitalik.eth')).toBe('invalid address: vitalik.eth (expected 0x and 40 hex digits)');
  });

  it('explains an unconfirmed read from what the sources said', () => {
    const outOfRange = 'rpc-error: BlockOutOfRangeError: block height is 20 but requested was 99999';
    expect(
      unconfirmedReason(
        [
          { url: 'a', status: 'error', error: outOfRange },
          { url: 'b', status: 'error', error: outOfRange },
          { url: 'c', status: 'error', error: 'refused: ECONNREFUSED' },
        ],
        31337,
      ),
    ).toBe('2 of 3 sources answered with an error: BlockOutOfRangeError: block height is 20 but requested was 99999');
    expect(
      unconfirmedReason(
        [{ url: 'a', status: 'wrong-chain', error: 'wrong-chain: answers for chain 5, not Ethereum (chain 1)' }],
        1,
      ),
    ).toBe('every source answers for chain 5, not Ethereum (chain 1); check --chain-id or the --rpc URLs');
    expect(unconfirmedReason([{ url: 'a', status: 'agree' }], 1)).toBeNull();
    expect(chainName(31337)).toBe('chain 31337');
  });
});
