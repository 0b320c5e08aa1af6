import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { capella, capellaBeaconData } from '../../tests/fixtures/beacon/recorded';
import { BEACON_HOST, startBeaconServer } from '../../tests/fixtures/beacon/server';
import { BeaconClient } from './beacon-client';
import { MAINNET } from './config';
import { ConsensusError } from './errors';

// The beacon-API client on its own: none found, a dropped connection, a hung source, every attempt named.

const servers: { stop: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A node that drops the first connection without an answer, then serves the bootstrap. */
async function droppingNode(): Promise<{ url: string; hits: () => number }> {
  let hits = 0;
  const bootstrap = JSON.stringify(capella.bootstrap());
  const server: Server = createServer((req, res) => {
    hits++;
    if (hits === 1) return req.socket.destroy();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(bootstrap);
  });
  await new Promise<void>((resolve) => server.listen(0, BEACON_HOST, resolve));
  servers.push({
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return { url: `http://${BEACON_HOST}:${(server.address() as AddressInfo).port}`, hits: () => hits };
}

describe('BeaconClient', () => {
  it('returns null when every source answers 404', async () => {
    const a = await startBeaconServer({ data: {} });
    const b = await startBeaconServer({ data: {} });
    servers.push(a, b);
    const client = new BeaconClient({ urls: [a.url, b.url], config: MAINNET });
    expect(await client.finalityUpdate((u) => u)).toBeNull();
    expect([a.requests, b.requests]).toEqual([
      ['/eth/v1/beacon/light_client/finality_update'],
      ['/eth/v1/beacon/light_client/finality_update'],
    ]);
  });

  it('retries once on a connection dropped before any answer', async () => {
    const node = await droppingNode();
    const client = new BeaconClient({ urls: [node.url], config: MAINNET });
    const slot = await client.bootstrap(capella.checkpoint, (b) => b.header.beacon.slot);
    expect(slot).toBe(7069376);
    expect(node.hits()).toBe(2);
  });

  it('a hung source times out; the error names every source and what it did', async () => {
    const hung = await startBeaconServer({ data: {}, behaviour: 'hang' });
    const failing = await startBeaconServer({ data: capellaBeaconData(), behaviour: 'error' });
    servers.push(hung, failing);
    const client = new BeaconClient({ urls: [hung.url, failing.url], config: MAINNET, timeoutMs: 300 });
    const error = await client.finalityUpdate((u) => u).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsensusError);
    expect((error as ConsensusError).check).toBe('source');
    expect((error as ConsensusError).metaMessages).toEqual([
      `${hung.url}: no answer within 300 ms`,
      `${failing.url}: HTTP 500`,
    ]);
  });
});
