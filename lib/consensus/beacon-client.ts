import type { ChainConfig } from './config';
import {
  type Bootstrap,
  bootstrapFromJson,
  bootstrapFromSsz,
  parseFork,
  type Update,
  type UpdateKind,
  updateFromJson,
  updateFromSsz,
  updatesFromSszResponse,
} from './containers';
import { ConsensusError } from './errors';

// Beacon-API light-client routes over several beacon nodes. What they serve verifies itself, so any one
// honest node suffices: each step goes to the sources in turn until one answers with data that decodes
// and passes the caller's check. Every answer is bounded in bytes and time.

export type BeaconClientParameters = {
  urls: readonly string[];
  config: ChainConfig;
  timeoutMs?: number;
  /** Largest answer accepted (a period's update is ~27 KB, a block a few hundred KB). */
  maxBytes?: number;
  fetch?: typeof fetch;
};

export type BeaconAttempt = { url: string; error: string };

type Answer = { status: number; contentType: string; version: string | null; body: Uint8Array };

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const ACCEPT = 'application/octet-stream;q=1.0,application/json;q=0.9';

export class BeaconClient {
  private readonly urls: readonly string[];
  private readonly config: ChainConfig;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly fetchFn: typeof fetch;
  /** The source that answered last is asked first next time. */
  private preferred = 0;

  constructor(parameters: BeaconClientParameters) {
    if (parameters.urls.length === 0) throw new ConsensusError('source', 'no beacon source configured');
    this.urls = parameters.urls.map((url) => url.replace(/\/+$/, ''));
    this.config = parameters.config;
    this.timeoutMs = parameters.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = parameters.maxBytes ?? DEFAULT_MAX_BYTES;
    this.fetchFn = parameters.fetch ?? fetch;
  }

  /** The bootstrap for a trusted block root; null when every source says it has none (404). */
  bootstrap<T>(root: string, check: (bootstrap: Bootstrap) => T): Promise<T | null> {
    return this.first(`/eth/v1/beacon/light_client/bootstrap/${root}`, (a) => {
      if (a.contentType.includes('json')) {
        const { version, data } = parseJson(a.body) as { version?: unknown; data?: unknown };
        return check(bootstrapFromJson(parseFork(version ?? a.version), data));
      }
      return check(bootstrapFromSsz(parseFork(a.version), a.body));
    });
  }

  updates<T>(startPeriod: number, count: number, check: (updates: Update[]) => T): Promise<T | null> {
    return this.first(`/eth/v1/beacon/light_client/updates?start_period=${startPeriod}&count=${count}`, (a) => {
      if (a.contentType.includes('json')) {
        const list = parseJson(a.body);
        if (!Array.isArray(list) || list.length > count)
          throw new ConsensusError('format', 'updates answer is not a list');
        return check(list.map((item) => updateFromJson('update', parseFork(item?.version), item?.data)));
      }
      const updates = updatesFromSszResponse(this.config, a.body);
      if (updates.length > count) throw new ConsensusError('format', 'more updates than asked for');
      return check(updates);
    });
  }

  finalityUpdate<T>(check: (update: Update) => T): Promise<T | null> {
    return this.single('finality', '/eth/v1/beacon/light_client/finality_update', check);
  }

  optimisticUpdate<T>(check: (update: Update) => T): Promise<T | null> {
    return this.single('optimistic', '/eth/v1/beacon/light_client/optimistic_update', check);
  }

  /** A signed beacon block as SSZ (`head` or a root); null when no source has it. */
  block<T>(id: string, check: (bytes: Uint8Array) => T): Promise<T | null> {
    return this.first(`/eth/v2/beacon/blocks/${id}`, (a) => {
      if (a.contentType.includes('json')) throw new ConsensusError('format', 'block served as JSON, SSZ needed');
      return check(a.body);
    });
  }

  private single<T>(kind: UpdateKind, path: string, check: (update: Update) => T): Promise<T | null> {
    return this.first(path, (a) => {
      if (a.contentType.includes('json')) {
        const { version, data } = parseJson(a.body) as { version?: unknown; data?: unknown };
        return check(updateFromJson(kind, parseFork(version ?? a.version), data));
      }
      return check(updateFromSsz(kind, parseFork(a.version), a.body));
    });
  }

  /**
   * 1. Ask the sources in turn, the last good one first. 2. A 404 from every source is "none" (null).
   * 3. Otherwise the first answer that decodes and passes `use` wins. 4. If none does, throw the
   * verification error of the last source that served data, or a source error naming every attempt.
   */
  private async first<T>(path: string, use: (answer: Answer) => T): Promise<T | null> {
    const attempts: BeaconAttempt[] = [];
    let refusal: ConsensusError | null = null;
    let notFound = 0;
    for (let i = 0; i < this.urls.length; i++) {
      const index = (this.preferred + i) % this.urls.length;
      const url = this.urls[index];
      try {
        const answer = await this.getWithRetry(url + path);
        if (answer.status === 404) {
          notFound++;
          attempts.push({ url, error: 'not found (404)' });
          continue;
        }
        if (answer.status !== 200) throw new Error(`HTTP ${answer.status}`);
        const value = use(answer);
        this.preferred = index;
        return value;
      } catch (error) {
        if (error instanceof ConsensusError && error.check !== 'source') refusal = error;
        attempts.push({ url, error: (error as Error).message.split('\n')[0] });
      }
    }
    if (notFound === this.urls.length) return null;
    if (refusal) throw refusal;
    throw new ConsensusError('source', `no beacon source answered ${path.split('?')[0]}`, {
      metaMessages: attempts.map((a) => `${a.url}: ${a.error}`),
    });
  }

  /**
   * One retry when the connection failed before any answer: a node may close an idle keep-alive
   * connection just as it is reused. A timeout or an HTTP answer is not retried.
   */
  private async getWithRetry(url: string): Promise<Answer> {
    try {
      return await this.get(url);
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      return await this.get(url);
    }
  }

  private async get(url: string): Promise<Answer> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      const response = await this.fetchFn(url, { headers: { accept: ACCEPT }, signal: controller.signal });
      const declared = Number(response.headers.get('content-length') ?? 0);
      if (declared > this.maxBytes) {
        await response.body?.cancel();
        throw new Error(`answer of ${declared} bytes exceeds ${this.maxBytes}`);
      }
      const body = await readBounded(response, this.maxBytes);
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        version: response.headers.get('eth-consensus-version'),
        body,
      };
    } catch (error) {
      if (controller.signal.aborted) throw new Error(`no answer within ${this.timeoutMs} ms`);
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }
}

async function readBounded(response: Response, maxBytes: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      throw new Error(`answer exceeds ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.length;
  }
  return body;
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    throw new ConsensusError('format', 'answer is not JSON');
  }
}
