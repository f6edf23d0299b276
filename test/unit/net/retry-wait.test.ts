import { describe, expect, it } from 'vitest';
import { waitAfterFailures } from '@/lib/net/retry-wait';

describe('waitAfterFailures', () => {
  const schedule = [10, 20, 50];

  it("gives each failure in a row its step, then the last step for ever", () => {
    expect([1, 2, 3, 4, 100].map((failures) => waitAfterFailures(schedule, failures))).toEqual([10, 20, 50, 50, 50]);
  });

  it('counts a failure recorded without a count (or below one) as the first', () => {
    expect(waitAfterFailures(schedule, 0)).toBe(10);
    expect(waitAfterFailures(schedule, -3)).toBe(10);
  });
});
