import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Clock, systemClock } from '../clock';
import { sendReply } from './three-rings/http';
import { createTlsIdentity } from './tls';

/**
 * Serves `handle` over HTTPS on 127.0.0.1 (port 0 picks one) with a self-signed certificate for
 * `hostnames`. A handler that throws is logged under `name` and answers 500, as a real site would.
 * Every reply's Date header is read from `clock` (the sim's), not left to Node's real clock.
 */
export async function serveHttps(
  name: string,
  hostnames: string[],
  port: number | undefined,
  handle: (request: IncomingMessage, response: ServerResponse) => Promise<void>,
  clock: Clock = systemClock,
): Promise<{ server: Server; port: number }> {
  const server = createServer(await createTlsIdentity(hostnames), (request, response) => {
    response.setHeader('Date', clock().toUTCString());
    handle(request, response).catch((error: unknown) => {
      console.error(`[${name} sim]`, error);
      if (!response.headersSent) sendReply(response, { status: 500, headers: { 'Content-Type': 'text/plain' }, body: 'Simulator error' });
      else response.destroy();
    });
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(port ?? 0, '127.0.0.1', () => ready());
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** When the module at `moduleUrl` is the one Node was started with: starts a simulator by `main` and stops it on Ctrl-C. */
export function runIfCli(moduleUrl: string, main: (argv: string[]) => Promise<{ close(): Promise<void> }>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(resolve(process.argv[1])).href) return;
  main(process.argv.slice(2))
    .then((sim) => {
      const stop = () => void sim.close().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}

/** Stops a simulator's server, ending open keep-alive connections rather than waiting on them. */
export async function stopServer(server: HttpServer | Server): Promise<void> {
  const closed = new Promise<void>((done) => server.close(() => done()));
  server.closeAllConnections();
  await closed;
}
