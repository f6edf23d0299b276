import { html, SafeHtml } from '../three-rings/html';
import { memberName, type HarmonySiteData, type Row } from './data';

/** How many members the list shows before "Show more". */
export const LIST_PAGE_SIZE = 40;

/** The site's own styles are deliberately heavy-handed: badges must not be touched by them. */
function layout(title: string, body: SafeHtml, signedIn = true): SafeHtml {
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
<header><a href="/">St Cecilia Singers</a>${signedIn && html` | <a href="/dbpage.php?pg=membersonly">Members</a> | <a href="/dbpage.php?pg=admin&amp;dbase=members">Member list</a> | <a href="/dbpage.php?pg=events">Events</a> | <a id="logout" href="/dbaction.php?action=Logout">Log out</a>`}</header>
<main>${body}</main>
</body>
</html>`;
}

export function loginPage(failed = false): SafeHtml {
  return layout(
    'Log in',
    html`<h1>Members' log in</h1>
${failed && html`<p class="error">Sorry, that username and password were not recognised.</p>`}
<form method="post" action="/dbaction.php">
<input type="hidden" name="action" value="Login">
<label>Username <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit" id="login-submit">Log in</button>
</form>`,
    false,
  );
}

export function membersOnlyPage(name: string): SafeHtml {
  return layout('Members only', html`<h1>Welcome, ${name}</h1><p id="signed-in">You are logged in.</p>`);
}

function memberRows(members: Row[]): SafeHtml {
  return html`${members.map(
    (member) => html`<tr class="member-row">
<td><a href="dbpage.php?pg=view&amp;dbase=members&amp;id=${member.id}">${member.Surname}</a></td>
<td>${member.FirstName}</td><td>${member.MobilePhone}</td><td>${member.Email}</td></tr>`,
  )}`;
}

/** The "List" view: surname as the link, with a "Show more" that the page's own script fills in. */
export function memberListPage(data: HarmonySiteData): SafeHtml {
  const first = data.members.slice(0, LIST_PAGE_SIZE);
  return layout(
    'Member list',
    html`<h1>Member list</h1>
<nav class="groupings"><a href="dbpage.php?pg=admin&amp;dbase=members&amp;grouping=1">Singing members</a> | <a href="dbpage.php?pg=admin&amp;dbase=members">Entire database</a></nav>
<table id="member-list"><thead><tr><th>Surname</th><th>Given names</th><th>Phone</th><th>Email</th></tr></thead>
<tbody>${memberRows(first)}</tbody></table>
${data.members.length > LIST_PAGE_SIZE && html`<button type="button" id="show-more" data-page="2">Show more</button>`}
<script>
document.getElementById('show-more')?.addEventListener('click', async (event) => {
  const button = event.currentTarget;
  const reply = await fetch('dbpage.php?pg=admin&dbase=members&fragment=1&page=' + button.dataset.page);
  document.querySelector('#member-list tbody').insertAdjacentHTML('beforeend', await reply.text());
  button.remove();
});
</script>`,
  );
}

export function memberListFragment(data: HarmonySiteData, page: number): SafeHtml {
  return memberRows(data.members.slice((page - 1) * LIST_PAGE_SIZE, data.members.length));
}

export function memberProfilePage(data: HarmonySiteData, member: Row): SafeHtml {
  const part = data.participations.find((row) => row.Member === member.id)?.Part;
  const status = data.memberships.find((row) => row.Member === member.id)?.Status;
  return layout(
    memberName(member),
    html`<h1>${memberName(member)}</h1>
<table class="details"><tr><th>Given names</th><td>${member.FirstName}</td></tr><tr><th>Email</th><td>${member.Email}</td></tr>
<tr><th>Section</th><td>${part}</td></tr><tr><th>Status</th><td>${status}</td></tr></table>`,
  );
}

export function eventsPage(data: HarmonySiteData): SafeHtml {
  return layout(
    'Events',
    html`<h1>Events</h1><ul>${data.events.map((event) => html`<li><a href="dbpage.php?pg=view&amp;dbase=events&amp;id=${event.id}">${event.Title}</a> ${event.RAW_start}</li>`)}</ul>`,
  );
}

export function eventPage(data: HarmonySiteData, event: Row): SafeHtml {
  const roster = (event.Roster ?? '').split('|').flatMap((id) => data.members.filter((member) => member.id === id));
  return layout(
    event.Title ?? 'Event',
    html`<h1>${event.Title}</h1><p>${event.RAW_start} ${event.Time}</p>
<h2>Roster</h2><ul class="roster">${roster.map((member) => html`<li><a href="dbpage.php?pg=view&amp;dbase=members&amp;id=${member.id}">${memberName(member)}</a></li>`)}</ul>`,
  );
}

export function notFoundPage(): SafeHtml {
  return layout('Not found', html`<h1>Page not found</h1>`);
}
