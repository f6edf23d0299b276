import { describe, expect, it } from 'vitest';
import { Backoff, parseRetryAfter, type BackoffState } from '@/lib/net/backoff';

function setup() {
  let now = 0;
  let state: BackoffState | undefined;
  const backoff = new Backoff('threeRings', { load: async () => state, save: async (next) => void (state = next) }, () => now);
  return { backoff, advance: (ms: number) => void (now += ms), now: () => now };
}

describe('Backoff', () => {
  it('follows Retry-After, then refuses to send until it has passed', async () => {
    const { backoff, advance } = setup();
    expect(await backoff.recordFailure(429, '120')).toBe(120_000);
    await expect(backoff.check()).rejects.toMatchObject({ problem: { kind: 'server-busy', status: 429, retryAt: 120_000 } });
    advance(120_000);
    await expect(backoff.check()).resolves.toBeUndefined();
  });

  it('doubles from 30 s without Retry-After, caps at 30 min, and resets on success', async () => {
    const { backoff } = setup();
    const delays = [];
    for (let i = 0; i < 8; i++) delays.push(await backoff.recordFailure(500, null));
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_800_000, 1_800_000]);
    await backoff.recordSuccess();
    expect(await backoff.recordFailure(503, null)).toBe(30_000);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('30', 0)).toBe(30_000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });
});
