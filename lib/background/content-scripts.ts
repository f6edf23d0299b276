import browser from 'webextension-polyfill';
import { hostPattern } from '../net/host-pattern';

const HARMONYSITE_SCRIPT = { id: 'descant-harmonysite', js: ['content-scripts/harmonysite.js'] };

/**
 * The HarmonySite badges run on the choir's own site, whose address is only known at run time
 * (profile or Settings), so their content script is registered here rather than in the
 * manifest, and only once the member has granted that site. Called at start-up and whenever
 * the address or the permissions change; does nothing when already right.
 */
export async function syncHarmonySiteScript(origin: string | undefined): Promise<void> {
  const pattern = origin && hostPattern(origin);
  const wanted = pattern && (await browser.permissions.contains({ origins: [pattern] })) ? [pattern] : [];
  const [current] = await browser.scripting.getRegisteredContentScripts({ ids: [HARMONYSITE_SCRIPT.id] });
  if (current && sameList(current.matches ?? [], wanted)) return;
  if (current) await browser.scripting.unregisterContentScripts({ ids: [HARMONYSITE_SCRIPT.id] });
  if (wanted.length === 0) return;
  await browser.scripting.registerContentScripts([
    // Not persisted: the background registers it again at every start, from the current settings.
    { ...HARMONYSITE_SCRIPT, matches: wanted, runAt: 'document_start', persistAcrossSessions: false },
  ]);
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}
