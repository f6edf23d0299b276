import type { SimData, SimShift, SimVolunteer } from './data';
import { html, type HtmlValue, type SafeHtml } from './html';
import { addDays, type CalendarDate, londonDate, londonTime, weekday } from './london-time';

/**
 * The HTML pages, with the markup the reference's DOM hints describe (§2.2): Bootstrap-ish
 * chrome, `div.toplogin_row` with the volunteer's own name, the rota month view's
 * `td#day_YYYY_MM_DD` and `div.rota_item` pairs, and the directory's friendly-name cells.
 * Every name goes through the escaping `html` template. Times are London wall-clock time.
 */

interface LayoutOptions {
  title: string;
  /** The signed-in volunteer, or undefined on the login page and plain error pages. */
  me?: SimVolunteer;
  body: HtmlValue;
}

function layout({ title, me, body }: LayoutOptions): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} - Three Rings</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 0; }
.navbar { display: flex; justify-content: space-between; align-items: center; background: #2c3e50; color: #fff; padding: 8px 16px; }
.navbar a { color: #fff; }
.navbar ul.nav { list-style: none; display: flex; gap: 16px; margin: 0; padding: 0; }
.container { padding: 16px; }
table.rota_month { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.rota_month td { border: 1px solid #ccc; vertical-align: top; padding: 4px; font-size: 12px; overflow-wrap: anywhere; }
.rota_item_time { font-weight: bold; }
.rota_shift_filled_self { background: #dff0d8; }
.rota_shift_empty { color: #a94442; }
.alert-danger { color: #a94442; border: 1px solid #ebccd1; background: #f2dede; padding: 8px; }
</style>
</head>
<body>
<nav class="navbar navbar-default">
  <div class="navbar-header"><a class="navbar-brand" href="/">Three Rings</a></div>
  ${me && html`<ul class="nav navbar-nav">
    <li><a href="/">Overview</a></li>
    <li><a href="/rota">Rota</a></li>
    <li><a href="/directory">Directory</a></li>
  </ul>
  <div class="toplogin_row">
    <a href="/directory/${me.id}">${me.friendlyName}</a>
    <a id="logout" href="/logout">Log out</a>
  </div>`}
</nav>
<div class="container">
${body}
</div>
<footer class="container"><small>Three Rings simulator for Descant tests</small></footer>
</body>
</html>
`;
}

// ---------------------------------------------------------------------------------------------
// Signing in

export function loginPage({ failed = false, username = '' }: { failed?: boolean; username?: string } = {}): SafeHtml {
  return layout({
    title: 'Log in',
    body: html`<h1>Log in to Three Rings</h1>
${failed && html`<div class="alert alert-danger" role="alert">Login failed: the username or password is wrong.</div>`}
<form id="login-form" action="/auth" method="post" accept-charset="UTF-8">
  <input type="hidden" name="utf8" value="✓">
  <p><label for="account_session_username">Username</label><br>
  <input type="text" id="account_session_username" name="account_session[username]" value="${username}" autocomplete="username" autofocus></p>
  <p><label for="account_session_password">Password</label><br>
  <input type="password" id="account_session_password" name="account_session[password]" autocomplete="current-password"></p>
  <p><button type="submit" id="login-submit" name="commit" value="Log In" class="btn btn-primary">Log In</button></p>
</form>`,
  });
}

// ---------------------------------------------------------------------------------------------
// Overview

export function overviewPage(data: SimData, me: SimVolunteer, nowMs: number): SafeHtml {
  const mine = data.shifts
    .filter((shift) => Date.parse(shift.startsAt) + shift.durationSeconds * 1000 > nowMs && hasVolunteer(shift, me.id))
    .slice(0, 10);
  const today = londonDate(nowMs);
  const events = data.events.filter((event) => event.date >= today).slice(0, 10);
  const news = [...data.news].sort((a, b) => Number(b.sticky) - Number(a.sticky) || b.createdAt.localeCompare(a.createdAt));
  return layout({
    title: 'Overview',
    me,
    body: html`<h1>${data.org.name}</h1>
<section id="my_shifts"><h2>Your upcoming shifts</h2>
<ul>${mine.map((shift) => html`<li data-shift-id="${shift.id}">${londonDate(Date.parse(shift.startsAt))} ${timeRange(shift)} ${rotaName(data, shift)}${shift.title && html` – ${shift.title}`}</li>`)}</ul>
</section>
<section id="events"><h2>Events</h2>
<ul>${events.map((event) => html`<li class="event">${event.date}: ${event.name}</li>`)}</ul>
</section>
<section id="news"><h2>News</h2>
${news.map(
  // Shown as plain text: the sim's own pages must not run the hostile news item in a test browser.
  (item) => html`<article class="news_item" data-news-id="${item.id}"><h3>${item.title}</h3><p>${plainText(item.body)}</p></article>`,
)}
</section>`,
  });
}

function plainText(htmlBody: string): string {
  return htmlBody
    .replace(/<script[\s\S]*?<\/script>/gi, '')
    .replace(/<[^>]*>/g, '')
    .replace(/&amp;/g, '&')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Rota, month view

/** The month containing `anyDayInMonth`, Monday-first weeks, with each shift as a `div.rota_item` pair. */
export function rotaMonthPage(data: SimData, me: SimVolunteer, anyDayInMonth: CalendarDate): SafeHtml {
  const firstOfMonth = `${anyDayInMonth.slice(0, 7)}-01`;
  const month = firstOfMonth.slice(0, 7);
  const shiftsByDay = new Map<CalendarDate, SimShift[]>();
  for (const shift of data.shifts) {
    const day = londonDate(Date.parse(shift.startsAt));
    if (day.startsWith(month)) shiftsByDay.set(day, [...(shiftsByDay.get(day) ?? []), shift]);
  }
  const peopleById = new Map(data.volunteers.map((volunteer) => [volunteer.id, volunteer]));

  const previous = addDays(firstOfMonth, -1).slice(0, 7);
  const next = addDays(firstOfMonth, 31).slice(0, 7);
  const lastOfMonth = addDays(`${next}-01`, -1);
  const weeks: SafeHtml[] = [];
  const firstMonday = addDays(firstOfMonth, -((weekday(firstOfMonth) + 6) % 7));
  for (let monday = firstMonday; monday <= lastOfMonth; monday = addDays(monday, 7)) {
    const cells = Array.from({ length: 7 }, (_, i) => {
      const day = addDays(monday, i);
      if (!day.startsWith(month)) return html`<td class="other_month"></td>`;
      const shifts = (shiftsByDay.get(day) ?? []).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
      return html`<td id="day_${day.replace(/-/g, '_')}" class="rota_day"><div class="day_number">${Number(day.slice(8))}</div>
${shifts.map((shift) => rotaItems(data, shift, me, peopleById))}</td>`;
    });
    weeks.push(html`<tr>${cells}</tr>`);
  }
  const monthName = new Date(`${firstOfMonth}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
  return layout({
    title: 'Rota',
    me,
    body: html`<h1>Rota: ${monthName}</h1>
<p><a id="previous_month" href="/rota/for/${previous}-01/month">Previous month</a> | <a id="next_month" href="/rota/for/${next}-01/month">Next month</a></p>
<table class="rota_month">
<thead><tr>${['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].map((name) => html`<th>${name}</th>`)}</tr></thead>
<tbody>
${weeks}
</tbody>
</table>`,
  });
}

/** The pair of `div.rota_item`s for one shift, as described in the reference (S10). */
function rotaItems(data: SimData, shift: SimShift, me: SimVolunteer, peopleById: Map<number, SimVolunteer>): SafeHtml {
  const emptyPlaces = Math.max(0, shift.maxVolunteers - shift.volunteerShifts.length);
  const places = [
    ...shift.volunteerShifts.map((vs) => {
      const volunteer = peopleById.get(vs.volunteerId);
      const isMe = vs.volunteerId === me.id;
      return html`<li class="rota_shift_slot rota_shift_filled${isMe && ' rota_shift_filled_self saved'}" data-volunteer-shift-id="${vs.id}"><a href="/directory/${vs.volunteerId}">${volunteer?.friendlyName ?? 'Former volunteer'}</a></li>`;
    }),
    ...Array.from({ length: emptyPlaces }, () =>
      shift.closedAt ? html`<li class="rota_shift_slot rota_shift_closed">[closed]</li>` : html`<li class="rota_shift_slot rota_shift_empty">[sign up]</li>`,
    ),
  ];
  return html`<div class="rota_item">
  <div class="rota_item_time">${timeRange(shift)}</div>
  <div class="rota_item_detail">
    <div class="rota_item_time_name">(${rotaName(data, shift)})</div>
    <ul class="rota_shift_slots">${places}</ul>
  </div>
</div>
<div id="shift_${shift.id}" class="rota_item${shift.closedAt && ' rota_item_closed'}" data-shift-id="${shift.id}">${shift.title && html`<span class="rota_item_title">${shift.title}</span>`}</div>
`;
}

// ---------------------------------------------------------------------------------------------
// Directory

export function directoryPage(data: SimData, me: SimVolunteer): SafeHtml {
  return layout({
    title: 'Directory',
    me,
    body: html`<h1>Directory</h1>
<table class="table directory_list">
<thead><tr><th>Name</th><th>Email</th><th>Mobile</th></tr></thead>
<tbody>
${data.volunteers.map(
  (volunteer) => html`<tr id="volunteer_${volunteer.id}">
<td class="directory_list_property_friendly_name"><a href="/directory/${volunteer.id}">${volunteer.friendlyName}</a>${volunteer.onLeave && html` <img src="/images/on_leave.png" alt="On leave" title="On leave">`}</td>
<td class="directory_list_property_email">${volunteer.email}</td>
<td class="directory_list_property_telephone_mobile">${volunteer.mobile}</td>
</tr>`,
)}
</tbody>
</table>`,
  });
}

export function volunteerPage(me: SimVolunteer, volunteer: SimVolunteer): SafeHtml {
  const roles = volunteer.roles.filter((role) => role.name !== 'Everyone');
  return layout({
    title: volunteer.friendlyName,
    me,
    body: html`<h1 class="volunteer_name" data-volunteer-id="${volunteer.id}">${volunteer.friendlyName}</h1>
<p class="volunteer_roles">${roles.map((role, i) => html`${i > 0 && ', '}<span class="role">${role.name}</span>`)}</p>
<table class="table volunteer_properties">
<tr><th>Username</th><td>${volunteer.username}</td></tr>
<tr><th>Email</th><td>${volunteer.email}</td></tr>
<tr><th>Telephone (Mobile)</th><td>${volunteer.mobile}</td></tr>
<tr><th>Join Date</th><td>${volunteer.joinDate}</td></tr>
</table>
<p><a href="/directory">Back to the Directory</a>${volunteer.id === me.id && html` | <a href="/directory/${me.id}/api">API keys</a>`}</p>`,
  });
}

// ---------------------------------------------------------------------------------------------
// Errors

export function notFoundPage(me?: SimVolunteer): SafeHtml {
  return layout({ title: 'Not found', me, body: html`<h1>Not found</h1><p>The page you were looking for doesn’t exist.</p>` });
}

export function errorPage(status: number, message: string): SafeHtml {
  return layout({ title: `Error ${status}`, body: html`<h1>Error ${status}</h1><p>${message}</p>` });
}

export function signedOutErrorPage(status: number): SafeHtml {
  const message = status === 401 ? 'You need to log in to see this page.' : 'You are not allowed to see this page.';
  return layout({ title: status === 401 ? 'Unauthorised' : 'Forbidden', body: html`<h1>${message}</h1><p><a href="/login">Log in</a></p>` });
}

/** What html-instead-of-json sends: a 200 page such as a proxy or maintenance notice would be. */
export function maintenancePage(): SafeHtml {
  return layout({
    title: 'Maintenance',
    body: html`<h1>Three Rings is being updated</h1><p>Please try again in a few minutes.</p>`,
  });
}

// ---------------------------------------------------------------------------------------------

function hasVolunteer(shift: SimShift, volunteerId: number): boolean {
  return shift.volunteerShifts.some((vs) => vs.volunteerId === volunteerId);
}

function rotaName(data: SimData, shift: SimShift): string {
  return data.rotas.find((rota) => rota.id === shift.rotaId)?.name ?? 'Unknown rota';
}

/** "19:00 - 22:00" in London time, or "All day". */
function timeRange(shift: SimShift): string {
  if (shift.allDay) return 'All day';
  const startMs = Date.parse(shift.startsAt);
  return `${londonTime(startMs)} - ${londonTime(startMs + shift.durationSeconds * 1000)}`;
}
