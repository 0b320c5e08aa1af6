import { createSourceHealthTracker } from '../rpc/health';
import { resolveOperators } from '../rpc/operator';
import { BREAKER_LABELS, SOURCE_STATE_LABELS, type SourceState, sourceCondition } from '../rpc/source-condition';
import { createSourceTransport, SourceRequestError } from '../rpc/transport-http';
import type { SourceConfig, SourceHealth } from '../rpc/types';
import { type AnswerCheck, checkAnswers } from './answer-check';
import type { SourcesOptions } from './args';
import type { Output } from './balance';
import { detectChainId } from './chain';
import { ms, table } from './format';

// `accord sources --rpc URL ...`: each source's chain id, head, latency and health, from three probes, and
// whether its answers hold up: one account's balance at the agreed block, proven against the header k
// operators agree on (answer-check.ts). States and their reasons are the popup's (lib/rpc/source-condition),
// so a source has one name everywhere, and a source that answered wrong is degraded here as it is there.

const ROUNDS = 3;

export type SourceReport = {
  url: string;
  chainId: number | null;
  head: number | null;
  lag: number | null;
  latencyMs: number | null;
  /** As the popup's source list says it: healthy, degraded, open, half-open, wrong-chain, unknown. */
  status: SourceState;
  /** Why the status is not healthy. */
  reason?: string;
  error?: string;
  health: SourceHealth;
};

export type SourcesReport = {
  chainId: number | null;
  quorum: number;
  agreedHead: number | null;
  /** The balance every source was asked for, and how it was established; null without an agreed head. */
  answers: AnswerCheck | null;
  sources: SourceReport[];
};

export async function runSources(options: SourcesOptions, io: Output): Promise<number> {
  const report = await readSourcesReport(options);
  io.out(options.json ? JSON.stringify(report) : render(report));
  // Operators as the wallet counts them: one label, registrable domain or IP (loopback: address and port).
  const operators = resolveOperators(options.sources);
  const healthy = new Set(
    report.sources.flatMap((s, i) => (s.status === 'healthy' ? [operators.get(options.sources[i].id)!] : [])),
  );
  return healthy.size >= options.quorum ? 0 : 1;
}

async function probe(source: SourceConfig, chainId: number | null, timeoutMs: number) {
  const health = createSourceHealthTracker({ now: () => Date.now() });
  const transport = createSourceTransport({ url: source.url, timeoutMs, onHttpResponse: (r) => health.recordHttp(r) });
  let reported: number | null = null;
  let head: number | null = null;
  let error: SourceRequestError | null = null;
  try {
    for (let round = 0; round < ROUNDS; round++) {
      try {
        const [chain, block] = await Promise.all([
          transport.request('eth_chainId', []),
          transport.request('eth_getBlockByNumber', ['latest', false]),
        ]);
        reported = toNumber(chain.result);
        head = toNumber((block.result as { number?: unknown } | null)?.number);
        if (reported !== null && chainId !== null) health.setChain(reported, chainId);
        error = null;
      } catch (e) {
        error =
          e instanceof SourceRequestError
            ? e
            : new SourceRequestError({ kind: 'bad-json', message: String(e), latencyMs: 0 });
        if (error.kind === 'timeout') break; // once is enough to know
      }
    }
  } finally {
    transport.close();
  }
  return { source, health, reported, head, error };
}

export async function readSourcesReport(options: SourcesOptions): Promise<SourcesReport> {
  const chainId = options.chainId ?? (await detectChainId(options.sources, options.timeoutMs));
  const operators = resolveOperators(options.sources);
  const probes = await Promise.all(options.sources.map((s) => probe(s, chainId, options.timeoutMs)));
  // The agreed head, as the engine computes it: the highest block `quorum` operators on the chain reached.
  const best = new Map<string, number>();
  for (const p of probes) {
    if (p.head === null || p.reported !== chainId || p.error) continue;
    const operator = operators.get(p.source.id)!;
    best.set(operator, Math.max(best.get(operator) ?? -1, p.head));
  }
  const heads = [...best.values()].sort((a, b) => b - a);
  const agreedHead = heads.length > 0 ? heads[Math.min(options.quorum, heads.length) - 1] : null;

  // Answers, judged as the wallet judges a read, from the sources on the chain that reached the agreed head.
  const judged = probes.filter(
    (p) => !p.error && p.reported === chainId && p.head !== null && agreedHead !== null && p.head >= agreedHead,
  );
  const { check, disagreed } =
    agreedHead === null
      ? { check: null, disagreed: new Map<string, string>() }
      : await checkAnswers({
          sources: judged.map((p) => p.source),
          operators,
          block: agreedHead,
          quorum: options.quorum,
          address: options.address,
          timeoutMs: options.timeoutMs,
          onHttp: (id) => (report) => judged.find((p) => p.source.id === id)!.health.recordHttp(report),
        });
  for (const p of judged) if (disagreed.has(p.source.id)) p.health.recordDisagreement();

  const sources = probes.map((p): SourceReport => {
    p.health.setHead(p.head, agreedHead);
    const health = p.health.snapshot(p.source);
    const base = {
      url: p.source.url,
      chainId: p.reported,
      head: p.head,
      lag: health.lag,
      latencyMs: health.latency.p50,
      health,
    };
    const condition = sourceCondition(health);
    const said = disagreed.get(p.source.id);
    const reason = condition.reason && said ? `${condition.reason}: ${said}` : condition.reason;
    const state = condition.state;
    const described = { ...base, status: state, ...(reason ? { reason } : {}) };
    if (p.error) {
      // The last round failed: whatever earlier rounds showed, the source is not healthy now.
      const status = state === 'healthy' || state === 'unknown' ? 'degraded' : state;
      const error = `${p.error.kind}: ${p.error.shortMessage}`;
      return { ...described, status, reason: reason ?? `last request failed: ${error}`, error };
    }
    if (p.reported !== chainId) {
      return { ...described, status: 'wrong-chain', reason: `answers for chain ${p.reported ?? 'unknown'}` };
    }
    return described;
  });
  return { chainId, quorum: options.quorum, agreedHead, answers: check, sources };
}

function render(report: SourcesReport): string {
  const rows = report.sources.map((s) => [
    s.url,
    s.chainId === null ? '-' : String(s.chainId),
    s.head === null ? '-' : String(s.head),
    s.lag === null ? '-' : String(s.lag),
    ms(s.latencyMs),
    `${Math.round(s.health.errorRate * 100)}%`,
    BREAKER_LABELS[s.health.breaker.state],
    SOURCE_STATE_LABELS[s.status],
    s.reason ?? s.error ?? '',
  ]);
  return [
    `Chain ${report.chainId ?? '-'}, agreed head ${report.agreedHead ?? '-'} (quorum ${report.quorum})`,
    '',
    table(['SOURCE', 'CHAIN', 'HEAD', 'LAG', 'LATENCY', 'ERRORS', 'BREAKER', 'STATUS', 'DETAIL'], rows),
    '',
    answersLine(report.answers),
  ].join('\n');
}

function answersLine(check: AnswerCheck | null): string {
  if (!check) return 'Answers not judged: no head was agreed.';
  const what = check.address ? `${check.address}'s balance at block ${check.block}` : `block ${check.block}`;
  const established =
    check.balance === null
      ? 'nothing established'
      : `${check.balance} wei, ${check.basis === 'proof' ? 'proven against the agreed header' : 'confirmed by agreement'}`;
  return `Answers judged on ${what} (${established}).${check.note ? ` Note: ${check.note}.` : ''}`;
}

function toNumber(value: unknown): number | null {
  return typeof value === 'string' && /^0x[0-9a-f]+$/i.test(value) ? Number.parseInt(value, 16) : null;
}
