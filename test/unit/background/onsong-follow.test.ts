import { describe, expect, it } from 'vitest';
import { followWait, pollWhileOpen } from '@/lib/background/onsong';
import { manualClock } from '../../clock';

/**
 * Runs the follow loop over scripted answers ('ok' or 'fail'), each taking `tickMs` on a manual
 * clock; returns the time each tick started, relative to the first, and every wait asked for.
 */
async function follow(answers: ('ok' | 'fail')[], tickMs = 0) {
  const clock = manualClock('2027-03-28T00:59:00Z');
  const start = clock().getTime();
  const startedAt: number[] = [];
  const waits: number[] = [];
  let next = 0;
  const tick = async () => {
    startedAt.push(clock().getTime() - start);
    clock.advance(tickMs);
    return answers[next++] === 'ok';
  };
  const sleep = async (ms: number) => {
    waits.push(ms);
    clock.advance(ms);
  };
  await pollWhileOpen(tick, () => next < answers.length, { sleep, now: () => clock().getTime() });
  return { startedAt, waits };
}

describe('following the iPad', () => {
  it('asks every 0.8 s while it answers', async () => {
    expect((await follow(['ok', 'ok', 'ok'])).startedAt).toEqual([0, 800, 1_600]);
  });

  it('waits 1, 2, 3, then 5 s between failed asks, and never longer', async () => {
    const { waits } = await follow(['fail', 'fail', 'fail', 'fail', 'fail', 'fail']);
    expect(waits).toEqual([1_000, 2_000, 3_000, 5_000, 5_000, 5_000]);
  });

  it('goes back to every 0.8 s as soon as the iPad answers again', async () => {
    const { waits } = await follow(['fail', 'fail', 'fail', 'ok', 'ok', 'fail']);
    expect(waits).toEqual([1_000, 2_000, 3_000, 800, 800, 1_000]);
  });

  it("counts the time an ask took into the wait, so a slow iPad is not asked more often", async () => {
    const { startedAt, waits } = await follow(['ok', 'fail', 'fail'], 4_000);
    expect(waits).toEqual([0, 0, 0]);
    expect(startedAt).toEqual([0, 4_000, 8_000]);
    expect((await follow(['fail', 'fail'], 600)).waits).toEqual([400, 1_400]);
  });

  it('asks nothing once the popup has closed', async () => {
    const { startedAt } = await follow([]);
    expect(startedAt).toEqual([]);
  });

  it('gives the waits by failures in a row', () => {
    expect([0, 1, 2, 3, 4, 9].map(followWait)).toEqual([800, 1_000, 2_000, 3_000, 5_000, 5_000]);
  });
});
