import type { z } from 'zod';
import { ProblemError, type Problem, type ServiceName } from '../problems';

export interface JsonRequest<S extends z.ZodType> {
  service: ServiceName;
  /** Names the endpoint in problems and logs, e.g. "/shift.json". */
  endpoint: string;
  url: string;
  schema: S;
  init: RequestInit;
  timeoutMs: number;
  fetch?: typeof fetch;
  /** Some services answer with an HTML sign-in page instead of JSON; this spots it. */
  recogniseHtml?: (html: string) => Problem | undefined;
}

/**
 * A reply the caller must interpret (sign-in pages, 401/403, 429/5xx). Anything else that is
 * not the documented JSON becomes a `bad-response` problem naming the endpoint.
 */
export type Interpretation = Problem | 'json';

export async function fetchJson<S extends z.ZodType>(
  request: JsonRequest<S>,
  interpret: (response: Response) => Interpretation | Promise<Interpretation>,
): Promise<z.output<S>> {
  const { service, endpoint } = request;
  const response = await send(request);
  const interpretation = await interpret(response);
  if (interpretation !== 'json') throw new ProblemError(interpretation);
  if (!response.ok) throw badResponse(service, endpoint, `HTTP ${response.status}`);

  let body: unknown;
  const text = await readText(response, request);
  try {
    body = JSON.parse(text);
  } catch {
    const isHtml = text.trimStart().startsWith('<');
    const recognised = isHtml ? request.recogniseHtml?.(text) : undefined;
    if (recognised) throw new ProblemError(recognised);
    throw badResponse(service, endpoint, isHtml ? 'HTML instead of JSON' : 'JSON cut short or malformed');
  }
  return parseReply(request.schema, body, service, endpoint);
}

/**
 * Checks a reply (or part of one, under `path`) against its schema. A mismatch is logged with
 * the endpoint and every failing path, and becomes a `bad-response` problem naming the first.
 */
export function parseReply<S extends z.ZodType>(
  schema: S,
  value: unknown,
  service: ServiceName,
  endpoint: string,
  path: (string | number)[] = [],
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${[...path, ...issue.path].map(String).join('.') || '(root)'}: ${issue.message}`);
  console.warn(`[Descant] ${service} ${endpoint} did not match the documented shape`, issues);
  throw badResponse(service, endpoint, issues[0] ?? 'unexpected shape');
}

/** What a request needs to be sent and named in problems, whatever its reply is read as. */
export type TextRequest = Pick<JsonRequest<z.ZodType>, 'service' | 'endpoint' | 'url' | 'init' | 'timeoutMs' | 'fetch'>;

/**
 * Sends a request and reads its body as text; a network failure or timeout becomes an
 * `offline` or `timeout` problem. For services whose errors come with any status and must be
 * read before the status is judged.
 */
export async function fetchText(request: TextRequest): Promise<{ response: Response; text: string }> {
  const response = await send(request);
  return { response, text: await readText(response, request) };
}

async function send(request: TextRequest): Promise<Response> {
  const doFetch = request.fetch ?? fetch;
  try {
    return await doFetch(request.url, { ...request.init, signal: AbortSignal.timeout(request.timeoutMs) });
  } catch (error) {
    throw new ProblemError(networkProblem(error, request));
  }
}

async function readText(response: Response, request: TextRequest): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new ProblemError(networkProblem(error, request));
  }
}

function networkProblem(error: unknown, { service, endpoint }: TextRequest): Problem {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return { kind: 'timeout', service, endpoint };
  return { kind: 'offline', service };
}

function badResponse(service: ServiceName, endpoint: string, detail: string): ProblemError {
  return new ProblemError({ kind: 'bad-response', service, endpoint, detail });
}
