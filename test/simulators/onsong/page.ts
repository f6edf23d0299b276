import { html, SafeHtml } from '../three-rings/html';
import { stripChords } from './chords';
import type { SimSet, SimSong } from './data';
import type { OnSongFault } from './faults';
import type { TokenEntry } from './tokens';

/**
 * The simulator's own page at `/`, standing in for the iPad's screen during a demo: what is up,
 * the set, who is waiting to be let in, and buttons that post to the /__sim control API. Plain
 * forms (the one script only reloads the page); every string from the library or from a client
 * is escaped.
 */

export interface ControlView {
  song: SimSong | undefined;
  set: SimSet | undefined;
  setSongs: SimSong[];
  songs: SimSong[];
  sets: SimSet[];
  pending: TokenEntry[];
  registered: TokenEntry[];
  fault: OnSongFault | null;
  lastModified: string;
}

/** Reloads every 3 s to show who is asking to pair, but not while a control has focus. */
const REFRESH = `setInterval(() => { if (!document.activeElement || document.activeElement === document.body) location.reload(); }, 3000);`;

const STYLE = `
  body { font: 16px/1.4 system-ui, sans-serif; margin: 1.5rem; max-width: 46rem; color: #1d1d1f; }
  h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
  .now { border: 1px solid #ccc; border-radius: 8px; padding: 1rem; overflow-wrap: anywhere; }
  .now .title { font-size: 1.3rem; font-weight: 600; }
  .current { font-weight: 600; }
  pre { white-space: pre-wrap; background: #f6f6f6; padding: .5rem; }
  form { display: inline-block; margin: .25rem .5rem .25rem 0; }
  button { font-size: 1rem; padding: .4rem .9rem; }
  .fault { color: #a00; }
`;

export function controlPage(view: ControlView): SafeHtml {
  const { song } = view;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>OnSong Connect simulator</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body>
<h1>OnSong Connect simulator</h1>
<section class="now" aria-label="Now showing">
  ${
    song
      ? html`<div class="title" dir="auto">${song.title}</div>
  <div dir="auto">${song.artist}</div>
  <div>Key ${song.transposedKey ?? song.key}${song.transposedKey ? html` (written in ${song.key})` : ''}${song.capo ? html`, capo ${song.capo}` : ''} · ${song.tempo} bpm · ${song.timeSignature}</div>
  ${song.sections.map((section) => html`<h3 dir="auto">${section.label}</h3><pre dir="auto">${section.lines.map(stripChords).join('\n')}</pre>`)}`
      : html`<p>No song is up.</p>`
  }
  <p><small>Last-Modified: ${view.lastModified}</small></p>
</section>
<form method="post" action="/__sim/next"><button>Next song</button></form>
<form method="post" action="/__sim/allow"><button>Allow pairing</button></form>
${view.fault ? html`<p class="fault">Fault on: <code>${JSON.stringify(view.fault)}</code></p>` : ''}

<h2>Waiting to be allowed</h2>
${tokenList(view.pending, 'No one is asking to connect.')}
<h2>Paired devices</h2>
${tokenList(view.registered, 'None yet.')}

<h2>Set${view.set ? html`: <span dir="auto">${view.set.title}</span>` : ''}</h2>
${
  view.set
    ? html`<ol>${view.setSongs.map((item) => html`<li dir="auto"${item.ID === song?.ID ? new SafeHtml(' class="current" aria-current="true"') : ''}>${item.title}</li>`)}</ol>`
    : html`<p>No set is open.</p>`
}
<form method="post" action="/__sim/set">
  <label>Open set <select name="id"><option value="">(none)</option>${view.sets.map((set) => html`<option value="${set.ID}"${set.ID === view.set?.ID ? new SafeHtml(' selected') : ''}>${set.title}</option>`)}</select></label>
  <button>Open</button>
</form>
<form method="post" action="/__sim/song">
  <label>Show song <select name="id">${view.songs.map((item) => html`<option value="${item.ID}"${item.ID === song?.ID ? new SafeHtml(' selected') : ''}>${item.title}</option>`)}</select></label>
  <button>Show</button>
</form>
<script>${new SafeHtml(REFRESH)}</script>
</body>
</html>`;
}

function tokenList(entries: TokenEntry[], empty: string): SafeHtml {
  if (entries.length === 0) return html`<p>${empty}</p>`;
  return html`<ul>${entries.map((entry) => html`<li dir="auto">${entry.name ?? '(no name)'} <small><code>${entry.token}</code></small></li>`)}</ul>`;
}
