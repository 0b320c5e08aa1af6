#!/usr/bin/env node
// `accord` CLI entry. Node 20 cannot run TypeScript, so jiti loads lib/cli/accord.ts on the fly.
import { createJiti } from 'jiti';

const jiti = createJiti(import.meta.url);
const { main } = await jiti.import('../lib/cli/accord.ts');
const code = await main(process.argv.slice(2));
// Exit once output is flushed: sockets of sources that never answered must not keep the process alive.
process.stdout.write('', () => process.exit(code));
