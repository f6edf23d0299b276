import { localDateKey } from '../time';
import { THREE_RINGS_ORIGIN } from './origin';

/**
 * Where a shift is on Three Rings: the rota for its day. Three Rings documents no page per
 * shift; this view lists the day's shifts, where the member signs up or swaps.
 */
export function shiftPageUrl(shift: { start: string }, timeZone?: string): string {
  return `${THREE_RINGS_ORIGIN}/rota/for/${localDateKey(Date.parse(shift.start), timeZone)}/rolling%20week`;
}
