import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Chromium cannot grant an optional permission without its prompt, which no script can answer:
 * this copies the Chromium build with `notifications` asked for at install instead. The code is
 * the same; only how the permission came to be held differs.
 */
export function chromiumBuildWithNotifications(): { dir: string; cleanUp: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'descant-notifications-'));
  cpSync(resolve('.output/chrome-mv3'), dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { permissions: string[]; optional_permissions?: string[] };
  manifest.permissions.push('notifications');
  manifest.optional_permissions = manifest.optional_permissions?.filter((name) => name !== 'notifications');
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  return { dir, cleanUp: () => rmSync(dir, { recursive: true, force: true }) };
}
