// Starts the devnet (real anvil behind fault-injecting endpoints) and the demo dapp, then builds
// both development extensions with those endpoints as the "Local devnet" network.
import type { TestProject } from 'vitest/node';
import { serveDapp } from '../../fixtures/dapp/server';
import { startDevnet } from '../../fixtures/devnet';
import { buildDevExtensions, CHROME_DEV_DIR, FIREFOX_DEV_DIR } from './build';

export interface E2eEnvironment {
  controlUrl: string;
  dappUrl: string;
  secondDappUrl: string;
  chromeDir: string;
  firefoxDir: string;
  sources: { id: string; url: string; operator: string }[];
  tokenAddress: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    accord: E2eEnvironment;
  }
}

/** Sources as the wallet sees them: 3 honest operators (one runs three endpoints), a zero one, a dead one. */
export const E2E_SOURCES = [
  { id: 'alpha-1', operator: 'Alpha Cloud', behaviour: 'honest' },
  { id: 'alpha-2', operator: 'Alpha Cloud', behaviour: 'honest' },
  { id: 'alpha-3', operator: 'Alpha Cloud', behaviour: 'honest' },
  { id: 'bravo', operator: 'Bravo Hosting', behaviour: 'honest' },
  { id: 'charlie', operator: 'Charlie Nodes', behaviour: 'honest' },
  { id: 'zero', operator: 'Zero Networks', behaviour: 'zero' },
  { id: 'down', operator: 'Down Infra', behaviour: 'down' },
] as const;

export default async function setup(project: TestProject) {
  const devnet = await startDevnet({ sources: E2E_SOURCES.map((s) => ({ ...s })), deployToken: true });
  const dapp = await serveDapp({});
  const secondDapp = await serveDapp({});
  const sources = devnet.sourceList.map(({ id, url, operator }) => ({ id, url, operator }));
  buildDevExtensions(sources);
  project.provide('accord', {
    controlUrl: devnet.controlUrl,
    dappUrl: dapp.url,
    secondDappUrl: secondDapp.url,
    chromeDir: CHROME_DEV_DIR,
    firefoxDir: FIREFOX_DEV_DIR,
    sources,
    tokenAddress: (devnet as { tokenAddress?: string }).tokenAddress ?? null,
  });
  return async () => {
    await Promise.allSettled([dapp.stop(), secondDapp.stop()]);
    await devnet.stop();
  };
}
