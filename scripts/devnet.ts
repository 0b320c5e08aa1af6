// `npx jiti scripts/devnet.ts`: the five-source devnet of `npm start` on its fixed ports, without a browser.
// alpha, bravo and charlie are honest and run by different operators; zero reports zero balances; down is down.
// Ctrl-C stops everything.
import { type Behaviour, startDevnet } from '../tests/fixtures/devnet';
import { DEFAULT_DEVNET_PORTS, DEFAULT_DEVNET_SOURCES } from './devnet-build-config';

const DEFAULT_CONTROL_PORT = 18600;
const behaviourOf: Record<string, Behaviour> = { zero: 'zero', down: 'down' };

const devnet = await startDevnet({
  anvilPort: DEFAULT_DEVNET_PORTS.anvil,
  controlPort: Number(process.env.ACCORD_DEVNET_CONTROL_PORT ?? DEFAULT_CONTROL_PORT),
  deployToken: true,
  sources: DEFAULT_DEVNET_SOURCES.map((source) => ({
    id: source.id,
    operator: source.operator,
    behaviour: behaviourOf[source.id] ?? 'honest',
    port: Number(new URL(source.url).port),
    host: new URL(source.url).hostname,
  })),
});

console.log(`anvil    ${devnet.anvilUrl}  (chain ${devnet.chainId})`);
for (const source of devnet.sourceList) {
  console.log(`source   ${source.id.padEnd(8)} ${source.url}  ${source.operator}, ${source.behaviour}`);
}
console.log(`control  ${devnet.controlUrl}  (POST /setBehaviour ["down","honest"], /counts, /mine [3], ...)`);
console.log(`token    ${devnet.tokenAddress}  (ATT, 1,000,000 on account 0)`);
console.log('accounts "test test test test test test test test test test test junk"');
console.log('Press Ctrl-C to stop.');

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await devnet.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
