import { render } from 'preact';
import { Popup } from './Popup';
import { readSnapshot } from './snapshot';
import './style.css';

type Live = typeof import('./live');

/** Storage and messaging load once the first frame is on screen, so they never delay it. */
function loadLiveAfterPaint(): Promise<Live> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))).then(() => import('./live'));
}

// Draw what was shown last time in the very first frame; with nothing saved, wait for storage.
const snapshot = readSnapshot();
const app = document.getElementById('app')!;
if (snapshot) render(<Popup initial={snapshot} live={loadLiveAfterPaint()} />, app);
else {
  const live = import('./live');
  void live.then(async ({ readPopupData }) => render(<Popup initial={await readPopupData()} live={live} />, app));
}
