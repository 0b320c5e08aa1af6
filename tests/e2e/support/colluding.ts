// The seed incident on the browser tests' devnet: bravo joins the zero source (one broken backend behind two
// hosts, both answering at once) while the honest operators answer 60 ms later. Restores every source after.
import { connectDevnetControl } from '../../fixtures/devnet';

export type DevnetEnv = { controlUrl: string; sources: { id: string }[] };

const HONEST_SLOWED = ['alpha-1', 'alpha-2', 'alpha-3', 'charlie'];

export function defaultBehaviour(id: string): 'honest' | 'zero' | 'down' {
  return id === 'zero' ? 'zero' : id === 'down' ? 'down' : 'honest';
}

export async function withColludingZeroSources<T>(
  env: DevnetEnv,
  run: (devnet: ReturnType<typeof connectDevnetControl>, anvilUrl: string) => Promise<T>,
): Promise<T> {
  const devnet = connectDevnetControl(env.controlUrl);
  const { anvilUrl } = await devnet.info();
  await devnet.setBehaviour('bravo', 'zero');
  for (const id of HONEST_SLOWED) await devnet.setBehaviour(id, 'slow', { delayMs: 60 });
  try {
    return await run(devnet, anvilUrl);
  } finally {
    for (const source of env.sources) await devnet.setBehaviour(source.id, defaultBehaviour(source.id));
  }
}
