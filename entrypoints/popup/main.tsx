import { render, type VNode } from 'preact';
import { Popup } from './Popup';
import { readSnapshot } from './snapshot';

type Live = typeof import('./live');

/** Storage and messaging load once the first frame is on screen, so they never delay it. */
function loadLiveAfterPaint(): Promise<Live> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))).then(() => import('./live'));
}

/** The view takes over from the kept frame (first-frame.ts) in one go, so nothing flickers. */
function show(popup: VNode): void {
  app.replaceChildren();
  app.inert = false;
  app.removeAttribute('aria-busy');
  render(popup, app);
}

// Draw from what was shown last time at once; with nothing saved, wait for storage.
const snapshot = readSnapshot();
const app = document.getElementById('app')!;
if (snapshot) show(<Popup initial={snapshot} live={loadLiveAfterPaint()} />);
else {
  const live = import('./live');
  void live.then(async ({ readPopupData }) => show(<Popup initial={await readPopupData()} live={live} />));
}
