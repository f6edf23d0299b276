import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { findSignedInVolunteer } from '@/lib/three-rings/page';

function page(body: string) {
  const window = new Window({ url: 'https://www.3r.org.uk/rota' });
  window.document.body.innerHTML = body;
  return window.document as unknown as Document;
}

describe('findSignedInVolunteer', () => {
  it('reads the own-name link next to Log out, ignoring other directory links', () => {
    const doc = page(`
      <main><a href="/directory/555">Someone Else</a></main>
      <div class="navbar"><div class="toplogin_row">
        <a href="/directory/100001">Alex  Morgan</a> <a id="logout" href="/logout">Log out</a>
      </div></div>`);
    expect(findSignedInVolunteer(doc)).toEqual({ volunteerId: 100001, name: 'Alex Morgan' });
  });

  it('copes with absolute links and a theme without the usual classes', () => {
    const doc = page(`<header><a href="https://www.3r.org.uk/directory/42/">Zoë</a><a href="/logout">Sign out</a></header>`);
    expect(findSignedInVolunteer(doc)).toEqual({ volunteerId: 42, name: 'Zoë' });
  });

  it('finds nobody on the login page', () => {
    expect(findSignedInVolunteer(page('<form action="/auth"><input name="account_session[username]"></form>'))).toBeUndefined();
  });

  it('ignores links that are not a volunteer page', () => {
    const doc = page(`<nav><a href="/directory/100001/photos/thumb.jpg">Photo</a><a href="/logout">Log out</a></nav>`);
    expect(findSignedInVolunteer(doc)).toBeUndefined();
  });
});
