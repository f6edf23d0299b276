import { afterEach, describe, expect, it, vi } from 'vitest';
import { keepFrame, restoreFrame } from '@/entrypoints/popup/frame';

afterEach(() => {
  localStorage.clear();
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

function popupDrawing(html: string): HTMLElement {
  const app = document.createElement('div');
  app.innerHTML = html; // the test's own markup, standing in for what the view drew
  document.body.append(app);
  return app;
}

describe('the kept first frame', () => {
  it('draws the last rendering again, tags, attributes and text as they were', () => {
    const shown = popupDrawing('<main class="popup"><h1>St Cecilia Singers</h1><ul><li class="shift mine" data-shift-id="10"><time datetime="2026-12-02">Wed 2 Dec</time> Tea &amp; Coffee</li></ul></main>');
    keepFrame(shown);
    const next = document.createElement('div');
    expect(restoreFrame(next)).toBe(true);
    expect(next.innerHTML).toBe(shown.innerHTML);
  });

  it('keeps remote text as text, never as markup, and drops handler attributes', () => {
    const shown = popupDrawing('<p class="song-title"></p>');
    shown.querySelector('p')!.textContent = '<img src=x onerror=alert(1)>Ave';
    keepFrame(shown);
    const kept = JSON.parse(localStorage.getItem('descant.popupFrame.v1')!) as unknown[];
    kept.push(['p', { onclick: 'alert(1)' }, ['hi']]);
    localStorage.setItem('descant.popupFrame.v1', JSON.stringify(kept));
    const next = document.createElement('div');
    restoreFrame(next);
    expect(next.querySelector('img')).toBeNull();
    expect(next.querySelector('.song-title')!.textContent).toBe('<img src=x onerror=alert(1)>Ave');
    expect(next.querySelector('[onclick]')).toBeNull();
  });

  it('keeps only what is within the window: the first frame draws nothing else', () => {
    const shown = popupDrawing('<main><section id="mine">mine</section><section id="song">song</section><section id="rota">rota</section></main>');
    vi.spyOn(document.documentElement, 'clientHeight', 'get').mockReturnValue(580);
    const tops: Record<string, number> = { mine: 40, song: 500, rota: 900 };
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      return { top: tops[this.id] ?? 0 } as DOMRect;
    });
    keepFrame(shown);
    const next = document.createElement('div');
    restoreFrame(next);
    expect([...next.querySelectorAll('section')].map((section) => section.id)).toEqual(['mine', 'song']);
  });

  it('says so when there is none, or what is kept is not a frame', () => {
    expect(restoreFrame(document.createElement('div'))).toBe(false);
    localStorage.setItem('descant.popupFrame.v1', '{not json');
    expect(restoreFrame(document.createElement('div'))).toBe(false);
    localStorage.setItem('descant.popupFrame.v1', JSON.stringify([[1, null, 'x']]));
    expect(restoreFrame(document.createElement('div'))).toBe(false);
  });
});
