import { describe, expect, it } from 'vitest';
import { createSourceHealthTracker } from './health';

const config = { id: 's', operator: 'o', url: 'http://s', enabled: true };
const ok = (latencyMs: number) => ({ ok: true, latencyMs, calls: 1 });
const fail = { ok: false, latencyMs: 5, calls: 1, error: { kind: 'refused' as const, message: 'ECONNREFUSED' } };

function tracker() {
  let now = 1_000;
  const health = createSourceHealthTracker({
    now: () => now,
    breaker: { threshold: 3, baseBackoffMs: 1_000, maxBackoffMs: 8_000 },
  });
  return { health, advance: (ms: number) => (now += ms), now: () => now };
}

describe('source health', () => {
  it('opens after consecutive failures, half-opens after the backoff, closes on a good probe', () => {
    const { health, advance } = tracker();
    for (let i = 0; i < 3; i++) health.recordHttp(fail);
    expect(health.snapshot(config).breaker.state).toBe('open');
    expect(health.available()).toBe(false);
    advance(1_000);
    expect(health.snapshot(config).breaker.state).toBe('half-open');
    expect(health.available()).toBe(true);
    const done = health.startCall();
    expect(health.available()).toBe(false); // one probe at a time
    health.recordHttp(ok(10));
    done();
    expect(health.snapshot(config).breaker.state).toBe('closed');
  });

  it('doubles the backoff on a failed probe, up to the maximum', () => {
    const { health, advance, now } = tracker();
    for (let i = 0; i < 3; i++) health.recordHttp(fail);
    for (const expected of [2_000, 4_000, 8_000, 8_000]) {
      advance(10_000);
      expect(health.available()).toBe(true);
      health.startCall()();
      health.recordHttp(fail);
      expect(health.snapshot(config).breaker.openUntil! - now()).toBe(expected);
    }
  });

  it('honours Retry-After on a rate limit', () => {
    const { health, advance } = tracker();
    health.recordHttp({
      ok: false,
      latencyMs: 1,
      calls: 1,
      error: { kind: 'rate-limited', message: '429' },
      retryAfterMs: 5_000,
    });
    expect(health.available()).toBe(false);
    advance(4_999);
    expect(health.available()).toBe(false);
    advance(1);
    expect(health.available()).toBe(true);
  });

  it('adapts the hedge delay to the latency history, and ranks errors, lag, liars and hung calls down', () => {
    const { health, advance } = tracker();
    expect(health.hedgeDelayMs()).toBe(300);
    for (let i = 0; i < 10; i++) health.recordHttp(ok(40));
    expect(health.hedgeDelayMs()).toBe(80);
    health.setHead(100, 100);
    const base = health.score();
    health.setHead(95, 100);
    expect(health.score()).toBeGreaterThan(base);
    health.setHead(100, 100);
    health.recordDisagreement();
    expect(health.score()).toBeGreaterThan(base + 900);
    const fresh = tracker();
    for (let i = 0; i < 10; i++) fresh.health.recordHttp(ok(40));
    fresh.health.setHead(100, 100);
    fresh.health.startCall();
    fresh.advance(5_000);
    expect(fresh.health.score()).toBeGreaterThanOrEqual(5_000);
    advance(1);
  });
});
