// One spelling per endpoint, so "http://Host:80/rpc/" and "http://host/rpc" count as the same source.

/** Why a URL cannot be a source, as a sentence; null when it can. */
export function sourceUrlProblem(url: unknown): string | null {
  if (typeof url !== 'string' || !url.trim()) return 'Enter the source URL.';
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return `${url.trim().slice(0, 200)} is not a URL. A source URL looks like https://rpc.example.org.`;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `Only http(s) URLs can be sources; ${parsed.protocol.replace(/:$/, '')} is not supported.`;
  }
  if (parsed.username || parsed.password) return 'Put no user name or password in a source URL.';
  return null;
}

/**
 * The URL a source is stored and compared under: scheme and host in lower case (URL does that), no default
 * port, no trailing slash, no fragment. Query strings stay: some providers put the API key there.
 */
export function normaliseSourceUrl(url: string): string {
  const parsed = new URL(url.trim());
  parsed.hash = '';
  const path = parsed.pathname.replace(/\/+$/, '');
  return `${parsed.protocol}//${parsed.host}${path}${parsed.search}`;
}

/** Whether two source URLs name the same endpoint (unparseable URLs compare as typed). */
export function sameSourceUrl(a: string, b: string): boolean {
  try {
    return normaliseSourceUrl(a) === normaliseSourceUrl(b);
  } catch {
    return a.trim() === b.trim();
  }
}
