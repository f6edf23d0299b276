import type { ChoirEvent, RotaPerson, Shift, Volunteer } from '../model';
import type { RawEvent, RawListVolunteer, RawShift, RawSingleVolunteer } from './schemas';

const ROLE_SUFFIX = /\s*\[([^\]]*)\]\s*$/;

/** "Dana Thompson [COM,NW]" → { name: "Dana Thompson", roleCodes: ["COM", "NW"] } */
export function splitRoleSuffix(rawName: string): { name: string; roleCodes: string[] } {
  const match = ROLE_SUFFIX.exec(rawName);
  if (!match) return { name: rawName.trim(), roleCodes: [] };
  const roleCodes = (match[1] ?? '').split(',').map((code) => code.trim()).filter(Boolean);
  return { name: rawName.slice(0, match.index).trim(), roleCodes };
}

function toPerson(ref: { id: number; name: string }): RotaPerson {
  return { id: ref.id, ...splitRoleSuffix(ref.name) };
}

/**
 * Three Rings writes instants as "…000Z". A value with no zone designator is read as UTC too,
 * rather than in whatever zone this browser happens to be in.
 */
export function toUtcIso(value: string): string {
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value);
  return new Date(hasZone ? value : `${value}Z`).toISOString();
}

export function normaliseShift(raw: RawShift): Shift {
  const people = raw.volunteer_shifts ?? raw.volunteers ?? [];
  const volunteers = people.map((entry) => ({ ...toPerson(entry.volunteer), ...('put_for_swap_at' in entry && entry.put_for_swap_at && { upForSwap: true as const }) }));
  const start = toUtcIso(raw.start_datetime);
  const wanted = raw.maximum_volunteers || raw.minimum_volunteers || undefined;
  return {
    id: raw.id,
    rota: { id: raw.rota.id, name: raw.rota.name },
    title: raw.title.trim(),
    start,
    end: new Date(Date.parse(start) + raw.duration * 1000).toISOString(),
    allDay: raw.all_day ?? false,
    volunteers,
    unfilledPlaces: wanted === undefined ? undefined : Math.max(0, wanted - volunteers.length),
    closed: !!raw.closed_at,
  };
}

export function normaliseShifts(raw: RawShift[]): Shift[] {
  return raw.map(normaliseShift).sort((a, b) => a.start.localeCompare(b.start) || a.id - b.id);
}

export function normaliseEvent(raw: RawEvent): ChoirEvent {
  return {
    ...(raw.id != null && { id: raw.id }),
    name: raw.name,
    description: raw.description,
    type: raw.event_type,
    date: raw.date.slice(0, 10),
  };
}

function propertyText(value: string | number | boolean | null | undefined): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  return String(value);
}

/** One normaliser for both directory shapes: the list entry and the single-volunteer reply. */
export function normaliseVolunteer(raw: RawListVolunteer | RawSingleVolunteer): Volunteer {
  const properties: Record<string, string> = {};
  let roles: { name: string }[] = [];
  if ('volunteer_roles' in raw || !('roles' in raw)) {
    const single = raw as RawSingleVolunteer;
    roles = (single.volunteer_roles ?? []).map((entry) => entry.role);
    for (const property of single.volunteer_properties ?? []) {
      const text = propertyText(property.value);
      if (text !== undefined) properties[property.code] = text;
    }
  } else {
    const listed = raw as RawListVolunteer;
    roles = listed.roles ?? [];
    for (const keyed of listed.volunteer_properties ?? []) {
      for (const [code, property] of Object.entries(keyed)) {
        const text = propertyText(property?.value);
        if (text !== undefined) properties[code] = text;
      }
    }
  }
  const { name, roleCodes } = splitRoleSuffix(raw.name);
  return {
    id: raw.id,
    name,
    roleCodes,
    roles: roles.map((role) => role.name),
    ...(raw.account?.username && { username: raw.account.username }),
    properties,
  };
}
