import { html, type HtmlValue, type SafeHtml } from '../three-rings/html';
import { displayDate } from './api';
import type { HarmonySiteData, Row } from './data';

/**
 * The site's HTML pages, server-rendered, every value through the escaping `html` template.
 * The site's own CSS is deliberately heavy-handed (every span huge and red, content-box
 * everywhere), so tests can prove that badges are isolated from it.
 */

/** Rows in the member list before "Show more", and in each page it fetches. */
const LIST_PAGE_SIZE = 40;

/** Member groupings: the tabs of the member list. No grouping is "Entire database". */
const GROUPINGS: readonly { id: number; name: string; statuses: readonly string[] }[] = [
  { id: 1, name: 'Current members', statuses: ['Active'] },
  { id: 2, name: 'On leave', statuses: ['Leave of absence'] },
  { id: 3, name: 'Past members', statuses: ['Former', 'Deceased'] },
];

function layout(title: string, body: HtmlValue, me?: Row): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>${title} - St Cecilia Singers</title>
<style>
* { box-sizing: content-box; }
span { font-size: 30px !important; color: red; letter-spacing: 3px; }
button { background: yellow; font-size: 24px; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 2px 6px; }
</style>
</head>
<body>
<header><a href="/">St Cecilia Singers</a>${me && html` | <a href="dbpage.php?pg=membersonly">Members</a> | <a href="dbpage.php?pg=admin&amp;dbase=members">Member list</a> | <a href="dbpage.php?pg=events">Events</a> | <span class="who">${displayName(me)}</span> <a id="logout" href="dbaction.php?action=Logout">Log out</a>`}</header>
<main>${body}</main>
</body>
</html>`;
}

/** As the site shows a member: preferred name (or given names) and surname. */
function displayName(member: Row): string {
  return `${member.Greeting || member.FirstName || ''} ${member.Surname ?? ''}`.trim();
}

const memberHref = (member: Row) => `dbpage.php?pg=view&dbase=members&id=${member.id}`;

export function homePage(me?: Row): SafeHtml {
  return layout(
    'Home',
    html`<h1>St Cecilia Singers</h1><p>A community choir. New voices always welcome.</p>
${me ? html`<p><a href="dbpage.php?pg=membersonly">Members' area</a></p>` : html`<p><a href="dbpage.php?pg=login">Members' log in</a></p>`}`,
    me,
  );
}

export function loginPage(failed = false): SafeHtml {
  return layout(
    'Log in',
    html`<h1>Members' log in</h1>
${failed && html`<p class="error">Sorry, that username and password were not recognised.</p>`}
<form method="post" action="dbaction.php">
<input type="hidden" name="action" value="Login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit" id="login-submit">Log in</button>
</form>`,
  );
}

export function membersOnlyPage(me: Row): SafeHtml {
  return layout('Members only', html`<h1>Welcome, <span>${displayName(me)}</span></h1><p id="signed-in">You are logged in.</p>`, me);
}

export function notFoundPage(me?: Row): SafeHtml {
  return layout('Not found', html`<h1>Page not found</h1>`, me);
}

/** Members in a grouping (all of them without one), by surname as the site lists them. */
function membersIn(data: HarmonySiteData, groupingId: number | undefined): Row[] {
  const grouping = GROUPINGS.find((candidate) => candidate.id === groupingId);
  const statusOf = new Map(data.memberships.map((row) => [row.Member, row.Status]));
  return data.members
    .filter((member) => !grouping || grouping.statuses.includes(statusOf.get(member.id ?? '') ?? ''))
    .sort((a, b) => `${a.Surname} ${a.FirstName}`.localeCompare(`${b.Surname} ${b.FirstName}`, 'en-GB'));
}

/** The List view's rows: the surname is the link to the profile. */
function memberRows(members: Row[]): SafeHtml {
  return html`${members.map(
    (member) => html`<tr class="member-row">
<td><a href="${memberHref(member)}">${member.Surname}</a></td>
<td><span class="given">${member.FirstName}</span></td>
<td>${member.MobilePhone || member.HomePhone}</td>
<td>${member.Email && html`<a href="mailto:${member.Email}">${member.Email}</a>`}</td></tr>`,
  )}`;
}

/** The member list, with a "Show more" whose own script adds later pages after load. */
export function memberListPage(data: HarmonySiteData, me: Row, groupingId: number | undefined): SafeHtml {
  const members = membersIn(data, groupingId);
  const pages = Math.ceil(members.length / LIST_PAGE_SIZE);
  const grouping = groupingId === undefined ? '' : `&grouping=${groupingId}`;
  const tab = (id: number | undefined, name: string) =>
    id === groupingId ? html`<strong>${name}</strong>` : html`<a href="dbpage.php?pg=admin&amp;dbase=members${id === undefined ? '' : `&grouping=${id}`}">${name}</a>`;
  return layout(
    'Members',
    html`<h1>Members</h1>
<nav class="groupings">${GROUPINGS.map((candidate) => html`${tab(candidate.id, candidate.name)} | `)}${tab(undefined, 'Entire database')}</nav>
<table id="member-list" class="list-view"><thead><tr><th>Surname</th><th>Given names</th><th>Phone</th><th>Email</th></tr></thead>
<tbody>${memberRows(members.slice(0, LIST_PAGE_SIZE))}</tbody></table>
${pages > 1 && html`<button type="button" id="show-more" data-next="2" data-pages="${pages}" data-src="dbpage.php?pg=admin&amp;dbase=members${grouping}&amp;fragment=1&amp;page=">Show more</button>
<script>
document.getElementById('show-more').addEventListener('click', async (event) => {
  const button = event.currentTarget;
  const page = Number(button.dataset.next);
  const reply = await fetch(button.dataset.src + page);
  document.querySelector('#member-list tbody').insertAdjacentHTML('beforeend', await reply.text());
  if (page >= Number(button.dataset.pages)) button.remove();
  else button.dataset.next = String(page + 1);
});
</script>`}`,
    me,
  );
}

/** Rows for "Show more": page 2 onwards of the list, for the page's script to append. */
export function memberListFragment(data: HarmonySiteData, groupingId: number | undefined, page: number): SafeHtml {
  return memberRows(membersIn(data, groupingId).slice((page - 1) * LIST_PAGE_SIZE, page * LIST_PAGE_SIZE));
}

export function memberProfilePage(data: HarmonySiteData, me: Row, member: Row): SafeHtml {
  const parts = data.participations.filter((row) => row.Member === member.id && row.Status === 'Active').map((row) => row.Part);
  const status = data.memberships.filter((row) => row.Member === member.id).at(-1)?.Status;
  const detail = (label: string, value: HtmlValue) => html`<tr><th>${label}</th><td>${value}</td></tr>`;
  return layout(
    displayName(member),
    html`<h1 class="member-name">${displayName(member)}</h1>
<table class="details">
${detail('Title', member.Title)}${detail('Given names', member.FirstName)}${detail('First name', member.Greeting)}${detail('Surname', member.Surname)}
${detail('Email', member.Email)}${detail('Mobile', member.MobilePhone)}${detail('Home phone', member.HomePhone)}
${detail('Section', [...new Set(parts)].join(', '))}${detail('Status', status)}
</table>`,
    me,
  );
}

export function eventsPage(data: HarmonySiteData, me: Row): SafeHtml {
  return layout(
    'Events',
    html`<h1>Events</h1>
<table class="events">${data.events.map(
      (event) => html`<tr><td>${displayDate(event.start ?? '')}</td><td><a href="dbpage.php?pg=view&amp;dbase=events&amp;id=${event.id}">${event.Title}</a></td><td>${event.Time}</td></tr>`,
    )}</table>`,
    me,
  );
}

/** An event, its description shown as text, and its roster as links to the members. */
export function eventPage(data: HarmonySiteData, me: Row, event: Row): SafeHtml {
  const roster = (event.Roster ?? '').split('|').flatMap((id) => data.members.filter((member) => member.id === id));
  return layout(
    event.Title ?? 'Event',
    html`<h1>${event.Title}</h1>
<p class="when">${displayDate(event.start ?? '')}${event.Until && html` to ${displayDate(event.Until)}`}, ${event.Time}</p>
<p class="description">${event.Description}</p>
<h2>Roster</h2>
<ul class="roster">${roster.map((member) => html`<li><a href="${memberHref(member)}">${displayName(member)}</a></li>`)}</ul>`,
    me,
  );
}
