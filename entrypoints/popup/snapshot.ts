import type { PopupData } from '@/components/popup/PopupView';

/**
 * A copy of what the popup last showed, in this page's localStorage. Reading it is synchronous,
 * so the popup's first frame already shows the cached shifts; extension storage, read a moment
 * later, stays the source of truth.
 */
const SNAPSHOT_KEY = 'descant.popupSnapshot.v1';

export function readSnapshot(): PopupData | undefined {
  try {
    const text = localStorage.getItem(SNAPSHOT_KEY);
    const data = text ? (JSON.parse(text) as PopupData) : undefined;
    return data && typeof data === 'object' && 'status' in data ? data : undefined;
  } catch {
    return undefined;
  }
}

export function writeSnapshot(data: PopupData): void {
  try {
    localStorage.setItem(SNAPSHOT_KEY, JSON.stringify(data));
  } catch {
    // Full or disabled: the popup still works, just without the instant first frame.
  }
}
