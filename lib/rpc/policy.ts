import { RpcPolicyError } from '../errors';
import type { QuorumResult, SourceEvidence } from './types';

// What a dapp (or the wallet's own viem clients) receives for a quorum result:
//   verified, confirmed → the value (or the proven or agreed JSON-RPC error, e.g. a revert, as that error);
//   conflict    → a JSON-RPC error (-32603) whose message and data name the disagreeing sources;
//   unconfirmed → the value, for availability, recorded as a degradation for the UI; an error in strict mode;
//   unavailable → a JSON-RPC error naming what each source failed with (or the sources' own error,
//                 when they all rejected the request alike, e.g. invalid params or a rejected broadcast).
// Local answers (eth_chainId) and a broadcast that some source accepted pass in strict mode too.

/** JSON-RPC code of every policy refusal; `data.reason` tells which. */
export const QUORUM_ERROR_CODE = -32603;
/** EIP-1193 "Unsupported Method". */
export const UNSUPPORTED_METHOD_CODE = 4200;

export type PolicyParameters = {
  strict: boolean;
  onDegraded?: ((result: QuorumResult) => void) | undefined;
};

export type PolicyErrorData = {
  reason: RpcPolicyError['reason'];
  method: string;
  quorum: number;
  agreeing: number;
  anchor: { number: number; hash: string } | null;
  sources: { id: string; operator: string; status: SourceEvidence['status']; value?: unknown; error?: string }[];
};

export function applyDappPolicy<value>(result: QuorumResult<value>, parameters: PolicyParameters): value | null {
  const { status, evidence } = result;
  const exempt = evidence.rule === 'local' || (evidence.rule === 'broadcast' && result.value !== null);
  const data = (reason: RpcPolicyError['reason'], only?: (s: SourceEvidence) => boolean): PolicyErrorData => ({
    reason,
    method: evidence.method,
    quorum: evidence.quorum,
    agreeing: evidence.agreeing,
    anchor: evidence.anchor ? { number: evidence.anchor.number, hash: evidence.anchor.hash } : null,
    sources: evidence.sources.filter(only ?? (() => true)).map((s) => ({
      id: s.id,
      operator: s.operator,
      status: s.status,
      ...(s.value !== undefined ? { value: s.value } : {}),
      ...(s.error ? { error: `${s.error.kind}: ${s.error.message}` } : {}),
    })),
  });

  // 1. Unsupported methods never reach a source.
  if (evidence.rule === 'unsupported') {
    throw new RpcPolicyError({
      code: UNSUPPORTED_METHOD_CODE,
      message: `${evidence.method} is not supported by Accord's quorum client`,
      reason: 'unsupported',
      data: data('unsupported', () => false),
    });
  }

  // 2. Conflict: never pass a value some source contradicts.
  if (status === 'conflict') {
    const disagreeing = evidence.sources.filter((s) => s.status === 'disagree');
    const said = disagreeing.map((s) => `${s.id} (${s.operator}) says ${short(s.value)}`).join('; ');
    throw new RpcPolicyError({
      code: QUORUM_ERROR_CODE,
      message: `Accord: RPC sources disagree on ${evidence.method}: ${said}`,
      reason: 'conflict',
      data: data('conflict', (s) => s.status === 'disagree'),
    });
  }

  // 3. Too few answers: pass (availability) and record, unless strict.
  if (status === 'unconfirmed' && !exempt) {
    if (parameters.strict) {
      throw new RpcPolicyError({
        code: QUORUM_ERROR_CODE,
        message: `Accord: only ${evidence.agreeing} of the ${evidence.quorum} sources required answered ${evidence.method} (strict mode)`,
        reason: 'unconfirmed',
        data: data('unconfirmed'),
      });
    }
    parameters.onDegraded?.(result);
  }

  // 4. Nothing usable: the sources' shared error if they had one, else what each failed with.
  if (status === 'unavailable' && !result.error) {
    const failures = evidence.sources
      .filter((s) => s.error)
      .map((s) => `${s.id}: ${s.error!.kind}`)
      .join(', ');
    throw new RpcPolicyError({
      code: QUORUM_ERROR_CODE,
      message: `Accord: no RPC source answered ${evidence.method}${failures ? ` (${failures})` : ''}`,
      reason: 'unavailable',
      data: data('unavailable'),
    });
  }

  // 5. An agreed JSON-RPC error (a revert, a rejected transaction) passes as the sources sent it.
  if (result.error) {
    throw new RpcPolicyError({
      code: result.error.code,
      message: result.error.message,
      reason: 'upstream',
      data: result.error.data !== undefined ? result.error.data : data('upstream'),
    });
  }
  return result.value;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'nothing' : text.length > 70 ? `${text.slice(0, 67)}...` : text;
}
