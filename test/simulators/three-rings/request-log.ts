/**
 * Every request to a JSON endpoint, as the extension sent it. The simulator does not enforce
 * Three Rings' limit (30 requests in any 60 seconds); tests check the log against it instead.
 */

export interface RecordedRequest {
  /** When the request arrived, epoch ms by the sim's clock (a fixed clock gives every request the same time). */
  at: number;
  method: string;
  /** Path with query string, as sent. */
  path: string;
  userAgent: string;
  /** The request carried a session cookie that was signed in at the time. */
  hasSession: boolean;
  /** The raw Authorization header, when one was sent. */
  authorization?: string;
  /** The status the simulator answered with (after any fault). */
  status: number;
}

export class RequestLog {
  private entries: RecordedRequest[] = [];

  record(entry: RecordedRequest): void {
    this.entries.push(entry);
  }

  all(): RecordedRequest[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}

/** The most requests that fall in any window of `windowMs` (start inclusive, end exclusive). */
export function maxRequestsInWindow(requests: readonly RecordedRequest[], windowMs = 60_000): number {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while ((times[last] as number) - (times[first] as number) >= windowMs) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}
