import { jsonReply, type Reply } from '../three-rings/http';
import type { CiviCrmData } from './data';
import {
  type ApiRecord,
  compareValues,
  contactsInGroups,
  DEFAULT_FIELDS,
  type EntityName,
  isField,
  likeValue,
  recordsOf,
  sameValue,
  type SortKey,
  sortRecords,
  type Value,
} from './entities';

/**
 * APIv4 at `/civicrm/ajax/api4/{Entity}/{action}` (reference §B1, §B4): `params` is a JSON string
 * in the query or a form field, values are typed, `values` is always an array, and errors come
 * with HTTP 400/403/405/500 and `{error_code, error_message, status}`.
 */

type Json = Record<string, unknown>;

/** A problem with the call's params: HTTP 500 in the error shape. */
class ParamsError extends Error {}

export function v4Error(status: number, message: string, code: number | string = 0): Reply {
  return jsonReply(status, { error_code: code, error_message: message, status });
}

export const v4Unauthorized = (): Reply => v4Error(403, 'Authorization failed');

export const v4DoesNotExist = (entity: string, action: string): Reply => v4Error(500, `Api ${entity}::${action} does not exist.`);

export const v4CsrfAlert = (): Reply =>
  jsonReply(400, { error_code: 400, error_message: 'SECURITY ALERT: Ajax requests can only be issued by javascript clients, eg. CRM.api4().' });

export const v4MustPost = (): Reply => jsonReply(405, { error_code: 405, error_message: 'SECURITY: All requests that modify the database must be http POST, not GET.' });

/** GET may only read: `get*` and `autocomplete`. */
export const isV4ReadAction = (action: string) => /^get/i.test(action) || action === 'autocomplete';

/** `params` from the query or form; a JSON request body never gets here (the server reads only `params`). */
export function parseV4Params(raw: string | null): Json | undefined {
  if (raw === null || raw.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Json) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `{Entity}.get`: where, orderBy, offset and limit, then select. Without `emailPrimary` it is an
 * APIv4 older than the `email_primary` join, which drops that field from `select` unasked.
 */
export function v4Get(data: CiviCrmData, entity: EntityName, params: Json, emailPrimary = true): Reply {
  try {
    const matched = filterRecords(data, entity, recordsOf(data, entity), params.where ?? []);
    const sorted = sortRecords(matched, sortKeys(entity, params.orderBy));
    const limit = nonNegative(params.limit, 'limit');
    const offset = nonNegative(params.offset, 'offset');
    const page = sorted.slice(offset, limit ? offset + limit : undefined);
    const { fields, rowCount } = selectedFields(entity, params.select);
    const values = page.map((record) => pick(record, emailPrimary ? fields : fields.filter((field) => field !== 'email_primary.email')));
    return jsonReply(200, {
      values,
      entity,
      action: 'get',
      debug: null,
      version: 4,
      count: values.length,
      countFetched: values.length,
      // Known only when nothing was cut off by a limit, or when asked for.
      ...((!limit || rowCount) && { countMatched: matched.length }),
    });
  } catch (error) {
    if (error instanceof ParamsError) return v4Error(500, error.message);
    throw error;
  }
}

function nonNegative(value: unknown, name: string): number {
  if (value === undefined || value === null) return 0;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new ParamsError(`Invalid value for param ${name}`);
  return number;
}

/** `select`: `*` (or nothing) is the entity's own fields; the id always comes first. */
function selectedFields(entity: EntityName, select: unknown): { fields: string[]; rowCount: boolean } {
  if (select !== undefined && !Array.isArray(select)) throw new ParamsError('Invalid value for param select');
  const asked = (select ?? []).map(String);
  const rowCount = asked.includes('row_count');
  const explicit = asked.filter((field) => field !== '*' && field !== 'row_count');
  const fields = asked.length === 0 || asked.includes('*') ? [...DEFAULT_FIELDS[entity], ...explicit] : explicit;
  return { fields: [...new Set(['id', ...fields])].filter((field) => isField(entity, field)), rowCount };
}

function pick(record: ApiRecord, fields: string[]): ApiRecord {
  return Object.fromEntries(fields.map((field) => [field, record[field] ?? null]));
}

function sortKeys(entity: EntityName, orderBy: unknown): SortKey[] {
  if (orderBy === undefined || orderBy === null) return [];
  if (typeof orderBy !== 'object' || Array.isArray(orderBy)) throw new ParamsError('Invalid value for param orderBy');
  return Object.entries(orderBy as Json).map(([field, direction]) => {
    if (!isField(entity, field)) throw new ParamsError(`Invalid field '${field}' in orderBy`);
    return { field, descending: String(direction).toUpperCase() === 'DESC' };
  });
}

// ---------------------------------------------------------------------------------------------
// where

function filterRecords(data: CiviCrmData, entity: EntityName, records: ApiRecord[], where: unknown): ApiRecord[] {
  if (!Array.isArray(where)) throw new ParamsError('Invalid value for param where');
  const test = allOf(data, entity, where);
  return records.filter(test);
}

type Test = (record: ApiRecord) => boolean;

function allOf(data: CiviCrmData, entity: EntityName, clauses: unknown[]): Test {
  const tests = clauses.map((clause) => clauseTest(data, entity, clause));
  return (record) => tests.every((test) => test(record));
}

/** `[field, op, value]`, or `["OR"|"AND"|"NOT", [clauses]]`. */
function clauseTest(data: CiviCrmData, entity: EntityName, clause: unknown): Test {
  if (!Array.isArray(clause) || typeof clause[0] !== 'string') throw new ParamsError('Invalid clause in where');
  const [field, op, value] = clause as [string, unknown, unknown];
  if (field === 'AND' || field === 'OR' || field === 'NOT') {
    if (!Array.isArray(op)) throw new ParamsError(`Invalid ${field} clause in where`);
    const tests = op.map((inner) => clauseTest(data, entity, inner));
    if (field === 'OR') return (record) => tests.some((test) => test(record));
    if (field === 'NOT') return (record) => !tests.every((test) => test(record));
    return (record) => tests.every((test) => test(record));
  }
  const operator = String(op ?? '=').toUpperCase();
  // Contact's `groups` is a filter, not a field: it includes smart groups' members.
  if (entity === 'Contact' && field === 'groups') return groupsTest(data, operator, value);
  if (!isField(entity, field)) throw new ParamsError(`Invalid field '${field}' in where`);
  const compare = comparison(operator, value);
  return (record) => compare(record[field] ?? null);
}

function groupsTest(data: CiviCrmData, operator: string, value: unknown): Test {
  const ids = (Array.isArray(value) ? value : [value]).map(Number);
  const members = contactsInGroups(data, ids);
  if (operator === 'IN' || operator === '=') return (record) => members.has(Number(record.id));
  if (operator === 'NOT IN' || operator === '!=' || operator === '<>') return (record) => !members.has(Number(record.id));
  throw new ParamsError(`Illegal operator '${operator}' for groups`);
}

function comparison(operator: string, expected: unknown): (actual: Value) => boolean {
  const list = () => {
    if (!Array.isArray(expected)) throw new ParamsError(`Operator ${operator} requires an array`);
    return expected as unknown[];
  };
  switch (operator) {
    case '=':
      return (actual) => sameValue(actual, expected);
    case '!=':
    case '<>':
      return (actual) => actual !== null && !sameValue(actual, expected);
    case 'IN': {
      const items = list();
      return (actual) => items.some((item) => sameValue(actual, item));
    }
    case 'NOT IN': {
      const items = list();
      return (actual) => actual !== null && !items.some((item) => sameValue(actual, item));
    }
    case 'IS NULL':
      return (actual) => actual === null;
    case 'IS NOT NULL':
      return (actual) => actual !== null;
    case 'LIKE':
      return (actual) => likeValue(actual, expected);
    case 'NOT LIKE':
      return (actual) => actual !== null && !likeValue(actual, expected);
    case '>':
    case '>=':
    case '<':
    case '<=':
      return (actual) => actual !== null && ordered(operator, compareValues(actual, (typeof actual === 'number' ? Number(expected) : expected) as Value));
    default:
      throw new ParamsError(`Illegal operator '${operator}'`);
  }
}

function ordered(operator: '>' | '>=' | '<' | '<=', order: number): boolean {
  return operator === '>' ? order > 0 : operator === '>=' ? order >= 0 : operator === '<' ? order < 0 : order <= 0;
}
