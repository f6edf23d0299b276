import type { Caller } from './auth';
import type { SimData, SimEvent, SimNewsItem, SimRole, SimShift, SimVolunteer } from './data';
import { jsonReply, type Reply } from './http';
import { addDays, type CalendarDate, isCalendarDate, londonDate } from './london-time';

/**
 * The JSON endpoints, shaped as in shared/reference/three-rings-api.md §1. Each handler gets
 * an identified caller; signing-in and faults are the server's business.
 */

export interface JsonShapeOptions {
  /** Whether the signed-in volunteer may use /stats/export_rotas.json. */
  statsAccess: boolean;
  /** shift.json people list: `volunteer_shifts` (documented) or `volunteers` (one client's model). */
  shiftShape: 'volunteer_shifts' | 'volunteers';
  /** shift.json `rota`: `{id, name}` (documented) or the bare name. */
  rotaShape: 'object' | 'string';
}

export interface JsonRequest {
  url: URL;
  caller: Caller;
  data: SimData;
  options: JsonShapeOptions;
  nowMs: number;
}

/** Whether a request is for a JSON endpoint (as opposed to an HTML page). */
export function isJsonRequest(url: URL): boolean {
  return url.pathname.endsWith('.json') || url.searchParams.get('format') === 'json';
}

export function handleJsonRequest(request: JsonRequest): Reply {
  const { pathname } = request.url;
  if (pathname === '/shift.json') return shiftsEndpoint(request);
  if (pathname === '/stats/export_rotas.json') return exportRotasEndpoint(request);
  if (pathname === '/directory.json') return directoryEndpoint(request);
  if (pathname === '/events.json') return eventsEndpoint(request);
  if (pathname === '/news.json') return newsEndpoint(request);

  // Usernames may contain full stops, so the real site wants ?format=json for them; ids work either way.
  const volunteerKey = /^\/directory\/([^/]+?)(?:\.json)?$/.exec(pathname)?.[1];
  if (volunteerKey) return volunteerEndpoint(request, decodeURIComponent(volunteerKey));
  const eventId = /^\/events\/(\d+)\.json$/.exec(pathname)?.[1];
  if (eventId) return eventEndpoint(request, Number(eventId));
  const newsId = /^\/news\/(\d+)\.json$/.exec(pathname)?.[1];
  if (newsId) return newsItemEndpoint(request, Number(newsId));
  return notFound();
}

// ---------------------------------------------------------------------------------------------
// Endpoints

/** GET /shift.json: no start → today; no end → start + 7 days; shift_id → just that shift. */
function shiftsEndpoint({ url, data, options, nowMs }: JsonRequest): Reply {
  const people = new PeopleIndex(data);
  const shiftId = url.searchParams.get('shift_id');
  if (shiftId !== null) {
    const shift = data.shifts.find((s) => String(s.id) === shiftId);
    return shift ? jsonReply(200, { shifts: [shiftJson(shift, data, people, options)] }) : notFound();
  }
  const range = dateRange(url, nowMs, (start) => addDays(start, 7));
  if ('status' in range) return range;
  const shifts = shiftsInRange(data, range.from, range.to, rotaFilter(url));
  return jsonReply(200, { shifts: shifts.map((shift) => shiftJson(shift, data, people, options)) });
}

/** GET /stats/export_rotas.json: stats access only; no start → today; no end → the start day only. */
function exportRotasEndpoint({ url, data, options, nowMs }: JsonRequest): Reply {
  if (!options.statsAccess) {
    return jsonReply(403, { error: 'You do not have permission to view stats at this organisation.' });
  }
  const people = new PeopleIndex(data);
  const range = dateRange(url, nowMs, (start) => start);
  if ('status' in range) return range;
  const shifts = shiftsInRange(data, range.from, range.to, rotaFilter(url));
  return jsonReply(200, {
    shifts: shifts.map((shift) => ({
      id: shift.id,
      rota: rotaName(data, shift.rotaId),
      title: shift.title,
      start_datetime: shift.startsAt,
      duration: shift.durationSeconds,
      volunteers: shift.volunteerShifts.map((vs) => people.ref(vs.volunteerId)),
    })),
  });
}

/** GET /directory.json, optionally ?volunteer_filter=sleepers or a role name. */
function directoryEndpoint({ url, data }: JsonRequest): Reply {
  const people = new PeopleIndex(data);
  const filter = url.searchParams.get('volunteer_filter')?.trim().toLowerCase();
  const volunteers = data.volunteers.filter((volunteer) => {
    if (!filter) return true;
    // We have no sleepers as such; volunteers on leave are the nearest thing.
    if (filter === 'sleepers') return volunteer.onLeave;
    return volunteer.roles.some((role) => role.name.toLowerCase() === filter);
  });
  return jsonReply(200, { volunteers: volunteers.map((volunteer) => listVolunteerJson(volunteer, data, people)) });
}

/** GET /directory/ID?format=json or /directory/ID.json; the key may also be a username. */
function volunteerEndpoint({ data }: JsonRequest, key: string): Reply {
  const volunteer = data.volunteers.find((v) => String(v.id) === key || v.username === key);
  if (!volunteer) return notFound();
  return jsonReply(200, { volunteer: singleVolunteerJson(volunteer, data, new PeopleIndex(data)) });
}

/** GET /events.json: no start → today; no end → every event from the start on. */
function eventsEndpoint({ url, data, nowMs }: JsonRequest): Reply {
  const range = dateRange(url, nowMs, () => '9999-12-31');
  if ('status' in range) return range;
  const people = new PeopleIndex(data);
  const events = data.events.filter((event) => event.date >= range.from && event.date <= range.to);
  return jsonReply(200, { events: events.map((event) => eventJson(event, people)) });
}

function eventEndpoint({ data }: JsonRequest, id: number): Reply {
  const event = data.events.find((e) => e.id === id);
  return event ? jsonReply(200, { event: eventJson(event, new PeopleIndex(data)) }) : notFound();
}

/** GET /news.json: unexpired items, sticky ones first, then newest first. */
function newsEndpoint({ data, nowMs }: JsonRequest): Reply {
  const people = new PeopleIndex(data);
  const items = data.news
    .filter((item) => item.expiresAt === null || Date.parse(item.expiresAt) > nowMs)
    .sort((a, b) => Number(b.sticky) - Number(a.sticky) || b.createdAt.localeCompare(a.createdAt));
  return jsonReply(200, { news_items: items.map((item) => newsItemJson(item, data, people)) });
}

function newsItemEndpoint({ data }: JsonRequest, id: number): Reply {
  const item = data.news.find((n) => n.id === id);
  return item ? jsonReply(200, { news_item: newsItemJson(item, data, new PeopleIndex(data)) }) : notFound();
}

// ---------------------------------------------------------------------------------------------
// Query parameters

interface DateRange {
  from: CalendarDate;
  to: CalendarDate;
}

/** start_date and end_date (inclusive London calendar dates); a malformed one is a 400. */
function dateRange(url: URL, nowMs: number, defaultEnd: (start: CalendarDate) => CalendarDate): DateRange | Reply {
  const start = url.searchParams.get('start_date');
  const end = url.searchParams.get('end_date');
  for (const [name, value] of [['start_date', start], ['end_date', end]] as const) {
    if (value !== null && !isCalendarDate(value)) {
      return jsonReply(400, { error: `${name} must be a date in the form YYYY-MM-DD` });
    }
  }
  const from = start ?? londonDate(nowMs);
  return { from, to: end ?? defaultEnd(from) };
}

/** filter_rotas=ID, or filter_rotas=multiple with filter_rota_list[ID]=1; undefined for all rotas. */
function rotaFilter(url: URL): Set<number> | undefined {
  const filter = url.searchParams.get('filter_rotas');
  if (!filter) return undefined;
  if (filter !== 'multiple') return new Set([Number(filter)]);
  const ids = new Set<number>();
  for (const [key, value] of url.searchParams) {
    const id = /^filter_rota_list\[(\d+)\]$/.exec(key)?.[1];
    if (id && value === '1') ids.add(Number(id));
  }
  return ids;
}

/** Shifts whose London start date lies in [from, to]: a night shift belongs to the day it starts. */
function shiftsInRange(data: SimData, from: CalendarDate, to: CalendarDate, rotas: Set<number> | undefined): SimShift[] {
  return data.shifts
    .filter((shift) => {
      const day = londonDate(Date.parse(shift.startsAt));
      return day >= from && day <= to && (!rotas || rotas.has(shift.rotaId));
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id);
}

// ---------------------------------------------------------------------------------------------
// Shapes

/** Volunteers by id, built per request: tests may edit the data between requests. */
class PeopleIndex {
  private readonly byId: Map<number, SimVolunteer>;

  constructor(data: SimData) {
    this.byId = new Map(data.volunteers.map((volunteer) => [volunteer.id, volunteer]));
  }

  get(id: number): SimVolunteer | undefined {
    return this.byId.get(id);
  }

  /** `{id, name}` as on shifts. */
  ref(id: number): { id: number; name: string } {
    return { id, name: this.byId.get(id)?.name ?? 'Former volunteer' };
  }

  /** `{id, name, username}` as creator and updater. */
  withUsername(id: number | null): { id: number; name: string; username: string | null } | null {
    if (id === null) return null;
    const volunteer = this.byId.get(id);
    return { id, name: volunteer?.name ?? 'Former volunteer', username: volunteer?.username ?? null };
  }
}

function rotaName(data: SimData, rotaId: number): string {
  return data.rotas.find((rota) => rota.id === rotaId)?.name ?? 'Unknown rota';
}

function shiftJson(shift: SimShift, data: SimData, people: PeopleIndex, options: JsonShapeOptions): Record<string, unknown> {
  const filling = shift.volunteerShifts.length;
  const rota = { id: shift.rotaId, name: rotaName(data, shift.rotaId) };
  const assignees =
    options.shiftShape === 'volunteers'
      ? { volunteers: shift.volunteerShifts.map((vs) => ({ id: vs.id, volunteer: people.ref(vs.volunteerId) })) }
      : {
          volunteer_shifts: shift.volunteerShifts.map((vs) => ({
            id: vs.id,
            volunteer: people.ref(vs.volunteerId),
            confirmed_at: vs.confirmedAt,
            put_for_swap_at: vs.putForSwapAt,
            created_at: vs.createdAt,
            updated_at: vs.updatedAt,
          })),
        };
  return {
    id: shift.id,
    title: shift.title,
    start_datetime: shift.startsAt,
    duration: shift.durationSeconds,
    minimum_volunteers: shift.minVolunteers,
    maximum_volunteers: shift.maxVolunteers,
    closed_at: shift.closedAt,
    num_volunteers_satisfying: filling,
    satisfied: filling >= shift.minVolunteers,
    num_volunteers_filling: filling,
    full: filling >= shift.maxVolunteers,
    all_day: shift.allDay,
    created_at: shift.createdAt,
    updated_at: shift.updatedAt,
    points: shift.points,
    rota: options.rotaShape === 'string' ? rota.name : rota,
    ...assignees,
  };
}

/** Properties every volunteer has, in directory order. */
const PROPERTIES = [
  { code: 'first_name', type: 'StringProperty', name: 'First Name', value: (v: SimVolunteer) => v.firstName },
  { code: 'surname', type: 'StringProperty', name: 'Surname', value: (v: SimVolunteer) => v.surname },
  { code: 'friendly_name', type: 'StringProperty', name: 'Friendly Name', value: (v: SimVolunteer) => v.friendlyName },
  { code: 'email', type: 'EmailProperty', name: 'Email', value: (v: SimVolunteer) => v.email },
  { code: 'telephone_mobile', type: 'TelProperty', name: 'Telephone (Mobile)', value: (v: SimVolunteer) => v.mobile },
  { code: 'join_date', type: 'DateProperty', name: 'Join Date', value: (v: SimVolunteer) => v.joinDate },
] as const;

/** Stable per-volunteer ids for property values and role memberships. */
const propertyValueId = (volunteer: SimVolunteer, index: number) => 836_000 + (volunteer.id - 100_000) * 10 + index;
const volunteerRoleId = (volunteer: SimVolunteer, index: number) => 325_000 + (volunteer.id - 100_000) * 10 + index;

const roleJson = (role: SimRole) => ({ id: role.id, name: role.name, suffix: role.suffix });

function volunteerCommonJson(volunteer: SimVolunteer, data: SimData, people: PeopleIndex): Record<string, unknown> {
  return {
    id: volunteer.id,
    org_id: data.org.id,
    url: `/directory/${volunteer.id}?format=json`,
    name: volunteer.name,
    is_support_person: volunteer.isSupportPerson,
    account: { id: volunteer.accountId, username: volunteer.username },
    created_at: volunteer.createdAt,
    updated_at: volunteer.updatedAt,
    creator: people.withUsername(volunteer.creatorId),
    updater: people.withUsername(volunteer.updaterId),
  };
}

/** directory.json: flat `roles`, properties as single-key objects keyed by code. */
function listVolunteerJson(volunteer: SimVolunteer, data: SimData, people: PeopleIndex): Record<string, unknown> {
  return {
    ...volunteerCommonJson(volunteer, data, people),
    roles: volunteer.roles.map(roleJson),
    relationships: null,
    volunteer_properties: PROPERTIES.map((property, index) => ({
      [property.code]: { id: propertyValueId(volunteer, index), org_name: property.name, value: property.value(volunteer) },
    })),
  };
}

/** directory/ID: roles wrapped in `volunteer_roles[].role`, properties carry their code. */
function singleVolunteerJson(volunteer: SimVolunteer, data: SimData, people: PeopleIndex): Record<string, unknown> {
  return {
    ...volunteerCommonJson(volunteer, data, people),
    volunteer_roles: volunteer.roles.map((role, index) => ({ id: volunteerRoleId(volunteer, index), role: roleJson(role) })),
    volunteer_properties: PROPERTIES.map((property, index) => ({
      id: propertyValueId(volunteer, index),
      code: property.code,
      type: property.type,
      name: property.name,
      value: property.value(volunteer),
    })),
  };
}

/** Virtual events (birthdays) have no id and no url. */
function eventJson(event: SimEvent, people: PeopleIndex): Record<string, unknown> {
  return {
    ...(event.id !== null && { id: event.id, url: `/events/${event.id}` }),
    name: event.name,
    description: event.description,
    event_type: event.eventType,
    date: event.date,
    created_at: event.createdAt,
    updated_at: event.updatedAt,
    creator: people.withUsername(event.creatorId),
  };
}

function newsItemJson(item: SimNewsItem, data: SimData, people: PeopleIndex): Record<string, unknown> {
  return {
    id: item.id,
    title: item.title,
    body: item.body,
    url: `/news/${item.id}`,
    org_id: data.org.id,
    priority: item.priority,
    sticky: item.sticky,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    archived_at: null,
    expires_at: item.expiresAt,
    creator: people.withUsername(item.creatorId),
    updater: people.withUsername(item.creatorId),
  };
}

function notFound(): Reply {
  return jsonReply(404, { status: 404, error: 'Not Found' });
}
