/**
 * How long to wait after `failures` failed tries in a row: the schedule's step for that many,
 * and its last step from then on. The callers keep their own schedules (minutes for a choir's
 * site, seconds for the iPad in the room) but count failures alike.
 */
export function waitAfterFailures(schedule: readonly number[], failures: number): number {
  return schedule[Math.min(Math.max(failures, 1), schedule.length) - 1]!;
}
