import { HEALTH_CASES, HEALTH_VOLUNTEERS } from '../health-cases';
import {
  addDays,
  type CalendarDate,
  DAY_MS,
  HOUR_MS,
  isoTimestamp,
  londonDate,
  londonToInstant,
  weekday,
} from './london-time';
import { FIRST_NAMES, NAMED_VOLUNTEERS, type NamedVolunteer, SURNAMES } from './names';
import { SeededRandom } from './random';

export { HEALTH_CASES };

/**
 * The simulated choir's data: one organisation, its volunteers, rotas, shifts, events and news.
 * Generated from a seed and relative to "now", so the next fortnight always has shifts in it.
 * Handlers read these arrays on every request, so a test may edit them to set up a case.
 */

export const SIGNED_IN_VOLUNTEER_ID = 100001;
export const DEMO_USERNAME = 'demo';

export interface SimOrganisation {
  id: number;
  name: string;
}

export interface SimRole {
  id: number;
  name: string;
  /** Shown after names, e.g. "COM" in "Dana Thompson [COM,NW]". Empty or null for no suffix. */
  suffix: string | null;
}

export interface SimVolunteer {
  id: number;
  accountId: number;
  username: string;
  /** As in JSON: the friendly name plus role suffixes, e.g. "Dana Thompson [COM,NW]". */
  name: string;
  /** The name without role suffixes, as HTML pages show it. */
  friendlyName: string;
  firstName: string;
  surname: string;
  email: string | null;
  mobile: string | null;
  joinDate: CalendarDate;
  roles: SimRole[];
  isSupportPerson: boolean;
  /** Only visible in the HTML directory (`img[alt="On leave"]`), as on the real site. */
  onLeave: boolean;
  createdAt: string;
  updatedAt: string;
  creatorId: number;
  updaterId: number;
}

export interface SimRota {
  id: number;
  name: string;
}

/** One volunteer on one shift (Three Rings' "volunteer shift"). */
export interface SimVolunteerShift {
  id: number;
  volunteerId: number;
  confirmedAt: string | null;
  putForSwapAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SimShift {
  id: number;
  rotaId: number;
  title: string;
  /** True UTC instant, YYYY-MM-DDTHH:MM:SS.000Z. */
  startsAt: string;
  durationSeconds: number;
  allDay: boolean;
  minVolunteers: number;
  maxVolunteers: number;
  closedAt: string | null;
  points: number | null;
  createdAt: string;
  updatedAt: string;
  volunteerShifts: SimVolunteerShift[];
}

export interface SimEvent {
  /** Null for virtual events such as birthdays, which have no id or url. */
  id: number | null;
  name: string;
  description: string;
  eventType: string;
  date: CalendarDate;
  createdAt: string | null;
  updatedAt: string | null;
  creatorId: number | null;
}

export interface SimNewsItem {
  id: number;
  title: string;
  /** HTML, as Three Rings sends it; one item is deliberately hostile. */
  body: string;
  priority: 'low' | 'normal' | 'high';
  sticky: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
  creatorId: number;
}

export interface SimData {
  org: SimOrganisation;
  /** The "now" the data was generated around. */
  generatedAt: string;
  /** London calendar date of generatedAt. */
  today: CalendarDate;
  roles: SimRole[];
  volunteers: SimVolunteer[];
  rotas: SimRota[];
  shifts: SimShift[];
  events: SimEvent[];
  news: SimNewsItem[];
  signedInVolunteer: SimVolunteer;
}

export interface GenerateOptions {
  seed: number;
  volunteerCount: number;
  now: Date;
}

export const ORGANISATION: SimOrganisation = { id: 748, name: 'Harbourside Community Choir' };

export const ROLES = {
  everyone: { id: 12929, name: 'Everyone', suffix: null },
  soprano: { id: 12930, name: 'Soprano', suffix: '' },
  alto: { id: 12931, name: 'Alto', suffix: '' },
  tenor: { id: 12932, name: 'Tenor', suffix: '' },
  bass: { id: 12933, name: 'Bass', suffix: '' },
  committee: { id: 12940, name: 'Committee', suffix: 'COM' },
  newsletter: { id: 12941, name: 'Newsletter', suffix: 'NW' },
  sectionLeader: { id: 12942, name: 'Section Leader', suffix: 'SL' },
  librarian: { id: 12943, name: 'Librarian', suffix: 'LIB' },
  trustee: { id: 12944, name: 'Trustee', suffix: 'TR' },
  frontOfHouseLead: { id: 12945, name: 'Front of House Lead', suffix: 'FOH' },
} as const satisfies Record<string, SimRole>;

const VOICE_PARTS: SimRole[] = [ROLES.soprano, ROLES.alto, ROLES.tenor, ROLES.bass];
const SUFFIXED_ROLES: SimRole[] = Object.values(ROLES).filter((role) => role.suffix);

export const ROTAS = {
  frontOfHouse: { id: 7001, name: 'Front of House' },
  teaAndCoffee: { id: 7002, name: 'Tea & Coffee' },
  rehearsalSetUp: { id: 7003, name: 'Rehearsal Set-up' },
  musicLibrary: { id: 7004, name: 'Music Library' },
  carPark: { id: 7005, name: 'Car Park' },
  concertCrew: { id: 7006, name: 'Concert Crew' },
} as const satisfies Record<string, SimRota>;

const FIRST_SHIFT_ID = 900001;
const FIRST_VOLUNTEER_SHIFT_ID = 800001;
const FIRST_EVENT_ID = 5501;
const FIRST_NEWS_ID = 3101;
const DAYS_OF_HISTORY = 30;
const DAYS_AHEAD = 60;

export function generateSimData({ seed, volunteerCount, now }: GenerateOptions): SimData {
  if (!Number.isInteger(volunteerCount) || volunteerCount < 60 || volunteerCount > 2000) {
    throw new RangeError(`volunteerCount must be an integer from 60 to 2000, not ${volunteerCount}`);
  }
  const random = new SeededRandom(seed);
  const nowMs = now.getTime();
  const today = londonDate(nowMs);
  const volunteers = generateVolunteers(random, volunteerCount, nowMs, today);
  const signedInVolunteer = volunteers[0] as SimVolunteer;
  const shifts = new ShiftPlanner(random, nowMs, today, volunteers).plan();
  return {
    org: { ...ORGANISATION },
    generatedAt: isoTimestamp(nowMs),
    today,
    roles: Object.values(ROLES).map((role) => ({ ...role })),
    volunteers,
    rotas: Object.values(ROTAS).map((rota) => ({ ...rota })),
    shifts,
    events: generateEvents(random, nowMs, today, volunteers, shifts),
    news: generateNews(nowMs),
    signedInVolunteer,
  };
}

// ---------------------------------------------------------------------------------------------
// Volunteers

function generateVolunteers(random: SeededRandom, count: number, nowMs: number, today: CalendarDate): SimVolunteer[] {
  const signedIn: NamedVolunteer = { firstName: 'Alex', surname: 'Morgan', roleCodes: ['COM'], username: DEMO_USERNAME };
  // The health cases' volunteers follow the named ones, so their ids (100016 on) are fixed too.
  const health = HEALTH_VOLUNTEERS.map(({ firstName, surname, email }): NamedVolunteer => ({ firstName, surname, username: email.split('@')[0] }));
  const people: NamedVolunteer[] = [signedIn, ...NAMED_VOLUNTEERS, ...health];
  const fixedCount = people.length;
  while (people.length < count) {
    people.push({ firstName: random.pick(FIRST_NAMES), surname: random.pick(SURNAMES), roleCodes: randomRoleCodes(random) });
  }

  const usernames = new Set<string>();
  const adminId = SIGNED_IN_VOLUNTEER_ID + 1; // Dana Thompson, committee, enters new members.
  return people.map((person, index) => {
    const id = SIGNED_IN_VOLUNTEER_ID + index;
    // Fixed volunteers always have an email and a mobile, and are never on leave.
    const isFixed = index < fixedCount;
    const friendlyName = person.fullName ?? `${person.firstName} ${person.surname}`;
    // Copies, so that a test editing one volunteer's roles changes nobody else's.
    const roles = [ROLES.everyone, random.pick(VOICE_PARTS), ...rolesForCodes(person.roleCodes ?? [])].map((role) => ({ ...role }));
    const username = uniqueUsername(person, id, usernames);
    const joinDate = addDays(today, -random.int(30, 15 * 365));
    const createdMs = londonToInstant(joinDate, random.int(9, 21), random.int(0, 59)) + random.int(0, 59) * 1000;
    const updatedMs = createdMs + random.next() * (nowMs - createdMs);
    return {
      id,
      accountId: 110001 + index * 3,
      username,
      name: nameWithSuffixes(friendlyName, roles),
      friendlyName,
      firstName: person.firstName,
      surname: person.surname,
      email: isFixed || random.chance(0.95) ? `${username}@example.org` : null,
      mobile: isFixed || random.chance(0.85) ? `07700 900${String(random.int(0, 999)).padStart(3, '0')}` : null,
      joinDate,
      roles,
      isSupportPerson: roles.some((role) => role.id === ROLES.committee.id),
      onLeave: !isFixed && random.chance(0.05),
      createdAt: isoTimestamp(createdMs),
      updatedAt: isoTimestamp(updatedMs),
      creatorId: adminId,
      updaterId: random.chance(0.5) ? id : adminId,
    };
  });
}

function randomRoleCodes(random: SeededRandom): string[] {
  const odds: [string, number][] = [['SL', 0.06], ['COM', 0.04], ['LIB', 0.03], ['FOH', 0.03], ['NW', 0.02], ['TR', 0.02]];
  return odds.filter(([, probability]) => random.chance(probability)).map(([code]) => code);
}

function rolesForCodes(codes: string[]): SimRole[] {
  return SUFFIXED_ROLES.filter((role) => codes.includes(role.suffix ?? ''));
}

/** Three Rings appends the suffixes of a volunteer's roles: "Dana Thompson [COM,NW]". */
function nameWithSuffixes(friendlyName: string, roles: SimRole[]): string {
  const suffixes = roles.map((role) => role.suffix).filter(Boolean);
  return suffixes.length > 0 ? `${friendlyName} [${suffixes.join(',')}]` : friendlyName;
}

function uniqueUsername(person: NamedVolunteer, id: number, taken: Set<string>): string {
  const ascii = (text: string) => text.normalize('NFD').toLowerCase().replace(/[^a-z]/g, '');
  const base = person.username ?? (`${ascii(person.firstName).slice(0, 1)}${ascii(person.surname)}`.slice(0, 16) || `member${id}`);
  let username = base;
  for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
  taken.add(username);
  return username;
}

// ---------------------------------------------------------------------------------------------
// Rotas and shifts

interface ShiftTemplate {
  rota: SimRota;
  /** London wall-clock start. */
  hour: number;
  minute: number;
  durationMinutes: number;
  places: [min: number, max: number];
  title?: string;
  points?: number | null;
  allDay?: boolean;
}

const CONCERT_TITLES = ['Spring Concert', 'Come and Sing Messiah', 'Charity Gala', 'Choral Evensong', 'Family Concert'];

/** Rehearsals are on Tuesday and Thursday evenings; a concert every other Saturday. */
function templatesForDay(date: CalendarDate, random: SeededRandom): ShiftTemplate[] {
  const day = weekday(date);
  if (day === 2 || day === 4) {
    const rehearsal: ShiftTemplate[] = [
      { rota: ROTAS.rehearsalSetUp, hour: 18, minute: 15, durationMinutes: 45, places: [1, 3], points: 1 },
      { rota: ROTAS.teaAndCoffee, hour: 20, minute: 15, durationMinutes: 30, places: [1, 2], points: 1 },
    ];
    if (day === 2) rehearsal.push({ rota: ROTAS.carPark, hour: 18, minute: 30, durationMinutes: 60, places: [1, 1], points: 1 });
    return rehearsal;
  }
  if (day === 6 && isConcertWeek(date)) {
    const title = random.pick(CONCERT_TITLES);
    return [
      { rota: ROTAS.carPark, hour: 18, minute: 0, durationMinutes: 105, places: [1, 2], title, points: 2 },
      { rota: ROTAS.frontOfHouse, hour: 18, minute: 30, durationMinutes: 225, places: [2, 4], title, points: 2 },
      { rota: ROTAS.teaAndCoffee, hour: 20, minute: 30, durationMinutes: 45, places: [2, 3], title: 'Interval', points: 2 },
      // The get-out runs past midnight; it still belongs to the concert's day.
      { rota: ROTAS.concertCrew, hour: 22, minute: 0, durationMinutes: 210, places: [2, 4], title: 'Get-out', points: 3 },
    ];
  }
  if (day === 6) {
    return [{ rota: ROTAS.musicLibrary, hour: 10, minute: 0, durationMinutes: 150, places: [1, 2], title: 'Score sorting', points: null }];
  }
  return [];
}

function isConcertWeek(date: CalendarDate): boolean {
  const weekNumber = Math.floor(Date.parse(`${date}T00:00:00Z`) / (7 * DAY_MS));
  return weekNumber % 2 === 0;
}

const ALL_DAY_TEMPLATE: ShiftTemplate = {
  rota: ROTAS.musicLibrary,
  hour: 0,
  minute: 0,
  durationMinutes: 24 * 60,
  places: [2, 3],
  title: 'Annual stock-take',
  points: 4,
  allDay: true,
};

/** Cataloguing the music library: the shift added when the week's rota has none at the time wanted. */
const CATALOGUING_AT_19: ShiftTemplate = { rota: ROTAS.musicLibrary, hour: 19, minute: 0, durationMinutes: 120, places: [2, 2], title: 'Cataloguing' };

class ShiftPlanner {
  private nextShiftId = FIRST_SHIFT_ID;
  private nextVolunteerShiftId = FIRST_VOLUNTEER_SHIFT_ID;
  private readonly shifts: SimShift[] = [];
  /** Volunteer-shift ids placed by placeOn, which later placements must not undo. */
  private readonly placedByHand = new Set<number>();
  /** Who random filling draws from: not the signed-in volunteer (placed by hand) nor anyone on leave. */
  private readonly pool: SimVolunteer[];

  constructor(
    private readonly random: SeededRandom,
    private readonly nowMs: number,
    private readonly today: CalendarDate,
    private readonly volunteers: SimVolunteer[],
  ) {
    this.pool = volunteers.filter((v) => v.id !== SIGNED_IN_VOLUNTEER_ID && !v.onLeave);
  }

  plan(): SimShift[] {
    for (let offset = -DAYS_OF_HISTORY; offset <= DAYS_AHEAD; offset++) {
      const date = addDays(this.today, offset);
      for (const template of templatesForDay(date, this.random)) this.addShift(date, template);
    }
    this.addShift(this.firstDateOnOrAfter(5, 0), ALL_DAY_TEMPLATE);
    this.closeOneUpcomingRehearsal();
    this.placeSignedInVolunteer();
    this.placeOnUpcomingShift(this.volunteers.find((v) => v.name.includes('onerror')));
    this.placeOnUpcomingShift(this.volunteers.find((v) => v.friendlyName.length >= 200));
    this.placeOnUpcomingShift(this.volunteers.find((v) => v.surname === 'حداد'));
    this.placeFormerMemberThisWeek();
    this.leaveAPlaceToFillThisWeek();
    this.leaveHelpWantedOnMyRotas();
    this.putAPlaceUpForSwapThisWeek();
    this.shifts.sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id);
    for (const shift of this.shifts) shift.updatedAt = latest(shift.createdAt, ...shift.volunteerShifts.map((vs) => vs.updatedAt));
    return this.shifts;
  }

  private addShift(date: CalendarDate, template: ShiftTemplate): SimShift {
    const { random } = this;
    const startMs = londonToInstant(date, template.hour, template.minute);
    const maxVolunteers = random.int(template.places[0], template.places[1]);
    const shift: SimShift = {
      id: this.nextShiftId++,
      rotaId: template.rota.id,
      title: template.title ?? '',
      startsAt: isoTimestamp(startMs),
      durationSeconds: template.durationMinutes * 60,
      allDay: template.allDay ?? false,
      minVolunteers: Math.max(1, maxVolunteers - random.int(0, 1)),
      maxVolunteers,
      closedAt: null,
      points: template.points ?? null,
      createdAt: isoTimestamp(startMs - random.int(60, 90) * DAY_MS - random.int(0, 86_399) * 1000),
      updatedAt: '',
      volunteerShifts: [],
    };
    const isPast = startMs < this.nowMs;
    for (const volunteer of this.random.sample(this.pool, this.filledPlaces(maxVolunteers, isPast))) {
      this.assign(shift, volunteer);
    }
    this.shifts.push(shift);
    return shift;
  }

  /** Past shifts were mostly filled; upcoming ones are a mix of full, partly filled and empty. */
  private filledPlaces(max: number, isPast: boolean): number {
    const [fullOdds, partlyOdds] = isPast ? [0.7, 0.25] : [0.4, 0.35];
    const roll = this.random.next();
    if (roll >= fullOdds + partlyOdds) return 0;
    if (roll < fullOdds || max === 1) return max;
    return this.random.int(1, max - 1);
  }

  private assign(shift: SimShift, volunteer: SimVolunteer): SimVolunteerShift {
    const { random, nowMs } = this;
    const startMs = Date.parse(shift.startsAt);
    const createdMs = Math.min(startMs - random.int(1, 30) * DAY_MS, nowMs - random.int(1, 20) * HOUR_MS) - random.int(0, 3599) * 1000;
    const isPast = startMs < nowMs;
    const confirmedMs = isPast || random.chance(0.5) ? Math.min(createdMs + random.int(1, 48) * HOUR_MS, nowMs - HOUR_MS) : null;
    const swapMs = !isPast && random.chance(0.05) ? nowMs - random.int(2, 72) * HOUR_MS : null;
    const volunteerShift: SimVolunteerShift = {
      id: this.nextVolunteerShiftId++,
      volunteerId: volunteer.id,
      confirmedAt: confirmedMs === null ? null : isoTimestamp(confirmedMs),
      putForSwapAt: swapMs === null ? null : isoTimestamp(swapMs),
      createdAt: isoTimestamp(createdMs),
      updatedAt: isoTimestamp(Math.max(createdMs, confirmedMs ?? 0, swapMs ?? 0)),
    };
    shift.volunteerShifts.push(volunteerShift);
    return volunteerShift;
  }

  /**
   * The signed-in volunteer's own shifts, placed by hand so every seed and every day has: one
   * starting within 24 hours, five within 14 days, some later, three in the past, and one on this
   * month's rota page within the fortnight from today (on the last evening of a month, the next
   * shifts are all in the next month).
   */
  private placeSignedInVolunteer(): void {
    const me = this.volunteers[0] as SimVolunteer;
    const hours = (n: number) => this.nowMs + n * HOUR_MS;
    this.placeOn(me, hours(0.5), hours(24), 1, () => this.nextDailyShift(me));
    this.placeOn(me, hours(0.5), hours(14 * 24), 5);
    this.placeOn(me, hours(15 * 24), hours(DAYS_AHEAD * 24), 2);
    this.placeOn(me, hours(-DAYS_OF_HISTORY * 24), hours(-6), 3);
    const nextMonth = addDays(`${this.today.slice(0, 7)}-01`, 31).slice(0, 7);
    const endOfWindow = Math.min(londonToInstant(`${nextMonth}-01`, 0), londonToInstant(addDays(this.today, 14), 0));
    this.placeOn(me, londonToInstant(this.today, 0), endOfWindow, 1, () => this.addShift(this.today, CATALOGUING_AT_19));
  }

  private placeOnUpcomingShift(volunteer: SimVolunteer | undefined): void {
    if (volunteer) this.placeOn(volunteer, this.nowMs + HOUR_MS, this.nowMs + 14 * DAY_MS, 1);
  }

  /**
   * The health case's former member (see ../health-cases.ts) is on a shift an hour to 7 days
   * ahead: inside the rota window the extension fetches, from any zone's yesterday to 14 days on.
   */
  private placeFormerMemberThisWeek(): void {
    const former = this.volunteers.find((v) => v.id === HEALTH_CASES.formerMemberWithShift.volunteerId);
    if (former) this.placeOn(former, this.nowMs + HOUR_MS, this.nowMs + 7 * DAY_MS, 1, () => this.nextDailyShift(former));
  }

  /**
   * Makes sure `volunteer` is on at least `wanted` open shifts starting in [fromMs, toMs). A full
   * shift gives up one of its places, so fill levels stay as generated. Places the volunteer
   * already had by chance count, and are kept like the new ones: later room-making must not undo them.
   */
  private placeOn(volunteer: SimVolunteer, fromMs: number, toMs: number, wanted: number, fallback?: () => SimShift): void {
    const inWindow = this.shifts.filter((shift) => {
      const startMs = Date.parse(shift.startsAt);
      return startMs >= fromMs && startMs < toMs && !shift.closedAt;
    });
    const isOn = (shift: SimShift) => shift.volunteerShifts.some((vs) => vs.volunteerId === volunteer.id);
    const counted = inWindow.filter(isOn).slice(0, wanted);
    for (const shift of counted) this.placedByHand.add(shift.volunteerShifts.find((vs) => vs.volunteerId === volunteer.id)!.id);
    let missing = wanted - counted.length;
    const candidates = this.random.shuffle(inWindow.filter((shift) => !isOn(shift)));
    while (missing > 0) {
      const shift = candidates.pop() ?? fallback?.();
      if (!shift) return;
      if (shift.volunteerShifts.length >= shift.maxVolunteers && !this.makeRoom(shift)) continue;
      const placed = this.assign(shift, volunteer);
      this.placedByHand.add(placed.id);
      // The signed-in volunteer has confirmed their own upcoming shifts.
      if (volunteer.id === SIGNED_IN_VOLUNTEER_ID) placed.confirmedAt ??= placed.createdAt;
      missing--;
    }
  }

  /** The week's rota always has a place to fill, whatever the day: if every open shift is full, one gives up a place. */
  private leaveAPlaceToFillThisWeek(): void {
    const week = this.shifts.filter((shift) => {
      const startMs = Date.parse(shift.startsAt);
      return startMs > this.nowMs && startMs <= this.nowMs + 7 * DAY_MS && !shift.closedAt;
    });
    if (week.some((shift) => shift.volunteerShifts.length < shift.maxVolunteers)) return;
    week.some((shift) => this.makeRoom(shift));
  }

  /**
   * The week's open shifts, from an hour ahead to six days ahead: inside the popup's week of
   * calendar days (today and the six after) in any zone, on any instant.
   */
  private upcomingWeek(): SimShift[] {
    return this.shifts.filter((shift) => {
      const startMs = Date.parse(shift.startsAt);
      return startMs > this.nowMs + HOUR_MS && startMs <= this.nowMs + 6 * DAY_MS && !shift.closedAt;
    });
  }

  /**
   * "Could you help?" always has something for the signed-in volunteer: a shift this week on a
   * rota they are on this week, without them, with a place to fill.
   */
  private leaveHelpWantedOnMyRotas(): void {
    const week = this.upcomingWeek();
    const isMine = (shift: SimShift) => shift.volunteerShifts.some((vs) => vs.volunteerId === SIGNED_IN_VOLUNTEER_ID);
    const myRotas = new Set(week.filter(isMine).map((shift) => shift.rotaId));
    const others = week.filter((shift) => myRotas.has(shift.rotaId) && !isMine(shift));
    if (others.some((shift) => shift.volunteerShifts.length < shift.maxVolunteers)) return;
    if (others.some((shift) => this.makeRoom(shift))) return;
    // None of my rotas has another shift this week: two of the library's, one mine, one empty.
    const me = this.volunteers[0] as SimVolunteer;
    const mine = this.nextDailyShift(me);
    this.placedByHand.add(this.assign(mine, me).id);
    this.addShift(addDays(this.today, 2), CATALOGUING_AT_19).volunteerShifts = [];
  }

  /** Someone has put their place up for swap on a shift this week, whatever the day. */
  private putAPlaceUpForSwapThisWeek(): void {
    const places = this.upcomingWeek().flatMap((shift) => shift.volunteerShifts.filter((vs) => vs.volunteerId !== SIGNED_IN_VOLUNTEER_ID));
    if (places.length === 0 || places.some((vs) => vs.putForSwapAt)) return;
    const place = this.random.pick(places);
    place.putForSwapAt = isoTimestamp(this.nowMs - 5 * HOUR_MS);
    place.updatedAt = latest(place.updatedAt, place.putForSwapAt);
  }

  /** Frees a place on a full shift by removing someone placed at random; false if there is nobody. */
  private makeRoom(shift: SimShift): boolean {
    const removable = shift.volunteerShifts.filter((vs) => !this.placedByHand.has(vs.id));
    if (removable.length === 0) return false;
    const givenUp = this.random.pick(removable);
    shift.volunteerShifts = shift.volunteerShifts.filter((vs) => vs !== givenUp);
    return true;
  }

  /** A library shift at the next 10:00 or 19:00 (London) at least an hour away: always within 24 h. */
  private nextDailyShift(volunteer: SimVolunteer): SimShift {
    for (let offset = 0; ; offset++) {
      const date = addDays(this.today, offset);
      for (const hour of [10, 19]) {
        if (londonToInstant(date, hour) >= this.nowMs + HOUR_MS) {
          const shift = this.addShift(date, { ...CATALOGUING_AT_19, hour });
          shift.volunteerShifts = shift.volunteerShifts.filter((vs) => vs.volunteerId !== volunteer.id).slice(0, 1);
          return shift;
        }
      }
    }
  }

  /** One upcoming rehearsal is cancelled: closed, and nobody on it. */
  private closeOneUpcomingRehearsal(): void {
    const rehearsal = this.shifts.find(
      (shift) => shift.rotaId === ROTAS.rehearsalSetUp.id && Date.parse(shift.startsAt) > this.nowMs + 3 * DAY_MS,
    );
    if (!rehearsal) return;
    rehearsal.closedAt = isoTimestamp(this.nowMs - 2 * DAY_MS);
    rehearsal.title = 'Cancelled: hall unavailable';
    rehearsal.volunteerShifts = [];
  }

  private firstDateOnOrAfter(daysAhead: number, wantedWeekday: number): CalendarDate {
    let date = addDays(this.today, daysAhead);
    while (weekday(date) !== wantedWeekday) date = addDays(date, 1);
    return date;
  }
}

function latest(...timestamps: string[]): string {
  return timestamps.reduce((a, b) => (b > a ? b : a));
}

// ---------------------------------------------------------------------------------------------
// Events and news

function generateEvents(
  random: SeededRandom,
  nowMs: number,
  today: CalendarDate,
  volunteers: SimVolunteer[],
  shifts: SimShift[],
): SimEvent[] {
  const adminId = SIGNED_IN_VOLUNTEER_ID + 1;
  let nextId = FIRST_EVENT_ID;
  const stored = (date: CalendarDate, name: string, eventType: string, description: string): SimEvent => {
    const createdMs = Math.min(nowMs, Date.parse(`${date}T12:00:00Z`)) - random.int(7, 40) * DAY_MS;
    return { id: nextId++, name, description, eventType, date, createdAt: isoTimestamp(createdMs), updatedAt: isoTimestamp(createdMs), creatorId: adminId };
  };
  const events: SimEvent[] = [
    stored(addDays(today, -12), 'Summer social', 'Social', 'Picnic in the park after rehearsal.'),
    stored(addDays(today, -3), 'Choir photo', 'Other', 'Wear concert black.'),
    stored(addDays(today, 1), 'Concert dress orders due', 'Deadline', 'Hand forms to Dana.'),
    stored(addDays(today, 3), 'Sectional: Sopranos & Altos', 'Rehearsal', 'Church hall, 19:00. Bring a pencil <and> your score.'),
    stored(addDays(today, 9), 'Committee meeting', 'Meeting', ''),
    stored(addDays(today, 35), 'AGM', 'Meeting', 'Annual General Meeting, followed by cheese & wine.'),
  ];
  const concertDates = new Map<CalendarDate, string>();
  for (const shift of shifts) {
    if (shift.rotaId === ROTAS.frontOfHouse.id) concertDates.set(londonDate(Date.parse(shift.startsAt)), shift.title);
  }
  for (const [date, title] of concertDates) {
    events.push(stored(date, title, 'Concert', 'Doors 18:30, concert 19:30. Black & white concert dress.'));
  }
  // Birthdays are virtual events: no id, no url, no creator.
  for (const [offset, volunteer] of [[2, volunteers[2]], [6, volunteers[5]], [20, volunteers[9]]] as const) {
    if (!volunteer) continue;
    events.push({
      id: null,
      name: `${volunteer.friendlyName}'s birthday`,
      description: '',
      eventType: 'Birthday',
      date: addDays(today, offset),
      createdAt: null,
      updatedAt: null,
      creatorId: null,
    });
  }
  return events.sort((a, b) => a.date.localeCompare(b.date));
}

function generateNews(nowMs: number): SimNewsItem[] {
  const adminId = SIGNED_IN_VOLUNTEER_ID + 1;
  const item = (
    index: number,
    daysAgo: number,
    title: string,
    body: string,
    extra: Partial<Pick<SimNewsItem, 'priority' | 'sticky' | 'expiresAt'>> = {},
  ): SimNewsItem => {
    const createdAt = isoTimestamp(nowMs - daysAgo * DAY_MS - index * 3_600_000);
    return { id: FIRST_NEWS_ID + index, title, body, priority: 'normal', sticky: false, createdAt, updatedAt: createdAt, expiresAt: null, creatorId: adminId, ...extra };
  };
  return [
    item(0, 20, 'Welcome to the new season', '<p>Welcome back, everyone! Rehearsals are on <strong>Tuesdays &amp; Thursdays</strong> at 19:00.</p>', {
      sticky: true,
      priority: 'high',
    }),
    item(1, 1, 'Guest post from our accompanist', '<p>Thanks for a wonderful term!</p><script>alert("news")</script><img src="x" onerror="alert(\'news\')">'),
    item(2, 2, 'Car park resurfacing', '<p>The church car park is closed next <em>Tuesday</em>. Please use the station car park.</p>', {
      expiresAt: isoTimestamp(nowMs + 7 * DAY_MS),
    }),
    item(3, 5, 'Music library: please return your scores', '<p>We are missing 12 copies of <cite>Carmina Burana</cite>. Check your bags!</p>', {
      priority: 'low',
    }),
    item(4, 9, 'Tea rota swaps', '<p>Need a swap? Put your shift up for swap, or see the <a href="https://example.org/tea">tea guide</a>.</p>'),
  ];
}
