import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HealthView, type HealthActions, type HealthState } from '@/components/health/HealthView';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import { findingsTable, toClipboardTable, toCsv } from '@/lib/health/export';
import { watchHealthInput } from '@/lib/health/report';
import { HEALTH_MEASURES, type Finding } from '@/lib/health/findings';
import { FIRST_VIEW, type FindingsView } from '@/lib/health/view';
import { useLatestRead, watchFromNow, type Watching } from '@/components/shared/useLatestRead';
import { withDecision } from '@/lib/people/decisions';
import { peopleLinks } from '@/lib/store';
import '@/components/theme.css';
import '@/components/page.css';
import './style.css';

/** The background works the findings out (it has the people joined already), keeps them, and hands over the ones drawn. */
async function readState(view: FindingsView): Promise<HealthState> {
  const start = performance.now();
  const report = await sendMessage({ type: 'healthReport', view });
  performance.measure(HEALTH_MEASURES.asked, { start });
  return { ...report, now: Date.now(), status: '' };
}

function Health({ initial, watching }: { initial: HealthState; watching: Watching }) {
  /** The view asked for last: a read started by a change asks for it too. */
  const view = useRef(initial.view);
  const { state, setState, reload } = useLatestRead(initial, () => readState(view.current), watching);
  const say = (status: string) => setState((previous) => ({ ...previous, status }));

  useEffect(() => {
    // What Descant keeps may be old: bring it up to date behind the page, which redraws as it lands.
    void sendMessage({ type: 'refresh', force: false }).catch((error: unknown) => console.warn('[Descant] could not ask for a refresh', error));
  }, []);

  /** Everything the current view matches, not only what is drawn. */
  const everything = async () => (await sendMessage({ type: 'healthReport', view: { kind: view.current.kind, sort: view.current.sort } })).findings;

  const actions: HealthActions = {
    show(next) {
      view.current = next;
      // The choice shows at once; its findings follow.
      setState((previous) => ({ ...previous, view: next }));
      void reload();
    },
    link(first, second, [firstName, secondName]) {
      void peopleLinks
        .getValue()
        .then((links) => peopleLinks.setValue(withDecision(links, first, second, true)))
        .then(
          () => reload(t('healthLinked', [firstName, secondName])),
          (error: unknown) => {
            console.warn('[Descant] could not save the link', error);
            say(t('healthLinkFailed'));
          },
        );
    },
    exportCsv() {
      void everything().then(exportCsv, (error: unknown) => {
        console.warn('[Descant] could not export the findings', error);
        say(t('healthExportFailed'));
      });
    },
    copyTable() {
      void copyTable(everything()).then(
        (count) => say(t('healthCopied', [String(count)])),
        (error: unknown) => {
          console.warn('[Descant] could not copy the table', error);
          say(t('healthCopyFailed'));
        },
      );
    },
    openSettings() {
      void browser.runtime.openOptionsPage();
    },
  };

  /** Downloads them as a CSV file. */
  function exportCsv(findings: Finding[]) {
    const url = URL.createObjectURL(new Blob([toCsv(findingsTable(findings))], { type: 'text/csv;charset=utf-8' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: t('healthFileName') });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(t('healthExported', [String(findings.length)]));
  }

  return <HealthView state={state} actions={actions} />;
}

/**
 * As an HTML table where the browser can (an email keeps its columns), else as tab-separated
 * text; returns how many findings were copied. The table is promised to the clipboard, so the
 * write starts within the click, as browsers ask, while the findings are still being fetched.
 */
async function copyTable(findings: Promise<Finding[]>): Promise<number> {
  const table = findings.then((all) => ({ count: all.length, ...toClipboardTable(findingsTable(all)) }));
  if (typeof ClipboardItem === 'undefined') {
    await navigator.clipboard.writeText((await table).text);
  } else {
    const blob = (type: 'text/plain' | 'text/html') => table.then(({ text, html }) => new Blob([type === 'text/html' ? html : text], { type }));
    await navigator.clipboard.write([new ClipboardItem({ 'text/plain': blob('text/plain'), 'text/html': blob('text/html') })]);
  }
  return (await table).count;
}

document.title = t('healthTitle');
// Watching starts before the first ask, so a change while it is answered is not missed.
const watching = watchFromNow(watchHealthInput);
void readState(FIRST_VIEW).then((initial) => {
  const start = performance.now();
  render(<Health initial={initial} watching={watching} />, document.getElementById('app')!);
  performance.measure(HEALTH_MEASURES.rendered, { start });
  // The frame after the one the findings are in: from the page's start to there, they were drawn.
  requestAnimationFrame(() => setTimeout(() => performance.measure(HEALTH_MEASURES.drawn), 0));
});
