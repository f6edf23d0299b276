import { render } from 'preact';
import { Popup } from './Popup';
import { readSnapshot } from './snapshot';
import './style.css';

// Draw what was shown last time in the very first frame; storage and messaging load meanwhile.
const live = import('./live');
const snapshot = readSnapshot();
const app = document.getElementById('app')!;
if (snapshot) render(<Popup initial={snapshot} live={live} />, app);
else void live.then(async ({ readPopupData }) => render(<Popup initial={await readPopupData()} live={live} />, app));
