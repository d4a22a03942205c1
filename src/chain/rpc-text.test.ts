/** Answer bytes become text: ASCII byte for byte, anything else as UTF-8. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRpcClient } from './rpc.ts';

let server: Server;
let url = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const call = JSON.parse(body) as { id: number; params: string[] };
      const answer = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: call.id, result: call.params[0] }), 'utf8');
      // Declared length or not: both reads of the body.
      res.writeHead(200, { 'content-type': 'application/json', ...(call.params[1] ? { 'content-length': String(answer.length) } : {}) });
      res.end(answer);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('answer text', () => {
  it('reads ASCII and UTF-8 answers exactly, with and without a declared length', async () => {
    const rpc = createRpcClient({ chainId: 1, urls: [url], timeoutMs: 5_000 });
    for (const declared of ['', 'yes']) {
      for (const value of ['0xdeadbeef', 'héllo wörld 🚀 ☃', 'x'.repeat(3_000_000) + 'é']) {
        expect(await rpc.request('echo', [value, declared])).toBe(value);
      }
    }
  });
});
