import './style.css';
import { restoreFrame } from './frame';

/*
 * The popup's first script, and all it needs for its first frame: the last rendering, drawn as
 * it was kept. The view itself loads once that frame is on screen, so it never delays it.
 */
const app = document.getElementById('app')!;
if (restoreFrame(app)) {
  // A picture of the view until the view takes over (main.tsx): not yet to be used or read out.
  app.inert = true;
  app.setAttribute('aria-busy', 'true');
  requestAnimationFrame(() => setTimeout(() => void import('./main'), 0));
} else void import('./main');
