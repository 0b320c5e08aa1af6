import { describe, expect, it } from 'vitest';
import { resolveOperators } from '../rpc/operator';
import { USAGE } from './accord';
import { addressProblem, OPTIONS, parseCommand, UsageError } from './args';
import { chainName, unconfirmedReason } from './explain';

describe('CLI messages', () => {
  it('the usage lists every option the parser takes', () => {
    for (const name of Object.keys(OPTIONS)) expect(USAGE).toContain(`--${name}`);
  });

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

  it('a negative number after a flag is named as the bad value, not as a missing one', () => {
    const problem = (argv: string[]) => {
      try {
        parseCommand(argv);
      } catch (error) {
        return (error as Error).message;
      }
      return null;
    };
    const a = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
    expect(problem(['balance', a, '--rpc', 'http://a', '--block', '-5'])).toBe(
      'invalid --block: -5 (expected a whole number)',
    );
    expect(problem(['sources', '--rpc', 'http://a', '--quorum', '-1'])).toBe(
      'invalid --quorum: -1 (expected a whole number ≥ 2)',
    );
    // A flag after a flag is still a missing value.
    expect(problem(['balance', a, '--rpc', 'http://a', '--block', '--json'])).toBe(
      '--block needs a value, e.g. --block 19000000',
    );
  });

  it("counts operators by the wallet's rule: one registrable domain is one, each IP (loopback endpoint) is one", () => {
    const operators = (...urls: string[]) => {
      const parsed = parseCommand(['sources', ...urls.flatMap((url) => ['--rpc', url])]);
      if (parsed.command !== 'sources') throw new Error(parsed.command);
      return new Set(resolveOperators(parsed.options.sources).values()).size;
    };
    expect(operators('https://eth.example.org', 'https://rpc.example.org/v1')).toBe(1);
    expect(operators('http://127.0.0.2:8545', 'http://127.0.0.3:8545')).toBe(2);
    expect(operators('http://127.0.0.2:8545/a', 'http://127.0.0.2:8545/b')).toBe(1);
    expect(operators('http://10.0.0.1:8545', 'http://10.0.0.1:8546')).toBe(1);
    expect(operators('https://alice.github.io', 'https://bob.github.io')).toBe(2);
    const parsed = parseCommand(['sources', '--rpc', 'https://eth.example.org', '--rpc', 'http://127.0.0.2:8545']);
    expect(parsed.command === 'sources' && parsed.options.sources.map((s) => s.operator)).toEqual([
      'example.org',
      '127.0.0.2:8545',
    ]);
  });

  it('a --rpc URL in another spelling of one endpoint is a duplicate, as in the wallet', () => {
    const problem = (...urls: string[]) => {
      try {
        parseCommand(['sources', ...urls.flatMap((url) => ['--rpc', url])]);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      return null;
    };
    expect(problem('https://rpc.example.org/x', 'https://rpc.example.org/x/')).toBe(
      'duplicate --rpc URL: https://rpc.example.org/x/ is the same endpoint as https://rpc.example.org/x',
    );
    expect(problem('http://127.0.0.2:8545', 'HTTP://127.0.0.2:8545/')).toMatch(/^duplicate --rpc URL/);
    expect(problem('https://rpc.example.org:443/x', 'https://rpc.example.org/x#top')).toMatch(/same endpoint/);
    expect(problem('https://a.example.org', 'https://a.example.org')).toBe(
      'duplicate --rpc URL: https://a.example.org',
    );
    // Query strings stay apart: providers put API keys there.
    expect(problem('https://rpc.example.org/?key=1', 'https://rpc.example.org/?key=2')).toBeNull();
  });

  it('--address belongs to sources and must be an address', () => {
    const a = '0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266';
    const parsed = parseCommand(['sources', '--rpc', 'http://a', '--address', a]);
    expect(parsed.command === 'sources' && parsed.options.address).toBe('0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266');
    expect(() => parseCommand(['sources', '--rpc', 'http://a', '--address', '0x12'])).toThrow(
      'invalid --address: 0x12 has 2 hex digits, an address has 40',
    );
    expect(() => parseCommand(['balance', a, '--rpc', 'http://a', '--address', a])).toThrow(
      '--address applies to "sources" only',
    );
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
