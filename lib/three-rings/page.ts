/**
 * Reading Three Rings' own pages. Class names differ between themes and change over time, so
 * these anchor on the ids in links (`/directory/ID`) and use classes only as hints.
 */

const DIRECTORY_LINK = /^\/directory\/(\d+)\/?$/;

export interface SignedInVolunteer {
  volunteerId: number;
  name: string;
}

/** Where the page header keeps the signed-in volunteer's own-name link, best guess first. */
const HEADER_AREAS = ['.toplogin_row', '.navbar-right', '.navbar', 'nav', 'header'];

/**
 * The volunteer signed in on this page, from the own-name link at the top right (the one next to
 * "Log out"), or undefined on pages without one (the login page, or an unfamiliar theme).
 */
export function findSignedInVolunteer(doc: Document): SignedInVolunteer | undefined {
  const logout = doc.querySelector('#logout, a[href$="/logout"]');
  const areas = [
    ...(logout ? [logout.closest(HEADER_AREAS.join(','))] : []),
    ...HEADER_AREAS.map((selector) => doc.querySelector(selector)),
  ].filter((area): area is Element => !!area);

  for (const area of areas) {
    for (const link of area.querySelectorAll<HTMLAnchorElement>('a[href*="/directory/"]')) {
      const match = DIRECTORY_LINK.exec(pathOf(link, doc));
      const name = link.textContent?.replace(/\s+/g, ' ').trim();
      if (match && name) return { volunteerId: Number(match[1]), name };
    }
  }
  return undefined;
}

function pathOf(link: HTMLAnchorElement, doc: Document): string {
  try {
    return new URL(link.getAttribute('href') ?? '', doc.baseURI).pathname;
  } catch {
    return '';
  }
}
