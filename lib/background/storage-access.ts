import browser from 'webextension-polyfill';

type AccessLevel = 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS';
type RestrictableArea = { setAccessLevel?(options: { accessLevel: AccessLevel }): Promise<void> };

/**
 * Keeps extension storage (secrets included) to the extension's own pages and background,
 * away from content scripts, where the browser offers the switch: Chrome does for
 * `storage.local`; Firefox (153) does not, as SECURITY.md says. Content scripts ask the
 * background for the rest, and it tells them of changes.
 */
export async function keepStorageFromContentScripts(): Promise<'restricted' | 'not offered'> {
  const local = browser.storage.local as unknown as RestrictableArea;
  if (typeof local.setAccessLevel !== 'function') return 'not offered';
  await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return 'restricted';
}

/**
 * Opens `storage.session` to content scripts: it holds the sites' badge answers and nothing else
 * (lib/store.ts), so a page opened while the background is stopped draws its badges at once.
 * Both browsers keep it from content scripts until told otherwise; where one cannot be told,
 * the content scripts ask the background, as before.
 */
export async function openBadgeAnswersToContentScripts(): Promise<'opened' | 'not offered'> {
  const session = (browser.storage as unknown as { session?: RestrictableArea }).session;
  if (typeof session?.setAccessLevel !== 'function') return 'not offered';
  await session.setAccessLevel({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
  return 'opened';
}
