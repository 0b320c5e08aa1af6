import { type Address, hexToBigInt, isHex, numberToHex } from 'viem';
import { QuorumConfigError } from '../errors';
import { type AgreementRule, agreementRule, pinParams } from './agreement';
import { broadcastRawTransaction } from './broadcast';
import { createAnchorCache } from './cache';
import { createHeadTracker } from './head';
import { applyDappPolicy } from './policy';
import { affinityOf, proverFor } from './proven-read';
import type { DegradationRecord, QuorumClient, QuorumClientParameters } from './quorum-types';
import { raceForAgreement } from './race';
import { simulateTransaction, type TransactionToSimulate } from './simulation';
import { createSourceSet, operatorCount, rankSources, type SourceRuntime } from './sources';
import {
  type Anchor,
  isEstablished,
  type QuorumResult,
  type RpcRequest,
  type SourceEvidence,
  type SourceProofCheck,
} from './types';
import {
  buildEvidence,
  identicalDeficit,
  identicalVerdict,
  medianDeficit,
  medianVerdict,
  notAskedEvidence,
  type Verdict,
} from './verdict';
import { createVerifier, verifiedEvidence, withProofEvidence } from './verified-read';

export type { DegradationRecord, QuorumClient, QuorumClientParameters } from './quorum-types';

// The quorum client: no single RPC source can make the wallet believe, show or pass on a value.
// request() answers with the value and its evidence; requestForDapp() applies the dapp policy.

const DEGRADATIONS_KEPT = 50;

export function createQuorumClient(parameters: QuorumClientParameters): QuorumClient {
  const { chainId } = parameters;
  const now = parameters.now ?? (() => Date.now());
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw new QuorumConfigError(`Invalid chain id: ${chainId}.`);
  let k = checkQuorum(parameters.quorum ?? 2);
  let strict = parameters.strict ?? false;
  const verify = parameters.verify ?? true;
  let closed = false;
  const sources = createSourceSet({ ...parameters, now });
  const head = createHeadTracker({
    chainId,
    sources: () => sources.all(),
    quorum: () => k,
    now,
    maxAgeMs: parameters.headMaxAgeMs,
    consensusHead: parameters.consensusHead,
  });
  const cache = createAnchorCache<QuorumResult>();
  const inFlight = new Map<string, Promise<QuorumResult>>();
  const degradations: DegradationRecord[] = [];
  const degradedListeners = new Set<(record: DegradationRecord) => void>();

  /** Sources a read may use: enabled, chain verified, breaker letting calls through. */
  const usable = () => sources.enabled().filter((s) => s.health.chainOk() === true && s.health.available());
  /**
   * Sources a proof may come from: as `usable`, except that one whose chain id is not known yet (its head probe
   * missed the refresh's grace period, as a slow honest source's does) may be asked too. A proof checks against
   * the anchor's state root or fails, so it needs no trust in the source's chain; a source known to be on
   * another chain is still left out.
   */
  const provable = () => sources.enabled().filter((s) => s.health.chainOk() !== false && s.health.available());
  const verifier = createVerifier({ usable: provable, now });

  function result(
    method: string,
    rule: Pick<AgreementRule, 'kind'>,
    verdict: Verdict,
    evidence: SourceEvidence[],
    anchor: Anchor | null,
  ) {
    const out: QuorumResult = {
      value: verdict.value,
      status: verdict.status,
      evidence: { method, rule: rule.kind, anchor, quorum: k, agreeing: verdict.agreeing, sources: evidence },
    };
    if (verdict.error) out.error = verdict.error;
    return out;
  }

  async function request(req: RpcRequest): Promise<QuorumResult> {
    if (closed) throw new QuorumConfigError('The quorum client is closed.');
    const method = req.method;
    const params = Array.isArray(req.params) ? [...req.params] : [];
    const rule = agreementRule(method);

    // 1. Answered without asking anyone.
    if (rule.kind === 'unsupported') return result(method, rule, unavailable(), [], head.anchor());
    if (rule.kind === 'local') {
      const verified = operatorCount(sources.enabled().filter((s) => s.health.chainOk() === true));
      const verdict: Verdict = {
        status: verified >= k ? 'confirmed' : 'unconfirmed',
        value: rule.local!(chainId),
        agreeing: verified,
        winner: null,
      };
      return result(method, rule, verdict, evidenceFor([], verdict, null), head.anchor());
    }

    // 2. Every other method needs the anchor (and with it each source's chain id checked).
    const headAnchor = await head.current();
    if (rule.kind === 'head') return headResult(method, rule, headAnchor);
    if (rule.kind === 'broadcast') return broadcast(method, rule, params, headAnchor);

    // 3. `finalized` where a light client runs: the block its sync committee finalized, read (and proven) there.
    const finalized = await consensusFinalized(rule, params);
    if (finalized) params[rule.block as number] = numberToHex(finalized.number);
    const anchor = finalized ?? headAnchor;

    // 4. Pin latest/pending to the anchor; identical pinned requests share one race and one cache entry.
    const pin = pinParams(rule, params, anchor?.number ?? null);
    // What vouches for the header is part of the answer: a result verified under the operators' header is not
    // reused once the light client vouches for that block (or the other way round, or for another reason).
    const key = `${method}:${JSON.stringify(pin.params)}:${JSON.stringify(anchor?.basis ?? null)}`;
    const cacheable = rule.kind === 'state' && pin.pinned && anchor !== null;
    if (cacheable) {
      const hit = cache.get(anchor.number, key);
      if (hit) return hit;
    }
    const running = inFlight.get(key);
    if (running) return running;
    const promise = read(method, rule, pin.params, pin.needsHead, anchor, finalized !== null).finally(() =>
      inFlight.delete(key),
    );
    inFlight.set(key, promise);
    const out = pin.pinned ? capToHeader(await promise, anchor) : await promise;
    if (cacheable && isEstablished(out.status)) cache.set(anchor.number, key, out);
    return out;
  }

  /**
   * The header the light client holds as finalized, as an anchor, when the request names the `finalized` block;
   * null without a light client or when it cannot vouch for one now (the tag then goes to the sources as is).
   */
  async function consensusFinalized(rule: AgreementRule, params: unknown[]): Promise<Anchor | null> {
    if (!parameters.consensusHead || typeof rule.block !== 'number' || params[rule.block] !== 'finalized') return null;
    const vouched = await parameters.consensusHead({ finalized: true }).catch(() => null);
    if (!vouched || !('number' in vouched)) return null;
    const { slot, finalized: _, ...block } = vouched;
    return {
      ...block,
      confirmations: 0,
      voters: 0,
      confirmed: true,
      at: now(),
      basis: { kind: 'consensus', slot, finalized: true },
    };
  }

  /** A read pinned to a header no majority agreed on is at most unconfirmed, whoever agreed about it. */
  function capToHeader(out: QuorumResult, anchor: Anchor | null): QuorumResult {
    if (!anchor || anchor.confirmed || !isEstablished(out.status)) return out;
    return { ...out, status: 'unconfirmed', evidence: { ...out.evidence, capped: 'header-unconfirmed' } };
  }

  /** A state read at the anchor is proven where a source serves proofs; otherwise (or if none checks) agreed. */
  async function read(
    method: string,
    rule: AgreementRule,
    params: unknown[],
    needsHead: number | null,
    anchor: Anchor | null,
    signedByConsensus = false,
  ): Promise<QuorumResult> {
    // Proofs are checked only against a header the sources answering now agree on (a lone source left after
    // the others were disabled cannot prove values against an anchor kept from before), or one the sync
    // committee signed.
    const atAnchor = (signedByConsensus || head.agreedNow()) && needsHead === anchor?.number;
    const prover =
      verify && atAnchor
        ? proverFor(method, params, { chainId, anchor, localCallTimeLimitMs: parameters.localCallTimeLimitMs })
        : null;
    if (!prover || !anchor) return race(method, rule, params, needsHead, anchor);
    const proven = await verifier.read(prover, anchor, affinityOf(method, params));
    if (proven.verified) {
      const answer = proven.value;
      const verdict: Verdict = { status: 'verified', value: answer.value, agreeing: 1, winner: null };
      if (answer.error) verdict.error = answer.error;
      const evidence = verifiedEvidence(sources.all(), proven.attempts, answer.value ?? answer.error, (source) => ({
        id: source.config.id,
        operator: source.config.operator,
        url: source.config.url,
        latencyMs: null,
        ...(verifier.servesProofs(source) ? {} : { proof: 'unsupported' as const }),
        ...notAskedEvidence(source, needsHead),
      }));
      return result(method, { kind: 'proof' }, verdict, evidence, anchor);
    }
    // A source whose proof failed lied about this read: it gets no say in the agreement that follows.
    const liars = new Set(proven.attempts.filter((a) => a.state === 'invalid').map((a) => a.source));
    const agreed = await race(method, rule, params, needsHead, anchor, liars);
    return {
      ...agreed,
      evidence: { ...agreed.evidence, sources: withProofEvidence(agreed.evidence.sources, proven.attempts) },
    };
  }

  async function race(
    method: string,
    rule: AgreementRule,
    params: unknown[],
    needsHead: number | null,
    anchor: Anchor | null,
    excluded: ReadonlySet<SourceRuntime> = new Set(),
  ) {
    // 4. Sources that have reached the block first, best score first, one per operator first;
    //    sources known to be behind only as a last resort.
    const candidates = usable().filter((s) => !excluded.has(s));
    const reached = candidates.filter((s) => needsHead === null || (s.health.head() ?? -1) >= needsHead);
    const behind = candidates.filter((s) => !reached.includes(s));
    const ranked = [...rankSources(reached), ...rankSources(behind)];
    const median = rule.kind === 'median';
    const attempts = await raceForAgreement({
      candidates: ranked,
      method,
      params,
      k,
      revertsAnswer: rule.kind === 'state' || median,
      deficit: median ? medianDeficit(k) : identicalDeficit(k),
    });
    // 5. Verdict; a confirmed answer marks every source that said otherwise as disagreeing.
    const verdict = median ? medianVerdict(attempts, k, rule.middle ?? 'lower') : identicalVerdict(attempts, k);
    if (verdict.status === 'confirmed' && !median) {
      for (const a of attempts)
        if (a.answer && !a.answer.isNull && a.answer.key !== verdict.winner) a.source.health.recordDisagreement();
    }
    if (verdict.status === 'unavailable') {
      // Every source rejected the request with the same JSON-RPC error: that error is about the request.
      const codes = attempts.filter((a) => a.state === 'failed').map((a) => a.error!);
      const first = codes[0];
      if (first && codes.every((e) => e.kind === 'rpc-error' && e.code === first.code)) {
        verdict.error = { code: first.code ?? -32603, message: first.shortMessage, data: first.data };
      }
    }
    return result(method, rule, verdict, evidenceFor(attempts, verdict, needsHead), anchor);
  }

  async function proveEach(req: RpcRequest): Promise<Record<string, SourceProofCheck>> {
    const anchor = head.anchor();
    const rule = agreementRule(req.method);
    const pin = pinParams(rule, Array.isArray(req.params) ? [...req.params] : [], anchor?.number ?? null);
    if (!verify || !anchor || !head.agreedNow() || pin.needsHead !== anchor.number) return {};
    const { localCallTimeLimitMs } = parameters;
    const prover = proverFor(req.method, pin.params, { chainId, anchor, localCallTimeLimitMs });
    if (!prover) return {};
    return verifier.checkEach(prover);
  }

  function headResult(method: string, rule: AgreementRule, anchor: Anchor | null): QuorumResult {
    if (!anchor) return result(method, rule, unavailable(), evidenceFor([], unavailable(), null), null);
    const verdict: Verdict = {
      status: anchor.confirmed ? 'confirmed' : 'unconfirmed',
      value: numberToHex(anchor.number),
      agreeing: anchor.confirmations,
      winner: null,
    };
    const evidence = sources.all().map((s): SourceEvidence => {
      const base = { id: s.config.id, operator: s.config.operator, url: s.config.url, latencyMs: null };
      const h = s.health.head();
      if (!s.config.enabled) return { ...base, status: 'skipped' };
      if (s.health.chainOk() === false) return { ...base, status: 'wrong-chain' };
      if (h === null) return { ...base, status: 'error' };
      return { ...base, status: h >= anchor.number ? 'agree' : 'stale', value: numberToHex(h) };
    });
    return result(method, rule, verdict, evidence, anchor);
  }

  async function broadcast(method: string, rule: AgreementRule, params: unknown[], anchor: Anchor | null) {
    const raw = params[0];
    if (typeof raw !== 'string' || !isHex(raw) || raw.length < 4) {
      const verdict: Verdict = {
        status: 'unavailable',
        value: null,
        agreeing: 0,
        winner: null,
        error: { code: -32602, message: 'eth_sendRawTransaction needs the signed transaction as hex' },
      };
      return result(method, rule, verdict, [], anchor);
    }
    // Every healthy source; if none is healthy, every enabled source on the right chain.
    const healthy = usable();
    const targets = healthy.length > 0 ? healthy : sources.enabled().filter((s) => s.health.chainOk() !== false);
    const { attempts, verdict } = await broadcastRawTransaction({ sources: targets, raw, k });
    return result(method, rule, verdict, evidenceFor(attempts, verdict, null), anchor);
  }

  function evidenceFor(
    attempts: Parameters<typeof buildEvidence>[0]['attempts'],
    verdict: Verdict,
    needsHead: number | null,
  ) {
    return buildEvidence({ sources: sources.all(), attempts, verdict, needsHead });
  }

  function recordDegradation(r: QuorumResult) {
    const record: DegradationRecord = {
      at: now(),
      method: r.evidence.method,
      status: r.status,
      agreeing: r.evidence.agreeing,
      quorum: r.evidence.quorum,
      sources: r.evidence.sources,
    };
    degradations.push(record);
    if (degradations.length > DEGRADATIONS_KEPT) degradations.shift();
    for (const listener of degradedListeners) listener(record);
  }

  return {
    chainId,
    request: request as QuorumClient['request'],
    async requestForDapp(req) {
      return applyDappPolicy(await request(req), { strict, onDegraded: recordDegradation });
    },
    health: () => sources.all().map((s) => s.health.snapshot(s.config)),
    anchor: () => head.anchor(),
    refreshHead: () => head.refresh(),
    sourcesAnswered: () => head.answered(),
    setSources(next) {
      sources.set(next);
      void head.refresh().catch(() => {});
    },
    setQuorum(quorum) {
      k = checkQuorum(quorum);
      cache.clear();
    },
    setStrict(value) {
      strict = value;
    },
    onHead(listener) {
      return head.onHead(listener);
    },
    proveEach,
    async simulate(transactions, options = {}) {
      const anchor = await head.current();
      return simulateTransaction({
        chainId,
        anchor,
        agreedNow: head.agreedNow(),
        verifier,
        transactions: Array.isArray(transactions) ? transactions : [transactions as TransactionToSimulate],
        watch: options.watch,
      });
    },
    degradations: () => [...degradations],
    onDegraded(listener) {
      degradedListeners.add(listener);
      return () => degradedListeners.delete(listener);
    },
    close() {
      closed = true;
      sources.close();
    },
  };
}

function unavailable(): Verdict {
  return { status: 'unavailable', value: null, agreeing: 0, winner: null };
}

function checkQuorum(quorum: number): number {
  if (!Number.isInteger(quorum) || quorum < 2) {
    throw new QuorumConfigError(`Quorum must be a whole number of at least 2, not ${quorum}.`, {
      metaMessages: ['One source alone can never confirm a value.'],
    });
  }
  return quorum;
}

/** eth_getBalance through the quorum, as a bigint (null when no value can be given). */
export async function readBalance(
  client: Pick<QuorumClient, 'request'>,
  address: Address,
  options: { blockNumber?: bigint | number | undefined } = {},
): Promise<QuorumResult<bigint>> {
  const block = options.blockNumber === undefined ? 'latest' : numberToHex(options.blockNumber);
  const r = await client.request<`0x${string}`>({ method: 'eth_getBalance', params: [address, block] });
  const value = typeof r.value === 'string' && isHex(r.value) ? hexToBigInt(r.value) : null;
  return { ...r, value } as QuorumResult<bigint>;
}
