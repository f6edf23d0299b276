import { useState } from 'preact/hooks';
import type { SourceRef } from '@/lib/model';
import type { HealthSystem, SystemState } from '@/lib/health/report';
import { t } from '@/lib/i18n';
import { formatAgo, type FormatOptions } from '@/lib/format';
import { byName, FINDING_GROUPS, type Finding, type FindingGroup, type FindingKind, type HealthRecord } from '@/lib/health/findings';
import { findingSentence, GROUP_LABELS, KIND_LABELS, systemName } from '@/lib/health/words';
import { SERVICE_NAMES } from '@/lib/problems';
import { ProblemBanner } from '../shared/ProblemBanner';

export interface HealthState {
  findings: Finding[];
  systems: Record<HealthSystem, SystemState>;
  civiCrmNoMemberships: boolean;
  /** The outcome of the member's last action, for the live region. */
  status: string;
}

export interface HealthActions {
  link(first: SourceRef, second: SourceRef, names: [string, string]): void;
  exportCsv(findings: Finding[]): void;
  copyTable(findings: Finding[]): void;
  openSettings(): void;
}

type Sort = 'kind' | 'name' | 'nameReverse';
type Filter = FindingKind | 'all';

/** Findings are drawn a page at a time: a large choir has thousands, and the first page is what is read. */
export const FINDINGS_PER_PAGE = 100;

const SYSTEMS: HealthSystem[] = ['threeRings', 'harmonySite', 'civiCrm'];
const MISSING: Record<HealthSystem, 'healthMissingThreeRings' | 'healthMissingHarmonySite' | 'healthMissingCiviCrm'> = {
  threeRings: 'healthMissingThreeRings',
  harmonySite: 'healthMissingHarmonySite',
  civiCrm: 'healthMissingCiviCrm',
};

/** The data health page: counts by kind, a filter and a sort, and the findings, a page at a time. */
export function HealthView({ state, actions, now, format }: { state: HealthState; actions: HealthActions; now: number; format?: FormatOptions }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [sort, setSort] = useState<Sort>('kind');
  const [pages, setPages] = useState(1);
  const counts = countByKind(state.findings);
  const shown = sorted(state.findings.filter((finding) => filter === 'all' || finding.kind === filter), sort);
  const visible = shown.slice(0, pages * FINDINGS_PER_PAGE);
  const missing = SYSTEMS.filter((system) => !state.systems[system].read);
  const choose = (next: Filter) => {
    setFilter(next);
    setPages(1);
  };

  return (
    <main class="health page">
      <h1>{t('healthTitle')}</h1>
      <p>{t('healthIntro')}</p>
      <ReadTimes systems={state.systems} now={now} format={format} />
      {SYSTEMS.map((system) => {
        const { problem, url } = state.systems[system];
        return problem && <ProblemBanner key={system} problem={problem} format={format} {...(url && { siteUrl: url })} onOpenSettings={actions.openSettings} />;
      })}
      {(missing.length > 0 || state.civiCrmNoMemberships) && (
        <section aria-labelledby="not-set-up-heading" class="not-set-up">
          <h2 id="not-set-up-heading">{t('healthNotSetUpHeading')}</h2>
          <ul>
            {missing.map((system) => (
              <li key={system} data-missing={system}>
                {t(MISSING[system])}
              </li>
            ))}
            {state.civiCrmNoMemberships && <li data-missing="civiCrmMemberships">{t('healthCiviCrmNoMemberships')}</li>}
          </ul>
          <button type="button" onClick={actions.openSettings}>
            {t('healthOpenSettings')}
          </button>
        </section>
      )}

      {state.findings.length === 0 ? (
        missing.length < SYSTEMS.length && (
          <p class="all-agree" role="status">
            {t('healthAllAgree')}
          </p>
        )
      ) : (
        <>
          <KindFilter counts={counts} total={state.findings.length} filter={filter} onChoose={choose} />
          <div class="row controls">
            <label class="inline-field">
              <span>{t('healthSortLabel')}</span>
              <select value={sort} onChange={(event) => setSort((event.target as HTMLSelectElement).value as Sort)}>
                <option value="kind">{t('healthSortKind')}</option>
                <option value="name">{t('healthSortName')}</option>
                <option value="nameReverse">{t('healthSortNameReverse')}</option>
              </select>
            </label>
            <button type="button" class="export-csv" onClick={() => actions.exportCsv(shown)} disabled={shown.length === 0}>
              {t('healthExportCsv')}
            </button>
            <button type="button" class="copy-table" onClick={() => actions.copyTable(shown)} disabled={shown.length === 0}>
              {t('healthCopyTable')}
            </button>
          </div>
          {shown.length === 0 ? (
            <p class="empty">{t('healthNothingOfKind')}</p>
          ) : (
            <ul class="findings" aria-label={filter === 'all' ? t('healthAll', [String(shown.length)]) : t(KIND_LABELS[filter])}>
              {visible.map((finding) => (
                <FindingItem key={findingKey(finding)} finding={finding} format={format} actions={actions} />
              ))}
            </ul>
          )}
          {visible.length < shown.length && (
            <p class="row">
              <span class="hint">{t('healthShowing', [String(visible.length), String(shown.length)])}</span>
              <button type="button" class="show-more" onClick={() => setPages(pages + 1)}>
                {t('healthShowMore', [String(Math.min(FINDINGS_PER_PAGE, shown.length - visible.length))])}
              </button>
            </p>
          )}
        </>
      )}
      <p class="status" role="status" aria-live="polite">
        {state.status}
      </p>
    </main>
  );
}

function ReadTimes({ systems, now, format }: { systems: HealthState['systems']; now: number; format?: FormatOptions | undefined }) {
  const read = SYSTEMS.filter((system) => systems[system].readAt !== undefined);
  if (read.length === 0) return null;
  return (
    <p class="hint read-times">
      {read.map((system) => t('healthReadAt', [SERVICE_NAMES[system], formatAgo(systems[system].readAt!, now, format)])).join(' · ')}
    </p>
  );
}

function KindFilter({ counts, total, filter, onChoose }: { counts: Map<FindingKind, number>; total: number; filter: Filter; onChoose: (filter: Filter) => void }) {
  const option = (value: Filter, label: string, count: number) => (
    <label class="kind-option" key={value} data-kind={value} data-count={count}>
      <input type="radio" name="kind" value={value} checked={filter === value} onChange={() => onChoose(value)} disabled={count === 0} />
      <span>{label}</span>
    </label>
  );
  return (
    <fieldset class="kind-filter">
      <legend>{t('healthFilterLegend')}</legend>
      {option('all', t('healthAll', [String(total)]), total)}
      {(Object.keys(FINDING_GROUPS) as FindingGroup[]).map((group) => (
        <fieldset key={group} class="kind-group">
          <legend>{t(GROUP_LABELS[group])}</legend>
          {FINDING_GROUPS[group].map((kind) => option(kind, t('healthKindCount', [t(KIND_LABELS[kind]), String(counts.get(kind) ?? 0)]), counts.get(kind) ?? 0))}
        </fieldset>
      ))}
    </fieldset>
  );
}

function FindingItem({ finding, format, actions }: { finding: Finding; format?: FormatOptions | undefined; actions: HealthActions }) {
  const records = finding.people.flatMap((person) => person.records);
  const probable = (finding.kind === 'volunteerOnly' || finding.kind === 'memberOnly') && finding.probablySame;
  const subject = records[0];
  return (
    <li class="finding" data-kind={finding.kind} data-records={records.map((record) => `${record.ref.source}:${record.ref.id}`).join(' ')}>
      <p>
        <span class="tag kind">{t(KIND_LABELS[finding.kind])}</span> <span class="sentence">{findingSentence(finding, format)}</span>
      </p>
      <p class="record-links">
        {[...records, ...(probable ? [probable] : [])].map((record) => (
          <RecordLink key={`${record.ref.source}:${record.ref.id}`} record={record} />
        ))}
        {probable && subject && (
          <button type="button" class="link-them" aria-label={t('healthLinkThemLabel', [subject.name, `${probable.name} (${systemName(probable)})`])} onClick={() => actions.link(subject.ref, probable.ref, [subject.name, probable.name])}>
            {t('healthLinkThem')}
          </button>
        )}
      </p>
    </li>
  );
}

function RecordLink({ record }: { record: HealthRecord }) {
  const label = t('healthRecordLabel', [record.name, systemName(record)]);
  if (!record.link) return <span class="tag">{systemName(record)}</span>;
  return (
    <a class="record-link" href={record.link} target="_blank" rel="noreferrer" aria-label={label} title={label} data-source={record.ref.source}>
      {systemName(record)}
    </a>
  );
}

function countByKind(findings: Finding[]): Map<FindingKind, number> {
  const counts = new Map<FindingKind, number>();
  for (const finding of findings) counts.set(finding.kind, (counts.get(finding.kind) ?? 0) + 1);
  return counts;
}

/** Findings come by kind then name; the other orders are by name alone. */
function sorted(findings: Finding[], sort: Sort): Finding[] {
  if (sort === 'kind') return findings;
  const byNames = [...findings].sort(byName);
  return sort === 'name' ? byNames : byNames.reverse();
}

function findingKey(finding: Finding): string {
  return `${finding.kind}|${finding.kind === 'sharedEmail' ? finding.email : ''}|${finding.people.flatMap((person) => person.records.map((record) => `${record.ref.source}:${record.ref.id}`)).join(',')}`;
}
