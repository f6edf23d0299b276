import { escapeHtml } from '../three-rings/html';
import { JSON_CONTENT_TYPE, type Reply } from '../three-rings/http';
import type { CiviCrmData } from './data';
import { type ApiRecord, contactsInGroups, type EntityName, likeValue, recordsOf, sameValue, type SortKey, sortRecords, type Value } from './entities';

/**
 * APIv3, as `/civicrm/ajax/rest` and the legacy `extern/rest.php` answer it (reference §B1, §B4,
 * §B6): params in `json=<JSON>` (or `json=1` and flat params), every value a string, `values`
 * keyed by id unless `sequential`, errors as `{"is_error":1,…}` with HTTP 200.
 */

type Json = Record<string, unknown>;

/** What a v3 call comes to, before it is written as JSON or XML. */
export type V3Result =
  | { kind: 'success'; sequential: boolean; rows: [id: string, values: Record<string, string | string[]>][] }
  | { kind: 'error'; body: Json };

export const v3Error = (message: string, extra: Json = {}): V3Result => ({ kind: 'error', body: { is_error: 1, error_message: message, ...extra } });

export const v3MustPost = () => v3Error('SECURITY: All requests that modify the database must be http POST, not GET.');

export const v3DoesNotExist = (entity: string, action: string) => v3Error(`API (${entity}, ${action}) does not exist (join the API team and implement it!)`);

export const v3Unauthorized = (entity: string, action: string, needed: readonly string[]): V3Result => ({
  kind: 'error',
  body: { is_error: 1, error_code: 'unauthorized', error_message: `API permission check failed for ${entity}/${action} call; insufficient permission: require ${needed.join(' and ')}` },
});

export function v3CsrfAlert(ip: string, referer: string): V3Result {
  return v3Error('SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api3().', { IP: ip, level: 'security', referer, reason: 'CSRF suspected' });
}

/** GET may only read. */
export const isV3ReadAction = (action: string) => /^get/i.test(action);

// ---------------------------------------------------------------------------------------------
// Params

/** Request params that are about the call, not for the API. */
const NOT_API_PARAMS = new Set(['q', 'json', 'key', 'api_key', 'entity', 'action', '_authx', '_authxSiteKey', 'PHPSESSID']);

/** `json={…}` decoded, then every other request param on top (PHP's `a[b]=c` as nested objects). */
export function parseV3Params(request: URLSearchParams): { params: Json } | { error: V3Result } {
  const json = request.get('json') ?? '';
  let params: Json = {};
  if (json.trimStart().startsWith('{')) {
    try {
      params = JSON.parse(json) as Json;
    } catch {
      return { error: v3Error('Unable to decode supplied JSON.') };
    }
  }
  for (const [name, value] of request) if (!NOT_API_PARAMS.has(name)) setPhpStyle(params, name, value);
  return { params };
}

function setPhpStyle(params: Json, name: string, value: string): void {
  const nested = /^([^[\]]+)\[([^[\]]*)\]$/.exec(name);
  if (!nested) return void (params[name] = value);
  const [, outer = '', inner = ''] = nested;
  const target = typeof params[outer] === 'object' && params[outer] !== null ? (params[outer] as Json) : (params[outer] = {});
  target[inner] = value;
}

// ---------------------------------------------------------------------------------------------
// Fields: each v3 name and where it comes from

type Source = string | ((record: ApiRecord, data: CiviCrmData) => Value);

interface V3Entity {
  fields: Readonly<Record<string, Source>>;
  /** Returned when `return` is not given. */
  defaults: readonly string[];
  /** Always returned, whatever `return` says. */
  always: readonly string[];
  /** Contact's v3 get fills unset fields with ""; the others leave them out. */
  blankNulls: boolean;
}

const V3_ENTITIES: Readonly<Record<EntityName, V3Entity>> = {
  Contact: {
    fields: {
      contact_id: 'id', contact_type: 'contact_type', contact_sub_type: 'contact_sub_type', sort_name: 'sort_name', display_name: 'display_name',
      first_name: 'first_name', middle_name: 'middle_name', last_name: 'last_name', nick_name: 'nick_name', email: 'email_primary.email',
      organization_name: 'organization_name', household_name: 'household_name', contact_is_deleted: 'is_deleted', is_deleted: 'is_deleted',
      is_deceased: 'is_deceased', created_date: 'created_date', id: 'id',
    },
    defaults: ['contact_id', 'contact_type', 'contact_sub_type', 'sort_name', 'display_name', 'first_name', 'middle_name', 'last_name', 'nick_name', 'email', 'organization_name', 'household_name', 'contact_is_deleted', 'is_deceased', 'id'],
    always: ['contact_id', 'id'],
    blankNulls: true,
  },
  Email: {
    fields: { id: 'id', contact_id: 'contact_id', location_type_id: 'location_type_id', email: 'email', is_primary: 'is_primary' },
    defaults: ['id', 'contact_id', 'location_type_id', 'email', 'is_primary'],
    always: ['id'],
    blankNulls: false,
  },
  Group: {
    fields: { id: 'id', name: 'name', title: 'title', description: 'description', is_active: 'is_active', visibility: 'visibility', group_type: 'group_type', saved_search_id: 'saved_search_id' },
    defaults: ['id', 'name', 'title', 'description', 'is_active', 'visibility', 'group_type', 'saved_search_id'],
    always: ['id'],
    blankNulls: false,
  },
  GroupContact: {
    fields: {
      id: 'id', group_id: 'group_id', contact_id: 'contact_id', status: 'status',
      title: (record, data) => data.groups.find((group) => group.id === record.group_id)?.title ?? null,
    },
    defaults: ['id', 'group_id', 'contact_id', 'title', 'status'],
    always: ['id'],
    blankNulls: false,
  },
  Membership: {
    fields: {
      id: 'id', contact_id: 'contact_id', membership_type_id: 'membership_type_id', membership_name: 'membership_type_id:name', status_id: 'status_id',
      join_date: 'join_date', start_date: 'start_date', end_date: 'end_date',
    },
    defaults: ['id', 'contact_id', 'membership_type_id', 'membership_name', 'status_id', 'start_date', 'end_date'],
    always: ['id'],
    blankNulls: false,
  },
  MembershipType: { fields: { id: 'id', name: 'name', is_active: 'is_active' }, defaults: ['id', 'name'], always: ['id'], blankNulls: false },
  MembershipStatus: {
    fields: { id: 'id', name: 'name', label: 'label', is_current_member: 'is_current_member', is_active: 'is_active' },
    defaults: ['id', 'name', 'label'],
    always: ['id'],
    blankNulls: false,
  },
};

function read(source: Source, record: ApiRecord, data: CiviCrmData): Value {
  return typeof source === 'string' ? (record[source] ?? null) : source(record, data);
}

/** PHP's way of printing values: "1"/"0" for flags, arrays item by item. */
function asText(value: Value): string | string[] | undefined {
  if (value === null) return undefined;
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'boolean') return value ? '1' : '0';
  return String(value);
}

// ---------------------------------------------------------------------------------------------
// get

/** Params that shape the call rather than filter it. */
const RESERVED = new Set(['sequential', 'options', 'return', 'check_permissions', 'version', 'debug', 'prettyprint', 'group', 'entity', 'action']);
const DEFAULT_LIMIT = 25;

export function v3Get(data: CiviCrmData, entity: EntityName, params: Json): V3Result {
  const spec = V3_ENTITIES[entity];
  let records = recordsOf(data, entity).filter(filterTest(data, entity, spec, params));
  const options = optionsOf(params.options);
  records = sortRecords(records, sortKeys(spec, options.sort));
  const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit) || 0;
  const offset = Number(options.offset) || 0;
  const page = records.slice(offset, limit > 0 ? offset + limit : undefined);
  const fields = returnedFields(spec, params.return);
  const rows = page.map((record): [string, Record<string, string | string[]>] => [String(record.id), v3Values(spec, fields, record, data)]);
  return { kind: 'success', sequential: isTrue(params.sequential), rows };
}

function v3Values(spec: V3Entity, fields: readonly string[], record: ApiRecord, data: CiviCrmData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const field of fields) {
    const text = asText(read(spec.fields[field]!, record, data));
    if (text !== undefined) values[field] = text;
    else if (spec.blankNulls) values[field] = '';
  }
  return values;
}

function optionsOf(options: unknown): Json {
  if (typeof options === 'string') {
    try {
      return JSON.parse(options) as Json;
    } catch {
      return {};
    }
  }
  return options && typeof options === 'object' ? (options as Json) : {};
}

/** `return`: "a,b", ["a","b"] or {"a":1}; unknown names are ignored. */
function returnedFields(spec: V3Entity, wanted: unknown): string[] {
  if (wanted === undefined || wanted === null || wanted === '') return [...spec.defaults];
  const names = typeof wanted === 'string' ? wanted.split(',') : Array.isArray(wanted) ? wanted.map(String) : Object.keys(wanted as Json);
  const asked = names.map((name) => name.trim()).filter((name) => name in spec.fields);
  const [first, ...rest] = spec.always;
  // Contact puts contact_id first and id last; the others have only id, first.
  return [...new Set(spec.always.length > 1 ? [first!, ...asked, ...rest] : [first!, ...asked])];
}

/** "sort_name ASC, id DESC", in v3 field names. */
function sortKeys(spec: V3Entity, sort: unknown): SortKey[] {
  if (typeof sort !== 'string' || !sort.trim()) return [];
  return sort.split(',').flatMap((part) => {
    const [name = '', direction = 'ASC'] = part.trim().split(/\s+/);
    const source = spec.fields[name];
    return typeof source === 'string' ? [{ field: source, descending: direction.toUpperCase() === 'DESC' }] : [];
  });
}

const isTrue = (value: unknown) => value === true || value === 1 || value === '1' || value === 'true';

// ---------------------------------------------------------------------------------------------
// Filters: any param named like a field, Contact's `group`, GroupContact's `status` (default Added)

function filterTest(data: CiviCrmData, entity: EntityName, spec: V3Entity, params: Json): (record: ApiRecord) => boolean {
  const tests: ((record: ApiRecord) => boolean)[] = [];
  for (const [name, condition] of Object.entries(params)) {
    const source = spec.fields[name];
    if (RESERVED.has(name) || source === undefined) continue;
    tests.push((record) => meets(read(source, record, data), condition));
  }
  if (entity === 'GroupContact' && params.status === undefined) tests.push((record) => record.status === 'Added');
  if (entity === 'Contact' && params.group !== undefined && params.group !== '') {
    const members = contactsInGroups(data, groupIds(params.group));
    tests.push((record) => members.has(Number(record.id)));
  }
  return (record) => tests.every((test) => test(record));
}

/** A v3 condition: a value, a list (IN), or {"IN":[…]}, {"!=":x}, {"IS NULL":1}, {"LIKE":"a%"}… */
function meets(actual: Value, condition: unknown): boolean {
  if (Array.isArray(condition)) return condition.some((item) => sameValue(actual, item));
  if (!condition || typeof condition !== 'object') return sameValue(actual, condition);
  return Object.entries(condition as Json).every(([operator, operand]) => {
    switch (operator.toUpperCase()) {
      case 'IN':
        return Array.isArray(operand) && operand.some((item) => sameValue(actual, item));
      case 'NOT IN':
        return actual !== null && Array.isArray(operand) && !operand.some((item) => sameValue(actual, item));
      case '=':
        return sameValue(actual, operand);
      case '!=':
      case '<>':
        return actual !== null && !sameValue(actual, operand);
      case 'IS NULL':
        return actual === null;
      case 'IS NOT NULL':
        return actual !== null;
      case 'LIKE':
        return likeValue(actual, operand);
      default:
        return false;
    }
  });
}

/** `group`: 3, "3", "3,4", [3, 4], {"IN":[3]} or the old {"3":1}. */
function groupIds(group: unknown): number[] {
  if (typeof group === 'number') return [group];
  if (typeof group === 'string') return group.split(',').map(Number);
  if (Array.isArray(group)) return group.map(Number);
  if (group && typeof group === 'object') {
    const inList = (group as Json).IN;
    return Array.isArray(inList) ? inList.map(Number) : Object.keys(group).map(Number);
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Output

/**
 * The JSON, written by hand so `values` keeps the server's order when keyed by id (JavaScript
 * objects would put integer keys in ascending order; PHP's arrays keep insertion order).
 */
export function v3Json(result: V3Result): string {
  if (result.kind === 'error') return JSON.stringify(result.body);
  const { rows, sequential } = result;
  const head = `{"is_error":0,"version":3,"count":${rows.length},${rows.length === 1 ? `"id":${Number(rows[0]![0])},` : ''}"values":`;
  const values = sequential ? JSON.stringify(rows.map(([, row]) => row)) : `{${rows.map(([id, row]) => `${JSON.stringify(id)}:${JSON.stringify(row)}`).join(',')}}`;
  return `${head}${values}}`;
}

export function v3JsonReply(result: V3Result): Reply {
  return { status: 200, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: v3Json(result) };
}

/** The legacy default: one `<Result>` per record, or one for the whole reply when it is an error. */
export function v3Xml(result: V3Result): string {
  const records = result.kind === 'error' ? [result.body] : result.rows.map(([, row]) => row);
  const results = records.map((record) => `<Result>\n${Object.entries(record).map(([name, value]) => xmlElement(name, value)).join('')}</Result>\n`);
  return `<?xml version="1.0"?>\n<ResultSet xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n${results.join('')}</ResultSet>\n`;
}

function xmlElement(name: string, value: unknown): string {
  const text = Array.isArray(value) ? value.join(',') : String(value);
  return `<${name}>${escapeHtml(text)}</${name}>\n`;
}

export function v3XmlReply(result: V3Result): Reply {
  return { status: 200, headers: { 'Content-Type': 'text/xml; charset=utf-8' }, body: v3Xml(result) };
}
