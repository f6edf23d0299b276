import { t } from '../i18n';
import type { FormatOptions } from '../format';
import type { SourceRef } from '../model';
import type { Finding } from './findings';
import { findingSentence, KIND_LABELS } from './words';

/**
 * The findings as a table (one row per finding: the person, the finding, and each system's ids
 * and links), for a CSV file or for pasting into an email.
 */

const SYSTEMS: SourceRef['source'][] = ['threeRings', 'harmonySite', 'civiCrm'];

export function findingsTable(findings: Finding[], format: FormatOptions = {}): string[][] {
  const header = [t('healthColumnKind'), t('healthColumnPerson'), t('healthColumnFinding'), ...SYSTEMS.flatMap((system) => [t(ID_COLUMNS[system]), t(LINK_COLUMNS[system])])];
  return [header, ...findings.map((finding) => findingRow(finding, format))];
}

const ID_COLUMNS = { threeRings: 'healthColumnThreeRingsId', harmonySite: 'healthColumnHarmonySiteId', civiCrm: 'healthColumnCiviCrmId' } as const;
const LINK_COLUMNS = { threeRings: 'healthColumnThreeRingsLink', harmonySite: 'healthColumnHarmonySiteLink', civiCrm: 'healthColumnCiviCrmLink' } as const;

function findingRow(finding: Finding, format: FormatOptions): string[] {
  const records = [...finding.people.flatMap((person) => person.records), ...(finding.kind === 'volunteerOnly' || finding.kind === 'memberOnly' ? (finding.probablySame ? [finding.probablySame] : []) : [])];
  const systemCells = SYSTEMS.flatMap((system) => {
    const inSystem = records.filter((record) => record.ref.source === system);
    return [inSystem.map((record) => String(record.ref.id)).join('; '), inSystem.flatMap((record) => record.link ?? []).join(' ')];
  });
  return [t(KIND_LABELS[finding.kind]), finding.people.map((person) => person.name).join('; '), findingSentence(finding, format), ...systemCells];
}

/** Spreadsheet programs read the file as UTF-8 only when it starts with a byte order mark. */
const BYTE_ORDER_MARK = '\uFEFF';

/** RFC 4180: fields quoted where they hold a quote, comma or line break; lines end in CRLF. */
export function toCsv(rows: string[][]): string {
  return BYTE_ORDER_MARK + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

function csvField(value: string): string {
  const safe = inertInSpreadsheet(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/**
 * A cell starting with = + - @ (or a tab or carriage return) is a formula to a spreadsheet
 * program: a name such as "=HYPERLINK(…)" would run. A leading apostrophe keeps it text.
 */
function inertInSpreadsheet(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** For pasting into an email: a plain-text table (tab-separated) and the same as an HTML table. */
export function toClipboardTable(rows: string[][]): { text: string; html: string } {
  const text = rows.map((row) => row.map((cell) => cell.replace(/[\t\r\n]+/g, ' ')).join('\t')).join('\n');
  const [header = [], ...body] = rows;
  const cells = (row: string[], tag: 'th' | 'td') => `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  const html = `<table><thead>${cells(header, 'th')}</thead><tbody>${body.map((row) => cells(row, 'td')).join('')}</tbody></table>`;
  return { text, html };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
