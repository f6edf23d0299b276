/**
 * "Now" for the simulators and the tests. Every simulator takes a Clock (the system clock when
 * none is given, as end-to-end tests and the demo use), and a test that depends on the date
 * passes one of its own, so what it asserts holds on any day and in any zone.
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Always the same instant: for tests of what is generated or shown at one moment. */
export function fixedClock(instant: string | number | Date): Clock {
  const at = new Date(instant).getTime();
  if (Number.isNaN(at)) throw new Error(`fixedClock: not an instant: ${String(instant)}`);
  return () => new Date(at);
}

/** Starts at `instant` and runs at the real clock's pace: for servers whose timers must move. */
export function clockFrom(instant: string | number | Date): Clock {
  const offset = new Date(instant).getTime() - Date.now();
  return () => new Date(Date.now() + offset);
}

/**
 * Instants where date code tends to break, in UTC: both of London's clock changes (a minute
 * before), the last half hour of a year, a leap day, and midsummer.
 */
export const AWKWARD_INSTANTS: readonly string[] = [
  '2027-03-28T00:59:00Z',
  '2027-10-31T00:59:00Z',
  '2026-12-31T23:30:00Z',
  '2028-02-29T12:00:00Z',
  '2027-06-21T12:00:00Z',
];

/** A clock that moves only when the test moves it: for expiry, "last signed in" and the like. */
export interface ManualClock extends Clock {
  set(instant: string | number | Date): void;
  advance(ms: number): void;
}

export function manualClock(instant: string | number | Date): ManualClock {
  let at = fixedClock(instant)().getTime();
  const clock = (() => new Date(at)) as ManualClock;
  clock.set = (next) => void (at = fixedClock(next)().getTime());
  clock.advance = (ms) => void (at += ms);
  return clock;
}
