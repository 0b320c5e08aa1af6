// `npm run bench [-- section ...] [-- --markdown]`: runs benchmark sections and prints their tables.
// A section is a function returning a BenchReport; add yours to SECTIONS (vault unlock, popup open
// time, bundle sizes, ...). Not a timed test: it prints what it measured.
import { benchConsensus } from './bench/consensus';
import { benchPopup } from './bench/popup';
import { benchPreview } from './bench/preview';
import { benchQuorum } from './bench/quorum';
import { type BenchReport, renderReport } from './bench/report';
import { benchVault } from './bench/vault';

export type BenchSection = { name: string; description: string; run: () => Promise<BenchReport> };

export const SECTIONS: BenchSection[] = [
  {
    name: 'quorum',
    description:
      'Accord verified and agreement-only reads vs ethers FallbackProvider vs viem fallback vs one viem http source, on the devnet',
    run: benchQuorum,
  },
  {
    name: 'preview',
    description: 'Transaction previews simulated over proven state: time to ready and HTTP requests per preview',
    run: benchPreview,
  },
  {
    name: 'vault',
    description: 'Vault create and unlock at the production key-derivation cost',
    run: benchVault,
  },
  {
    name: 'consensus',
    description:
      'Light client: one period update and one finality update verified, background restart → verified head, bundle bytes',
    run: benchConsensus,
  },
  {
    name: 'popup',
    description:
      'Popup open → verified balances visible (warm and after a worker stop), address exposure, bundle sizes',
    run: benchPopup,
  },
];

async function main(argv: string[]): Promise<number> {
  const markdown = argv.includes('--markdown');
  const wanted = argv.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((name) => !SECTIONS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`bench: unknown section ${unknown.join(', ')} (known: ${SECTIONS.map((s) => s.name).join(', ')})`);
    return 2;
  }
  const chosen = wanted.length > 0 ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
  let failed = 0;
  for (const section of chosen) {
    console.log(`\n== ${section.name}: ${section.description}\n`);
    const started = performance.now();
    try {
      const report = await section.run();
      console.log(renderReport(report, markdown ? 'markdown' : 'text'));
      console.log(`\n(${section.name} took ${((performance.now() - started) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      console.error(`bench: section ${section.name} failed:`, error);
    }
  }
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
