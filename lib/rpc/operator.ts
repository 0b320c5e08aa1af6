import { getDomain } from 'tldts';
import type { SourceConfig } from './types';

// Who runs a source, for counting agreement. Two sources are one operator when the user gave them the
// same operator label, or when their URLs belong to the same party: the same registrable domain (by the
// Public Suffix List, private suffixes included, so a.github.io and b.github.io stay apart), whatever
// their labels and subdomains. An IP address is its own operator; on loopback every endpoint (address
// and port) is, since those are the user's own machine.

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\./.test(host);
}

/** The party a URL belongs to, from the URL alone. */
export function hostOperator(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `url:${url}`;
  }
  const host = parsed.hostname.toLowerCase();
  if (isLoopback(host)) return `loopback:${host}:${parsed.port}`;
  if (IPV4.test(host) || host.startsWith('[')) return `ip:${host}`;
  return `domain:${getDomain(host, { allowPrivateDomains: true }) ?? host}`;
}

/** The party a URL belongs to, as a person reads it: example.org, 10.0.0.1, 127.0.0.2:8545. */
export function operatorName(url: string): string {
  return hostOperator(url).replace(/^(domain|ip|loopback|url):/, '');
}

/**
 * One key per operator for a list of sources: sources sharing a label or a host operator (transitively)
 * get the same key. Keyed by source id.
 */
export function resolveOperators(
  configs: readonly Pick<SourceConfig, 'id' | 'url' | 'operator'>[],
): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(x, root);
    return root;
  };
  const join = (a: string, b: string) => {
    for (const x of [a, b]) if (!parent.has(x)) parent.set(x, x);
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(rb, ra);
  };
  for (const config of configs) join(`label:${config.operator}`, hostOperator(config.url));
  const keys = new Map<string, string>();
  for (const config of configs) keys.set(config.id, find(`label:${config.operator}`));
  return keys;
}

/** The operator a source counts as towards k. Every place that counts operators uses this. */
export function operatorKey(source: { config: SourceConfig; operatorKey?: string | undefined }): string {
  return source.operatorKey ?? `label:${source.config.operator}`;
}
