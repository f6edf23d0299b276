import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { HealthView, type HealthActions, type HealthState } from '@/components/health/HealthView';
import { t } from '@/lib/i18n';
import { sendMessage } from '@/lib/messages';
import { findingsTable, toClipboardTable, toCsv } from '@/lib/health/export';
import { watchHealthInput } from '@/lib/health/report';
import { HEALTH_MEASURES, type Finding } from '@/lib/health/findings';
import { withDecision } from '@/lib/people/decisions';
import { peopleLinks } from '@/lib/store';
import '@/components/theme.css';
import '@/components/page.css';
import './style.css';

/** The background works the findings out (it has the people joined already) and keeps them. */
async function readState(): Promise<HealthState> {
  const start = performance.now();
  const report = await sendMessage({ type: 'healthReport' });
  performance.measure(HEALTH_MEASURES.asked, { start });
  return { ...report, status: '' };
}

function Health({ initial }: { initial: HealthState }) {
  const [state, setState] = useState(initial);
  const [now, setNow] = useState(Date.now());
  /**
   * Counts reads, so one that finishes after a newer one cannot put older findings back on
   * screen; a status given to a read overtaken so (by the one storage's change started) is shown by the newer one.
   */
  const reads = useRef({ count: 0, status: undefined as string | undefined });
  const reload = async (status?: string) => {
    const read = ++reads.current.count;
    if (status !== undefined) reads.current.status = status;
    const fresh = await readState();
    if (read !== reads.current.count) return;
    const shown = reads.current.status;
    reads.current.status = undefined;
    setNow(Date.now());
    setState((previous) => ({ ...fresh, status: shown ?? previous.status }));
  };
  const say = (status: string) => setState((previous) => ({ ...previous, status }));

  useEffect(() => {
    const stop = watchHealthInput(() => void reload());
    // A change between the first read and watching would stay unseen until the next one.
    void reload();
    // What Descant keeps may be old: bring it up to date behind the page, which redraws as it lands.
    void sendMessage({ type: 'refresh', force: false }).catch((error: unknown) => console.warn('[Descant] could not ask for a refresh', error));
    return stop;
  }, []);

  const actions: HealthActions = {
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
    exportCsv(findings) {
      const url = URL.createObjectURL(new Blob([toCsv(findingsTable(findings))], { type: 'text/csv;charset=utf-8' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: t('healthFileName') });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      say(t('healthExported', [String(findings.length)]));
    },
    copyTable(findings) {
      void copyTable(findings).then(
        () => say(t('healthCopied', [String(findings.length)])),
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

  return <HealthView state={state} actions={actions} now={now} />;
}

/** As an HTML table where the browser can (an email keeps its columns), else as tab-separated text. */
async function copyTable(findings: Finding[]): Promise<void> {
  const { text, html } = toClipboardTable(findingsTable(findings));
  if (typeof ClipboardItem === 'undefined') return navigator.clipboard.writeText(text);
  const item = new ClipboardItem({ 'text/plain': new Blob([text], { type: 'text/plain' }), 'text/html': new Blob([html], { type: 'text/html' }) });
  return navigator.clipboard.write([item]);
}

document.title = t('healthTitle');
void readState().then((initial) => {
  const start = performance.now();
  render(<Health initial={initial} />, document.getElementById('app')!);
  performance.measure(HEALTH_MEASURES.rendered, { start });
  // The frame after the one the findings are in: from the page's start to there, they were drawn.
  requestAnimationFrame(() => setTimeout(() => performance.measure(HEALTH_MEASURES.drawn), 0));
});
