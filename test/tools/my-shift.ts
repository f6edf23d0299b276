import type { SimShift, ThreeRingsSim } from '../simulators/three-rings/server';

/** Adds a shift of mine (a copy of one I am on) starting at `startsAt`, for a reminder to fire on. */
export function addMyShiftStartingAt(sim: ThreeRingsSim, startsAt: number): SimShift {
  const mine = sim.data.shifts.find((shift) => !shift.allDay && shift.volunteerShifts.some((place) => place.volunteerId === sim.data.signedInVolunteer.id))!;
  const id = Math.max(...sim.data.shifts.map((shift) => shift.id)) + 1;
  const copy: SimShift = {
    ...mine,
    id,
    startsAt: new Date(Math.ceil(startsAt / 1000) * 1000).toISOString(),
    volunteerShifts: mine.volunteerShifts.map((place) => ({ ...place, id: place.id + 100_000 })),
  };
  sim.data.shifts.push(copy);
  return copy;
}
