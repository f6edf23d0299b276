import { describe, expect, it } from 'vitest';
import { RateLimiter, type RequestLogEntry, type RequestLogStore } from '@/lib/net/rate-limiter';
import { ProblemError } from '@/lib/problems';

/** A clock the test moves by hand; sleeping advances it. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms: number) => void (now += ms),
    advance: (ms: number) => void (now += ms),
  };
}

function memoryStore(): RequestLogStore & { entries: RequestLogEntry[] } {
  const store = {
    entries: [] as RequestLogEntry[],
    load: async () => structuredClone(store.entries),
    save: async (entries: RequestLogEntry[]) => void (store.entries = structuredClone(entries)),
  };
  return store;
}

const limiterWith = (store: RequestLogStore, clock: ReturnType<typeof fakeClock>) =>
  new RateLimiter({ service: 'threeRings', limit: 30, windowMs: 60_000, maxRequestMs: 30_000, store, ...clock });

/** The largest number of send times that fall in any window of `windowMs`. */
function maxInWindow(times: number[], windowMs = 60_000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while (sorted[j]! - sorted[i]! >= windowMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

describe('RateLimiter', () => {
  it('lets 30 through at once, then refuses the 31st with the time a slot frees', async () => {
    const clock = fakeClock();
    const limiter = limiterWith(memoryStore(), clock);
    for (let i = 0; i < 30; i++) await (await limiter.acquire()).done();
    const refusal = await limiter.acquire().catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ProblemError);
    expect((refusal as ProblemError).problem).toEqual({ kind: 'rate-limited', service: 'threeRings', retryAt: clock.now() + 60_000 });
  });

  it('never lets more than 30 requests start in any 60 s, over 200 attempts that wait', async () => {
    const clock = fakeClock();
    const limiter = limiterWith(memoryStore(), clock);
    const sent: number[] = [];
    for (let i = 0; i < 200; i++) {
      const slot = await limiter.acquire(120_000);
      sent.push(clock.now());
      clock.advance(150); // the reply takes a little while
      await slot.done();
    }
    expect(sent).toHaveLength(200);
    expect(maxInWindow(sent)).toBe(30);
  });

  it('holds across a restart: a new limiter on the same store sees earlier requests', async () => {
    const clock = fakeClock();
    const store = memoryStore();
    const first = limiterWith(store, clock);
    for (let i = 0; i < 25; i++) await (await first.acquire()).done();
    const afterRestart = limiterWith(store, clock);
    for (let i = 0; i < 5; i++) await (await afterRestart.acquire()).done();
    await expect(afterRestart.acquire()).rejects.toBeInstanceOf(ProblemError);
  });

  it('counts a slow request until its reply, not from when it was sent', async () => {
    const clock = fakeClock();
    const limiter = limiterWith(memoryStore(), clock);
    const slots = [];
    for (let i = 0; i < 30; i++) slots.push(await limiter.acquire());
    clock.advance(20_000);
    for (const slot of slots) await slot.done(); // the server may have seen them only now
    clock.advance(45_000); // 65 s after they were sent, but 45 s after their replies
    const refusal = (await limiter.acquire().catch((error: unknown) => error)) as ProblemError;
    expect(refusal.problem).toMatchObject({ kind: 'rate-limited', retryAt: clock.now() + 15_000 });
  });

  it('treats a request whose worker died as ended after the request time limit', async () => {
    const clock = fakeClock();
    const store = memoryStore();
    const limiter = limiterWith(store, clock);
    for (let i = 0; i < 30; i++) await limiter.acquire(); // never marked done
    clock.advance(30_000 + 60_000);
    await expect(limiterWith(store, clock).acquire()).resolves.toBeDefined();
  });

  it('serialises concurrent callers so none sneaks past the limit', async () => {
    const clock = fakeClock();
    const limiter = limiterWith(memoryStore(), clock);
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => limiter.acquire()));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(30);
  });
});
