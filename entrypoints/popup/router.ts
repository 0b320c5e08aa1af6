// A tiny hash router: `#/approval/<id>` is the approval window; everything else is a popup screen.
import { useSyncExternalStore } from 'react';

export interface Route {
  /** Path without the leading '#', e.g. '/compare/native'. */
  path: string;
  /** Path segments, e.g. ['compare', 'native']. */
  segments: string[];
  query: URLSearchParams;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const currentHash = () => window.location.hash;

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?');
  const path = pathPart.startsWith('/') ? pathPart : `/${pathPart}`;
  return {
    path,
    segments: path.split('/').filter(Boolean).map(decodeURIComponent),
    query: new URLSearchParams(queryPart),
  };
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, currentHash, currentHash);
  return parseRoute(hash);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
