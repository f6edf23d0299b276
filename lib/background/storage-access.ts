import browser from 'webextension-polyfill';

type AccessLevel = 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS';
type RestrictableArea = { setAccessLevel?(options: { accessLevel: AccessLevel }): Promise<void> };

/**
 * Keeps extension storage (secrets included) to the extension's own pages and background,
 * away from content scripts, where the browser offers the switch: Chrome does for
 * `storage.local`; Firefox (153) does not, as SECURITY.md says. Content scripts need none of
 * it: they ask the background, and it tells them of changes.
 */
export async function keepStorageFromContentScripts(): Promise<'restricted' | 'not offered'> {
  const local = browser.storage.local as unknown as RestrictableArea;
  if (typeof local.setAccessLevel !== 'function') return 'not offered';
  await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
  return 'restricted';
}
