/**
 * What can go wrong when talking to a service, as plain data: it is stored with the cache, so
 * the popup can explain the last failure in one sentence while still showing what it had.
 */
export type ServiceName = 'threeRings' | 'harmonySite' | 'civiCrm' | 'onSong';

/** Product names, the same in every language. */
export const SERVICE_NAMES: Record<ServiceName, string> = { threeRings: 'Three Rings', harmonySite: 'HarmonySite', civiCrm: 'CiviCRM', onSong: 'OnSong' };

export type Problem =
  | { kind: 'signed-out'; service: ServiceName }
  | { kind: 'forbidden'; service: ServiceName; endpoint: string }
  | { kind: 'rate-limited'; service: ServiceName; retryAt: number }
  | { kind: 'server-busy'; service: ServiceName; status: number; retryAt: number }
  | { kind: 'offline'; service: ServiceName }
  | { kind: 'timeout'; service: ServiceName; endpoint: string }
  | { kind: 'permission-missing'; service: ServiceName; origin: string }
  /** The sign-in kept for Descant (HarmonySite's API token) is no longer accepted. */
  | { kind: 'token-expired'; service: ServiceName }
  /** The site has no API (HarmonySite's is off until the choir asks for it). */
  | { kind: 'api-disabled'; service: ServiceName }
  /** The service answered with its own error message. */
  | { kind: 'service-error'; service: ServiceName; endpoint: string; message: string }
  /** The reply was not what the API documents: not JSON, cut short, or a field of the wrong shape. */
  | { kind: 'bad-response'; service: ServiceName; endpoint: string; detail: string };

export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(describeForLog(problem));
    this.name = 'ProblemError';
  }
}

/** A one-line description for logs (the UI uses translated text instead). */
export function describeForLog(problem: Problem): string {
  switch (problem.kind) {
    case 'bad-response':
      return `${problem.service} ${problem.endpoint}: unexpected reply (${problem.detail})`;
    case 'service-error':
      return `${problem.service} ${problem.endpoint}: the service said "${problem.message}"`;
    case 'forbidden':
    case 'timeout':
      return `${problem.service} ${problem.endpoint}: ${problem.kind}`;
    case 'rate-limited':
    case 'server-busy':
      return `${problem.service}: ${problem.kind}, retry at ${new Date(problem.retryAt).toISOString()}`;
    default:
      return `${problem.service}: ${problem.kind}`;
  }
}

export function toProblem(error: unknown, service: ServiceName, endpoint: string): Problem {
  if (error instanceof ProblemError) return error.problem;
  return { kind: 'bad-response', service, endpoint, detail: String((error as Error)?.message ?? error) };
}
