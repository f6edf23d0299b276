import type { SourceRef } from '@/lib/model';
import type { HealthSystem, SystemState } from '@/lib/health/report';
import { t } from '@/lib/i18n';
import { formatAgo, type FormatOptions } from '@/lib/format';
import { FINDING_GROUPS, type Finding, type FindingGroup, type HealthRecord } from '@/lib/health/findings';
import { FINDINGS_PER_PAGE, type FindingSort, type FindingsPage, type FindingsView } from '@/lib/health/view';
import { findingSentence, GROUP_LABELS, KIND_LABELS, systemName } from '@/lib/health/words';
import { SERVICE_NAMES } from '@/lib/problems';
import { ProblemBanner } from '../shared/ProblemBanner';

/** The background's report: one view of the findings (the one chosen), and where they come from. */
export interface HealthState extends FindingsPage {
  systems: Record<HealthSystem, SystemState>;
  civiCrmNoMemberships: boolean;
  /** When the report was read, for "read … ago". */
  now: number;
  /** The outcome of the member's last action, for the live region. */
  status: string;
}

export interface HealthActions {
  /** Another kind, order or number of findings to draw. */
  show(view: FindingsView): void;
  link(first: SourceRef, second: SourceRef, names: [string, string]): void;
  /** Export or copy everything the view matches, drawn or not. */
  exportCsv(): void;
  copyTable(): void;
  openSettings(): void;
}

const SYSTEMS: HealthSystem[] = ['threeRings', 'harmonySite', 'civiCrm'];
const MISSING: Record<HealthSystem, 'healthMissingThreeRings' | 'healthMissingHarmonySite' | 'healthMissingCiviCrm'> = {
  threeRings: 'healthMissingThreeRings',
  harmonySite: 'healthMissingHarmonySite',
  civiCrm: 'healthMissingCiviCrm',
};

/** The data health page: counts by kind, a filter and a sort, and the findings, a page at a time. */
export function HealthView({ state, actions, format }: { state: HealthState; actions: HealthActions; format?: FormatOptions }) {
  const { view, findings, matching } = state;
  const missing = SYSTEMS.filter((system) => !state.systems[system].read);
  // A new kind or order starts again from its first page.
  const choose = (next: Pick<FindingsView, 'kind' | 'sort'>) => actions.show({ ...next, count: FINDINGS_PER_PAGE });

  return (
    <main class="health page">
      <h1>{t('healthTitle')}</h1>
      <p>{t('healthIntro')}</p>
      <ReadTimes systems={state.systems} now={state.now} format={format} />
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

      {state.total === 0 ? (
        missing.length < SYSTEMS.length && (
          <p class="all-agree" role="status">
            {t('healthAllAgree')}
          </p>
        )
      ) : (
        <>
          <KindFilter counts={state.counts} total={state.total} filter={view.kind} onChoose={(kind) => choose({ kind, sort: view.sort })} />
          <div class="row controls">
            <label class="inline-field">
              <span>{t('healthSortLabel')}</span>
              <select value={view.sort} onChange={(event) => choose({ kind: view.kind, sort: (event.target as HTMLSelectElement).value as FindingSort })}>
                <option value="kind">{t('healthSortKind')}</option>
                <option value="name">{t('healthSortName')}</option>
                <option value="nameReverse">{t('healthSortNameReverse')}</option>
              </select>
            </label>
            <button type="button" class="export-csv" onClick={actions.exportCsv} disabled={matching === 0}>
              {t('healthExportCsv')}
            </button>
            <button type="button" class="copy-table" onClick={actions.copyTable} disabled={matching === 0}>
              {t('healthCopyTable')}
            </button>
          </div>
          {matching === 0 ? (
            <p class="empty">{t('healthNothingOfKind')}</p>
          ) : (
            <ul class="findings" aria-label={view.kind === 'all' ? t('healthAll', [String(matching)]) : t(KIND_LABELS[view.kind])}>
              {findings.map((finding) => (
                <FindingItem key={findingKey(finding)} finding={finding} format={format} actions={actions} />
              ))}
            </ul>
          )}
          {findings.length < matching && (
            <p class="row">
              <span class="hint">{t('healthShowing', [String(findings.length), String(matching)])}</span>
              <button type="button" class="show-more" onClick={() => actions.show({ ...view, count: findings.length + FINDINGS_PER_PAGE })}>
                {t('healthShowMore', [String(Math.min(FINDINGS_PER_PAGE, matching - findings.length))])}
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

function KindFilter({ counts, total, filter, onChoose }: { counts: FindingsPage['counts']; total: number; filter: FindingsView['kind']; onChoose: (filter: FindingsView['kind']) => void }) {
  const option = (value: FindingsView['kind'], label: string, count: number) => (
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
          {FINDING_GROUPS[group].map((kind) => option(kind, t('healthKindCount', [t(KIND_LABELS[kind]), String(counts[kind] ?? 0)]), counts[kind] ?? 0))}
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

function findingKey(finding: Finding): string {
  return `${finding.kind}|${finding.kind === 'sharedEmail' ? finding.email : ''}|${finding.people.flatMap((person) => person.records.map((record) => `${record.ref.source}:${record.ref.id}`)).join(',')}`;
}
