import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SafeHtml } from './html';

/** A complete reply, built before anything is written, so faults can alter it first. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
export const HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

export function jsonReply(status: number, value: unknown): Reply {
  return { status, headers: { 'Content-Type': JSON_CONTENT_TYPE }, body: JSON.stringify(value) };
}

export function htmlReply(status: number, page: SafeHtml, headers: Record<string, string> = {}): Reply {
  return { status, headers: { 'Content-Type': HTML_CONTENT_TYPE, ...headers }, body: page.value };
}

/** A 302 with the small body Rails sends along with it. */
export function redirectReply(location: string, headers: Record<string, string> = {}): Reply {
  return {
    status: 302,
    headers: { Location: location, 'Content-Type': HTML_CONTENT_TYPE, ...headers },
    body: `<html><body>You are being <a href="${location}">redirected</a>.</body></html>`,
  };
}

export function sendReply(response: ServerResponse, reply: Reply, extraHeaders: Record<string, string | string[]> = {}): void {
  if (response.destroyed) return;
  const body = Buffer.from(reply.body, 'utf8');
  response.writeHead(reply.status, {
    'Cache-Control': 'no-store',
    ...reply.headers,
    ...extraHeaders,
    'Content-Length': String(body.length),
  });
  response.end(body);
}

export async function readBody(request: IncomingMessage, limitBytes = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), safeDecode(part.slice(eq + 1).trim()));
  }
  return cookies;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The first half of a body, cut by characters, not bytes, so Content-Length stays right and the body is cleanly short. */
export function firstHalf(body: string): string {
  const characters = [...body];
  return characters.slice(0, Math.floor(characters.length / 2)).join('');
}
