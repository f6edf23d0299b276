import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP proxy for Firefox, which has no equivalent of Chromium's --host-resolver-rules:
 * CONNECT (HTTPS) and plain HTTP to a mapped hostname go to 127.0.0.1:<port>; everything else is
 * refused, so the browser under test can never reach the outside world. Loopback addresses (a
 * simulator reached by address, like the OnSong iPad) pass straight through.
 */
export interface HostMapProxy {
  port: number;
  close(): Promise<void>;
}

export async function startHostMapProxy(hostMap: Record<string, number>): Promise<HostMapProxy> {
  const target = (host: string | undefined) => (host ? hostMap[host.toLowerCase()] : undefined);
  const sockets = new Set<Socket>();

  const server: Server = createServer((request, response) => {
    // Plain HTTP through a proxy arrives with an absolute URL.
    let url: URL;
    try {
      url = new URL(request.url ?? '');
    } catch {
      response.writeHead(400).end();
      return;
    }
    // As Chromium's resolver rules do: a test host is served on its real port, 80 for HTTP.
    const port = isLoopback(url.hostname) ? Number(url.port || 80) : url.port && url.port !== '80' ? undefined : target(url.hostname);
    if (port === undefined) {
      response.writeHead(502, { 'Content-Type': 'text/plain' }).end(`refused: ${url.hostname} is not a test host`);
      return;
    }
    const upstream = httpRequest(
      { host: '127.0.0.1', port, method: request.method, path: url.pathname + url.search, headers: request.headers },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });

  server.on('connect', (request, client: Socket, head) => {
    const [host, hostPort] = (request.url ?? '').split(':');
    const port = isLoopback(host) ? Number(hostPort || 443) : hostPort === '443' ? target(host) : undefined;
    if (port === undefined) {
      client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Simulators reached by address (the OnSong iPad at 127.0.0.1:PORT) pass straight through. */
function isLoopback(host: string | undefined): boolean {
  return host === '127.0.0.1' || host === 'localhost';
}
