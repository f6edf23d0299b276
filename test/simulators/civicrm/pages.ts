import { html, type HtmlValue, type SafeHtml } from '../three-rings/html';
import type { CmsUser } from './auth';

/**
 * The CMS's HTML pages, Drupal 7 style (the exact markup of a live site is a guess): home, the
 * user login form, CiviCRM's dashboard, and the access-denied and not-found pages. Every value
 * goes through the escaping `html` template.
 */

const SITE_NAME = 'St Cecilia Singers';

function layout(title: string, body: HtmlValue, user?: CmsUser): SafeHtml {
  return html`<!DOCTYPE html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<title>${title} | ${SITE_NAME}</title>
</head>
<body class="${user ? 'logged-in' : 'not-logged-in'}">
<div id="page">
<header id="header"><a href="/" id="site-name" rel="home">${SITE_NAME}</a>
<nav id="user-menu">${
    user
      ? html`Hello <span class="username">${user.username}</span> | <a href="/civicrm/dashboard?reset=1">CiviCRM</a> | <a href="/user/logout" id="logout">Log out</a>`
      : html`<a href="/user/login">Log in</a>`
  }</nav></header>
<main id="main"><h1 class="title" id="page-title">${title}</h1>
${body}
</main>
</div>
</body>
</html>`;
}

/** Drupal's user login form: `name`, `pass`, and a submit button. */
function loginForm(): SafeHtml {
  return html`<form action="/user/login" method="post" id="user-login" accept-charset="UTF-8">
<div class="form-item form-item-name"><label for="edit-name">Username</label>
<input type="text" id="edit-name" name="name" size="60" maxlength="60" class="form-text required" autocomplete="username"></div>
<div class="form-item form-item-pass"><label for="edit-pass">Password</label>
<input type="password" id="edit-pass" name="pass" size="60" maxlength="128" class="form-text required" autocomplete="current-password"></div>
<input type="hidden" name="form_id" value="user_login">
<div class="form-actions"><input type="submit" id="edit-submit" name="op" value="Log in" class="form-submit"></div>
</form>`;
}

export function homePage(user?: CmsUser): SafeHtml {
  return layout(`Welcome to ${SITE_NAME}`, html`<p>Our choir's membership and mailing lists.</p>`, user);
}

export function loginPage(failed = false): SafeHtml {
  const error = failed && html`<div class="messages error">Sorry, unrecognized username or password. <a href="/user/password">Have you forgotten your password?</a></div>`;
  return layout('User account', html`${error}${loginForm()}`);
}

export function dashboardPage(user: CmsUser, contactName: string): SafeHtml {
  return layout(
    'CiviCRM Home',
    html`<div id="crm-container" class="crm-container"><p id="civicrm-dashboard">Welcome, <span class="crm-contact-name">${contactName}</span> (<span class="crm-user">${user.username}</span>).</p></div>`,
    user,
  );
}

/** 403. Signed out, Drupal adds the login form; signed in, it only says no. */
export function accessDeniedPage(user?: CmsUser): SafeHtml {
  return layout('Access denied', html`<p>You are not authorized to access this page.</p>${!user && loginForm()}`, user);
}

export function notFoundPage(path: string, user?: CmsUser): SafeHtml {
  return layout('Page not found', html`<p>The requested page "${path}" could not be found.</p>`, user);
}
