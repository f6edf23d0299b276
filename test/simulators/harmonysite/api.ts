import type { Fault } from './faults';
import type { HarmonySiteData, Row } from './data';

/** The API's reply body, before faults that damage the text. */
export type ApiReply = Record<string, unknown>;

const SINGULAR: Record<string, string> = { members: 'member', memberships: 'membership', participations: 'participation', events: 'event' };
/** The server sends at most this many records a page, whatever `n` asks. */
export const SERVER_PAGE_LIMIT = 50;
/** Tables the section-leader login may not read: browse answers, but with nothing. */
export const HIDDEN_FROM_SECTION_LEADER = new Set(['memberships']);

const okay = { '@attributes': { status: 'okay' } };
export const apiError = (message: string): ApiReply => ({ '@attributes': { status: 'error' }, error: message });

/** `browse`: paging by `startrec` (or the older `start`), case-sensitive filters, and the quirks of PHP's XML→JSON. */
export function browse(data: HarmonySiteData, params: URLSearchParams, fault: Fault, canSee: (table: string) => boolean): ApiReply {
  const table = params.get('table') ?? '';
  const rows = (data as unknown as Record<string, Row[] | undefined>)[table];
  if (!SINGULAR[table] || !rows) return apiError(`Unknown table "${table}"`);
  const reserved = new Set(['endpoint', 'token', 'table', 'n', 'startrec', 'start', 'raw', 'output']);
  let visible = canSee(table) ? rows : [];
  for (const [field, value] of params) if (!reserved.has(field)) visible = visible.filter((row) => row[field] === value);
  if (fault.kind === 'empty-table' && fault.table === table) visible = [];
  if (fault.kind === 'single-record' && fault.table === table) visible = visible.slice(0, 1);

  const start = Math.max(1, Number(params.get('startrec') ?? params.get('start') ?? '1') || 1);
  const size = Math.min(SERVER_PAGE_LIMIT, Math.max(1, Number(params.get('n') ?? '20') || 20));
  const page = visible.slice(start - 1, start - 1 + size).map((row, index) => shaped(row, start + index, params.get('raw') === '1'));
  const key = fault.kind === 'old-array-key' ? SINGULAR[table]!.replace(/ /g, '_') : 'record';
  return {
    ...okay,
    records: {
      '@attributes': { singular: SINGULAR[table], plural: table, available: String(visible.length), count: String(page.length) },
      // One record is an object, none is no key at all: SimpleXML's way.
      ...(page.length === 1 ? { [key]: page[0] } : page.length > 1 ? { [key]: page } : {}),
    },
  };
}

export function config(siteName: string): ApiReply {
  return { ...okay, config: { SiteName: siteName, TimeZone: 'Europe/London', Currency: 'GBP', Logo: {} } };
}

export function authorised(token: string): ApiReply {
  return { ...okay, token };
}

/** Empty fields as {}; dates shown as words unless `raw`, with RAW_ copies as the site sends. */
function shaped(row: Row, index: number, raw: boolean): Record<string, unknown> {
  const record: Record<string, unknown> = { '@attributes': { index: String(index) } };
  for (const [field, value] of Object.entries(row)) {
    const shown = !raw && field === 'start' && value ? displayDate(value) : value;
    record[field] = shown === '' ? {} : shown;
  }
  return record;
}

function displayDate(isoDate: string): string {
  return new Date(`${isoDate}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}
