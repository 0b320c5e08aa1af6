// What the network screen says about the light client: one status line, then its numbers.
import type { LightClientView } from '../messages/popup-api';
import { formatAgo } from './format';

export function lightClientStatus(view: LightClientView): string {
  switch (view.state) {
    case 'running':
      return view.optimistic ? `Running · verified block ${view.optimistic.block}` : 'Running';
    case 'syncing':
      return 'Syncing with the beacon sources…';
    case 'failed':
      return `Not verifying: ${view.problem ?? 'it failed'}${view.check ? ` (check: ${view.check})` : ''}`;
    case 'off':
      return view.problem ? `Not running: ${view.problem}` : 'Not running.';
  }
}

/** Label and value rows for the numbers that are known. */
export function lightClientFacts(view: LightClientView, now: number): [string, string][] {
  const rows: [string, string][] = [];
  if (view.period !== null) rows.push(['Sync-committee period', String(view.period)]);
  if (view.finalized) rows.push(['Finalized', `slot ${view.finalized.slot} · block ${view.finalized.block}`]);
  if (view.optimistic) rows.push(['Optimistic head', `slot ${view.optimistic.slot} · block ${view.optimistic.block}`]);
  if (view.participation !== null) rows.push(['Participation', `${view.participation} of 512 signed`]);
  if (view.lastUpdateAt !== null) rows.push(['Last update', formatAgo(view.lastUpdateAt, now)]);
  const checks = (['period', 'finality', 'optimistic'] as const)
    .filter((kind) => view.checkMs[kind] !== undefined)
    .map((kind) => `${kind} ${view.checkMs[kind]!.toFixed(0)} ms`);
  if (checks.length > 0) rows.push(['Checked in', checks.join(' · ')]);
  return rows;
}
