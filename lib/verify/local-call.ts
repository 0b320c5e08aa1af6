import { createCustomCommon, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM } from '@ethereumjs/evm';
import { createAddressFromString, hexToBytes } from '@ethereumjs/util';
import { bytesToHex, decodeErrorResult, type Hex } from 'viem';
import { LocalCallTimeLimitError, MissingStateError } from '../errors';
import { type ProvenAccountWithCode, ProvenStateManager } from './proven-state';

// eth_call executed in the wallet, over state that proofs showed, with the pinned block's context.
// The answer is as trustworthy as the header: no source can change it.

/** The block context a call runs in; every field comes from a header most operators agreed on. */
export type ExecutionHeader = {
  number: number;
  timestamp: number;
  gasLimit: bigint;
  baseFeePerGas: bigint | null;
  miner: Hex;
  /** prevRandao since the Merge. */
  mixHash: Hex;
};

export type CallRequest = {
  from?: Hex | undefined;
  to?: Hex | undefined;
  data?: Hex | undefined;
  value?: bigint | undefined;
  gas?: bigint | undefined;
};

export type EventLog = { address: Hex; topics: Hex[]; data: Hex };

type Outcome = {
  returnData: Hex;
  gasUsed: bigint;
  /** Gas the transaction would get back (storage cleared), before the cap of a fifth of what it used. */
  gasRefund: bigint;
  /** Events the call emitted (none when it reverted). */
  logs: EventLog[];
  /** Native balances after the call of the addresses asked to watch (unchanged when it reverted). */
  balancesAfter: Map<Hex, bigint>;
};

export type LocalCallResult = (Outcome & { kind: 'success' }) | (Outcome & { kind: 'revert'; reason: string | null });

/** Most gas one local call may burn. */
export const LOCAL_CALL_GAS_CAP = 30_000_000n;
/**
 * Most time the EVM may run for one read (all its rounds together). Gas alone does not bound it: a 30 M gas
 * loop took about 2 s in node here, and the interpreter never yields to timers while it runs.
 */
export const LOCAL_CALL_TIME_LIMIT_MS = 1_000;
const JUMPDEST = 0x5b;
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/**
 * Runs the call. Throws MissingStateError when execution reached an account, slot or code the proofs
 * did not cover, and Error for an exceptional halt (out of gas, invalid opcode): the caller then falls
 * back to asking sources instead of answering.
 */
export async function executeLocalCall(parameters: {
  chainId: number;
  header: ExecutionHeader;
  call: CallRequest;
  accounts: Iterable<ProvenAccountWithCode>;
  /** Addresses whose native balance after the call is wanted (each must be among the proven accounts). */
  watch?: readonly Hex[] | undefined;
  /** Date.now() past which execution stops with LocalCallTimeLimitError. Default: LOCAL_CALL_TIME_LIMIT_MS from now. */
  deadline?: number | undefined;
}): Promise<LocalCallResult> {
  const { steps, balancesAfter } = await executeLocalCalls({ ...parameters, calls: [parameters.call] });
  return { ...(steps[0] as LocalCallStep), balancesAfter };
}

export type LocalCallStep = Omit<Outcome, 'balancesAfter'> &
  ({ kind: 'success' } | { kind: 'revert'; reason: string | null });

/**
 * Runs calls one after another over one state, as a batch of transactions sent in order: each sees what the
 * ones before it changed; one that reverts changes nothing and the next still runs. Throws as executeLocalCall.
 */
export async function executeLocalCalls(parameters: {
  chainId: number;
  header: ExecutionHeader;
  calls: readonly CallRequest[];
  accounts: Iterable<ProvenAccountWithCode>;
  watch?: readonly Hex[] | undefined;
  deadline?: number | undefined;
}): Promise<{ steps: LocalCallStep[]; balancesAfter: Map<Hex, bigint> }> {
  const { chainId, header } = parameters;
  const started = Date.now();
  const deadline = parameters.deadline ?? started + LOCAL_CALL_TIME_LIMIT_MS;
  // The clock is read where execution can repeat: at every jump target (every loop passes one) and on every
  // state access (every message call makes some). Past the deadline the run throws, and nothing is answered.
  const checkClock = () => {
    if (Date.now() > deadline) {
      throw new LocalCallTimeLimitError(
        `local execution stopped after ${Date.now() - started} ms, past its time limit`,
      );
    }
  };
  const common = createCustomCommon({ chainId }, Mainnet, { hardfork: hardforkFor(chainId) });
  const stateManager = new ProvenStateManager(parameters.accounts, { onAccess: checkClock });
  const evm = await createEVM({
    common,
    stateManager,
    // JUMPDEST does nothing but cost 1 gas; this one also reads the clock.
    customOpcodes: [{ opcode: JUMPDEST, opcodeName: 'JUMPDEST', baseFee: 1, logicFunction: checkClock }],
  });
  const steps: LocalCallStep[] = [];
  for (const call of parameters.calls) {
    const gasLimit = minBig(call.gas ?? header.gasLimit, header.gasLimit, LOCAL_CALL_GAS_CAP);
    const caller = createAddressFromString(call.from ?? ZERO_ADDRESS);
    let result: Awaited<ReturnType<typeof evm.runCall>>;
    try {
      result = await evm.runCall({
        caller,
        origin: caller,
        to: call.to ? createAddressFromString(call.to) : undefined,
        data: call.data ? hexToBytes(call.data) : new Uint8Array(0),
        value: call.value ?? 0n,
        gasLimit,
        gasPrice: 0n,
        block: {
          header: {
            number: BigInt(header.number),
            timestamp: BigInt(header.timestamp),
            coinbase: createAddressFromString(header.miner),
            difficulty: 0n,
            prevRandao: hexToBytes(header.mixHash),
            gasLimit: header.gasLimit,
            baseFeePerGas: header.baseFeePerGas ?? undefined,
            getBlobGasPrice: () => 1n,
          },
        },
      });
    } catch (error) {
      throw findMissingState(error) ?? findCause(error, LocalCallTimeLimitError) ?? error;
    }
    // Each transaction starts cold (EIP-2929), with an empty journal and with what the ones before it wrote
    // as its storage's original values (EIP-2200), as a block's next transaction does.
    await evm.journal.cleanup();
    stateManager.originalStorageCache.clear();
    const { execResult } = result;
    const error = execResult.exceptionError;
    if (error && error.error !== 'revert') throw new Error(`local execution halted: ${error.error}`);
    const returnData = bytesToHex(execResult.returnValue);
    const logs = error
      ? []
      : (execResult.logs ?? []).map(([address, topics, data]) => ({
          address: bytesToHex(address),
          topics: topics.map((topic) => bytesToHex(topic)),
          data: bytesToHex(data),
        }));
    const outcome = { returnData, gasUsed: execResult.executionGasUsed, gasRefund: execResult.gasRefund ?? 0n, logs };
    steps.push(
      error ? { kind: 'revert', ...outcome, reason: revertReason(returnData) } : { kind: 'success', ...outcome },
    );
  }
  const balancesAfter = new Map<Hex, bigint>();
  for (const address of parameters.watch ?? []) {
    const account = await stateManager.getAccount(createAddressFromString(address));
    balancesAfter.set(address.toLowerCase() as Hex, account?.balance ?? 0n);
  }
  return { steps, balancesAfter };
}

/** The fork the chain runs now; a call that uses a newer opcode halts and falls back to the sources. */
function hardforkFor(chainId: number): Hardfork {
  return chainId === 1 || chainId === 11155111 ? Hardfork.Osaka : Hardfork.Prague;
}

/** `Error(string)` and `Panic(uint256)` as nodes put them in the message. */
function revertReason(data: Hex): string | null {
  if (data === '0x') return null;
  try {
    const decoded = decodeErrorResult({ data });
    const arg = decoded.args?.[0];
    if (decoded.errorName === 'Error' && typeof arg === 'string') return arg;
    if (decoded.errorName === 'Panic' && typeof arg === 'bigint') return `panic code 0x${arg.toString(16)}`;
  } catch {}
  return null;
}

function findMissingState(error: unknown): MissingStateError | null {
  return findCause(error, MissingStateError);
}

function findCause<type>(error: unknown, kind: abstract new (...args: never[]) => type): type | null {
  let current: unknown = error;
  for (let depth = 0; current && depth < 8; depth++) {
    if (current instanceof kind) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

function minBig(...values: bigint[]): bigint {
  // biome-ignore lint/complexity/useMathMinMax: Math.min does not take bigints
  return values.reduce((a, b) => (b < a ? b : a));
}
