/** A local HTTP endpoint on a free port for RPC client tests: the handler gets each request's body. */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LocalEndpoint {
  url: string;
  close(): Promise<void>;
}

export async function startLocalEndpoint(handler: (body: string, res: ServerResponse) => void): Promise<LocalEndpoint> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => handler(body, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
