import { escapeHtml } from '../three-rings/html';
import type { Login } from './auth';
import type { HarmonySiteData, Row, TableName } from './data';
import type { Fault } from './faults';

/**
 * The bodies `/api` answers with, in the shape PHP's SimpleXML → json_encode gives (reference
 * §A3): `@attributes` wrappers, every value a string, empty fields as `{}`, one record as an
 * object, none as no `record` key at all. The same body is sent as XML on `output=xml`.
 */

export type ApiBody = { '@attributes': { status: 'okay' | 'error' } } & Record<string, unknown>;

interface TableInfo {
  singular: string;
  plural: string;
  /** Shown as "Sat 5 Dec 2026" unless raw, with the raw date beside it as RAW_<field>. */
  dates: readonly string[];
  /** Shown as "Yes"/"No" unless raw ('1'/'0'). */
  booleans: readonly string[];
}

const TABLES: Readonly<Record<TableName, TableInfo>> = {
  members: { singular: 'member', plural: 'members', dates: [], booleans: ['Searchable'] },
  memberships: { singular: 'membership', plural: 'memberships', dates: ['Registration'], booleans: ['MailList'] },
  // A two-word label, like Jonjump's "photo gallery", so the pre-2023 key shows its underscore.
  participations: { singular: 'ensemble participation', plural: 'participations', dates: [], booleans: ['FrontRow'] },
  events: { singular: 'event', plural: 'events', dates: ['start', 'Until'], booleans: ['Public'] },
};

/** The server sends at most this many records a page, whatever `n` asks for. */
export const SERVER_PAGE_LIMIT = 50;
const DEFAULT_PAGE_SIZE = 20;
/** Parameters that are not field filters. Field names are case-sensitive: `member=12` filters nothing. */
const NOT_FILTERS = new Set(['endpoint', 'output', 'token', 'table', 'n', 'startrec', 'start', 'raw', 'username', 'password']);

export const apiError = (message: string): ApiBody => ({ '@attributes': { status: 'error' }, error: message });

export const authorised = (token: string): ApiBody => ({ '@attributes': { status: 'okay' }, token });

/** A flat list of settings; not all of a site's hundreds are shared. */
export function configReply(host: string): ApiBody {
  const config = { SiteName: 'St Cecilia Singers', SiteURL: `https://${host}`, TimeZone: 'Europe/London', Country: 'United Kingdom', Currency: 'GBP', MemberTerm: 'member', Logo: {} };
  return { '@attributes': { status: 'okay' }, config };
}

/** `browse`: what the login may see, filtered, sorted (members by surname), then one page of it. */
export function browseReply(data: HarmonySiteData, params: URLSearchParams, login: Login, fault: Fault | undefined): ApiBody {
  const table = params.get('table') ?? '';
  if (!Object.hasOwn(TABLES, table)) return apiError(`Unknown table: ${table}`);
  const info = TABLES[table as TableName];
  let rows = login.hiddenTables.has(table as TableName) ? [] : data[table as TableName];
  for (const [field, value] of params) {
    if (!NOT_FILTERS.has(field) && rows.some((row) => field in row)) rows = rows.filter((row) => row[field] === value);
  }
  if (table === 'members') rows = [...rows].sort((a, b) => `${a.Surname} ${a.FirstName}`.localeCompare(`${b.Surname} ${b.FirstName}`, 'en-GB'));
  if (fault?.kind === 'empty-table') rows = [];
  if (fault?.kind === 'single-record') rows = rows.slice(0, 1);

  const start = Math.max(1, Math.floor(Number(params.get('startrec') ?? params.get('start') ?? 1)) || 1);
  const size = Math.min(SERVER_PAGE_LIMIT, Math.max(1, Math.floor(Number(params.get('n') ?? DEFAULT_PAGE_SIZE)) || DEFAULT_PAGE_SIZE));
  const raw = params.get('raw') === '1';
  const page = rows.slice(start - 1, start - 1 + size).map((row, index) => ({ '@attributes': { index: String(start + index) }, ...fields(row, info, raw) }));
  const key = fault?.kind === 'old-array-key' ? info.singular.replace(/ /g, '_') : 'record';
  const counts = { singular: info.singular, plural: info.plural, available: String(rows.length), count: String(page.length) };
  // SimpleXML's way: one record is an object, none is no key at all.
  const records = page.length === 0 ? {} : { [key]: page.length === 1 ? page[0] : page };
  return { '@attributes': { status: 'okay' }, records: { '@attributes': counts, ...records } };
}

function fields(row: Row, info: TableInfo, raw: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  const set = (field: string, value: string) => (record[field] = value === '' ? {} : value);
  for (const [field, value] of Object.entries(row)) {
    if (raw) set(field, value);
    else if (info.booleans.includes(field)) set(field, value === '1' ? 'Yes' : 'No');
    else if (info.dates.includes(field)) {
      set(field, value && displayDate(value));
      set(`RAW_${field}`, value);
    } else set(field, value);
  }
  return record;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-12-05" → "Sat 5 Dec 2026". */
export function displayDate(isoDate: string): string {
  const date = new Date(`${isoDate}T12:00:00Z`);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** The XML the JSON was made from: `@attributes` as attributes, arrays as repeated elements. */
export function toXml(body: ApiBody): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('api', body)}`;
}

function element(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => element(name, item)).join('');
  if (typeof value !== 'object' || value === null) return `<${name}>${escapeHtml(String(value))}</${name}>`;
  const { '@attributes': attributes = {}, ...children } = value as Record<string, unknown>;
  const attributeText = Object.entries(attributes as Record<string, unknown>).map(([key, text]) => ` ${key}="${escapeHtml(String(text))}"`).join('');
  return `<${name}${attributeText}>${Object.entries(children).map(([key, child]) => element(key, child)).join('')}</${name}>`;
}
