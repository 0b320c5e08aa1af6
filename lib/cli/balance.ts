import { formatEther, numberToHex } from 'viem';
import { catalogChain } from '../rpc/catalog';
import type { ConsensusHeadSource } from '../rpc/head';
import { createQuorumClient } from '../rpc/quorum';
import {
  type HeaderBasis,
  isEstablished,
  type QuorumStatus,
  type SourceEvidence,
  unagreedHeaderLine,
  verifiedLine,
} from '../rpc/types';
import type { BalanceOptions } from './args';
import { detectChainId } from './chain';
import { runConsensusBalance } from './consensus-balance';
import { nameWrongChains, unconfirmedReason } from './explain';
import { decimal, ms, table } from './format';

// `accord balance <address> --rpc URL ...`: one quorum read, printed with its evidence.

export type BalanceReport = {
  chainId: number | null;
  address: string;
  block: { number: number; hash: string | null } | null;
  /** The block's header was reported alike by `agreeing` of the `operators` that answered. */
  header: { agreeing: number; operators: number } | null;
  /** Who vouched for the header (with --beacon: the sync committee, or why not). */
  basis?: HeaderBasis;
  stateRoot?: string;
  status: QuorumStatus;
  /** Not confirmed: why, from what the sources said. */
  reason?: string;
  value: string | null;
  agreeing: number;
  quorum: number;
  sources: {
    url: string;
    status: SourceEvidence['status'];
    value: string | null;
    latencyMs: number | null;
    error?: string;
    /** Its proof for this read, when it was asked for one. */
    proof?: 'valid' | 'invalid' | 'unsupported';
  }[];
};

export type Output = { out: (text: string) => void };

export async function runBalance(
  options: BalanceOptions,
  io: Output & { err: (text: string) => void },
): Promise<number> {
  if (options.consensus) return runConsensusBalance({ ...options, consensus: options.consensus }, io);
  const report = await explainReport(await readBalanceReport(options), options);
  io.out(options.json ? JSON.stringify(report) : render(report));
  return isEstablished(report.status) ? 0 : 1;
}

export async function readBalanceReport(
  options: BalanceOptions,
  consensusHead?: ConsensusHeadSource,
): Promise<BalanceReport> {
  const { sources, quorum, address, timeoutMs, block, verify } = options;
  // 1. The chain: as given, or the one most operators report.
  const chainId = options.chainId ?? (await detectChainId(sources, timeoutMs));
  const empty = (status: SourceEvidence['status'], error?: string) =>
    sources.map((s) => ({ url: s.url, status, value: null, latencyMs: null, ...(error ? { error } : {}) }));
  if (chainId === null) {
    return {
      chainId,
      address,
      block: null,
      header: null,
      status: 'unavailable',
      value: null,
      agreeing: 0,
      quorum,
      sources: empty('error', 'no answer to eth_chainId'),
    };
  }

  const client = createQuorumClient({ chainId, sources, quorum, timeoutMs, verify, consensusHead });
  try {
    // 2. The balance at the anchor (or at the block asked for), and that block's hash.
    await client.refreshHead();
    const blockTag = block === null ? 'latest' : numberToHex(block);
    const result = await client.request({ method: 'eth_getBalance', params: [address, blockTag] });
    let blockInfo: BalanceReport['block'] = null;
    if (block === null) {
      const anchor = result.evidence.anchor;
      blockInfo = anchor ? { number: anchor.number, hash: anchor.hash } : null;
    } else {
      const header = await client.request({ method: 'eth_getBlockByNumber', params: [blockTag, false] });
      const hash = (header.value as { hash?: string } | null)?.hash ?? null;
      blockInfo = { number: block, hash };
    }
    const anchor = result.evidence.anchor;
    return {
      chainId,
      address,
      block: blockInfo,
      header: block === null && anchor ? { agreeing: anchor.confirmations, operators: anchor.voters } : null,
      ...(anchor?.basis ? { basis: anchor.basis, stateRoot: anchor.stateRoot } : {}),
      status: result.status,
      ...(result.evidence.capped === 'header-unconfirmed' && anchor
        ? { reason: unagreedHeaderLine({ number: anchor.number, agreed: agreedOf(anchor) }) }
        : {}),
      value: result.status === 'conflict' ? null : decimal(result.value),
      agreeing: result.evidence.agreeing,
      quorum,
      sources: result.evidence.sources.map((s) => ({
        url: s.url,
        status: s.status,
        value: decimal(s.value),
        latencyMs: s.latencyMs,
        ...(s.error ? { error: `${s.error.kind}: ${s.error.message}` } : {}),
        ...(s.proof ? { proof: s.proof } : {}),
      })),
    };
  } finally {
    client.close();
  }
}

const agreedOf = (anchor: { confirmations: number; voters: number }) => ({
  agreeing: anchor.confirmations,
  operators: anchor.voters,
});

async function explainReport(report: BalanceReport, options: BalanceOptions): Promise<BalanceReport> {
  if (isEstablished(report.status) || report.chainId === null || report.reason) return report;
  const sources = await nameWrongChains(report.sources, options.sources, report.chainId, options.timeoutMs);
  const reason = unconfirmedReason(sources, report.chainId);
  return { ...report, sources, ...(reason ? { reason } : {}) };
}

const STATUS_TEXT: Record<QuorumStatus, string> = {
  verified: 'verified: its Merkle proof checked against the agreed header',
  confirmed: 'confirmed',
  conflict: 'CONFLICT: sources disagree, no value is shown',
  unconfirmed: 'unconfirmed: fewer sources answered than the quorum needs',
  unavailable: 'unavailable: no source answered',
};

function statusLine(report: BalanceReport): string {
  const header = report.header
    ? `header agreed by ${report.header.agreeing} of ${report.header.operators} operators`
    : '';
  if (report.status === 'verified' && report.basis && report.block) {
    return verifiedLine({ number: report.block.number, basis: report.basis, agreed: report.header });
  }
  if (report.status === 'verified') return `${STATUS_TEXT.verified} (${header})`;
  const text = report.reason ? `${report.status}: ${report.reason}` : STATUS_TEXT[report.status];
  return `${text} (${report.agreeing} agreeing, quorum ${report.quorum}${header ? `; ${header}` : ''})`;
}

export function render(report: BalanceReport): string {
  const symbol = (report.chainId !== null && catalogChain(report.chainId)?.symbol) || 'ETH';
  const value = report.value === null ? '-' : `${formatEther(BigInt(report.value))} ${symbol} (${report.value} wei)`;
  const at = report.block
    ? `block ${report.block.number}${report.block.hash ? ` (${report.block.hash})` : ''}`
    : 'no block';
  const lines = [
    `Address  ${report.address}`,
    `Chain    ${report.chainId ?? '-'}, ${at}`,
    `Balance  ${value}`,
    `Status   ${statusLine(report)}`,
    '',
    table(
      ['SOURCE', 'STATUS', 'PROOF', 'LATENCY', 'VALUE (wei)', 'ERROR'],
      report.sources.map((s) => [s.url, s.status, s.proof ?? '-', ms(s.latencyMs), s.value ?? '-', s.error ?? '']),
    ),
  ];
  return lines.join('\n');
}
