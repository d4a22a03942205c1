import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BodyTooLargeError, HttpError, httpEndpoint } from './http.ts';
import { createRpcClient } from './rpc.ts';
import { ChainError, RangeLimitError } from './errors.ts';

/** A local server whose answer per path is set by the test. */
let server: Server;
let base: string;
const seen: { path: string; auth?: string; encoding?: string; body: string }[] = [];
const routes = new Map<string, (req: IncomingMessage, res: ServerResponse, body: string) => void>();

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => { body += d; });
    req.on('end', () => {
      seen.push({ path: req.url!, auth: req.headers.authorization, encoding: req.headers['accept-encoding'] as string, body });
      const route = routes.get(req.url!.split('?')[0]!);
      if (route) route(req, res, body);
      else { res.writeHead(404); res.end(); }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const opts = (over: Partial<{ timeoutMs: number; maxBytes: number }> = {}) => ({ timeoutMs: 5_000, maxBytes: Infinity, allocate: (n: number) => Buffer.alloc(n), ...over });
const answer = JSON.stringify({ jsonrpc: '2.0', id: 1, result: `0x${'ab'.repeat(50_000)}` });

describe('httpEndpoint', () => {
  it('decodes gzip, deflate and br answers, and asks for them', async () => {
    const encoders = { gzip: gzipSync, deflate: deflateSync, br: brotliCompressSync };
    for (const [name, encode] of Object.entries(encoders)) {
      routes.set(`/${name}`, (_req, res) => { res.writeHead(200, { 'content-encoding': name }); res.end(encode(answer)); });
      const got = await httpEndpoint(`${base}/${name}`, 2).post('{}', opts());
      expect(Buffer.from(got.bytes).toString()).toBe(answer);
    }
    expect(seen.at(-1)!.encoding).toBe('gzip, deflate, br');
    routes.set('/badgzip', (_req, res) => { res.writeHead(200, { 'content-encoding': 'gzip' }); res.end('not gzip at all'); });
    routes.set('/zstd', (_req, res) => { res.writeHead(200, { 'content-encoding': 'zstd' }); res.end('?'); });
    await expect(httpEndpoint(`${base}/badgzip`, 1).post('{}', opts())).rejects.toMatchObject({ code: 'network', message: /could not be decoded \(gzip\)/ });
    await expect(httpEndpoint(`${base}/zstd`, 1).post('{}', opts())).rejects.toMatchObject({ code: 'network', message: 'answer in an unsupported content-encoding: zstd' });
  });

  it('reads a declared length into the memory it is given, and a chunked body whole', async () => {
    routes.set('/declared', (_req, res) => { res.writeHead(200, { 'content-length': Buffer.byteLength(answer) }); res.end(answer); });
    routes.set('/chunked', (_req, res) => { res.writeHead(200); for (let i = 0; i < answer.length; i += 7_000) res.write(answer.slice(i, i + 7_000)); res.end(); });
    const given: Buffer[] = [];
    const got = await httpEndpoint(`${base}/declared`, 2).post('{}', { ...opts(), allocate: (n) => { const b = Buffer.alloc(n + 10); given.push(b); return b; } });
    expect(given).toHaveLength(1);
    expect(got.bytes.buffer).toBe(given[0]!.buffer);
    expect(Buffer.from(got.bytes).toString()).toBe(answer);
    const chunked = await httpEndpoint(`${base}/chunked`, 2).post('{}', opts());
    expect(Buffer.from(chunked.bytes).toString()).toBe(answer);
  });

  it('sends the URL path and query, and user:password as basic auth', async () => {
    routes.set('/auth', (_req, res) => { res.end('{}'); });
    await httpEndpoint(`http://us%40er:p%3Ass@127.0.0.1:${new URL(base).port}/auth?key=k1`, 1).post('{"a":1}', opts());
    const last = seen.at(-1)!;
    expect(last.path).toBe('/auth?key=k1');
    expect(last.body).toBe('{"a":1}');
    expect(Buffer.from(last.auth!.replace('Basic ', ''), 'base64').toString()).toBe('us@er:p:ss');
  });

  it('refuses a body over maxBytes, declared or not', async () => {
    routes.set('/big', (_req, res) => { res.writeHead(200, { 'content-length': 100_000 }); res.end('x'.repeat(100_000)); });
    routes.set('/bigchunked', (_req, res) => { res.writeHead(200); res.write('x'.repeat(60_000)); res.end('x'.repeat(60_000)); });
    await expect(httpEndpoint(`${base}/big`, 1).post('{}', opts({ maxBytes: 50_000 }))).rejects.toMatchObject({ name: 'BodyTooLargeError', declared: 100_000 });
    const err = await httpEndpoint(`${base}/bigchunked`, 1).post('{}', opts({ maxBytes: 100_000 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BodyTooLargeError);
    expect((err as BodyTooLargeError).declared).toBeUndefined();
  });

  it('a body cut short, a redirect, a slow server and a bad scheme each fail with their reason', async () => {
    routes.set('/cut', (req, res) => { res.writeHead(200, { 'content-length': 1_000 }); res.write('{"jsonrpc":'); setTimeout(() => req.socket.destroy(), 20); });
    routes.set('/moved', (_req, res) => { res.writeHead(301, { location: 'https://elsewhere.example/rpc' }); res.end(); });
    routes.set('/slow', (_req, res) => { setTimeout(() => res.end('{}'), 1_000); });
    await expect(httpEndpoint(`${base}/cut`, 1).post('{}', opts())).rejects.toMatchObject({ code: 'network', message: /closed before the answer was complete|aborted|socket hang up/ });
    await expect(httpEndpoint(`${base}/moved`, 1).post('{}', opts())).rejects.toMatchObject({ code: 'redirect', message: /redirects to https:\/\/elsewhere\.example\/rpc/ });
    await expect(httpEndpoint(`${base}/slow`, 1).post('{}', opts({ timeoutMs: 100 }))).rejects.toMatchObject({ code: 'timeout', message: 'no answer within 100 ms' });
    expect(() => httpEndpoint('ws://127.0.0.1:1', 1)).toThrow(HttpError);
    expect(() => httpEndpoint('ws://127.0.0.1:1', 1)).toThrow(/ws:\/\/ URLs are not supported/);
  });

  it('keeps the connection alive, and asks again on a new one when a kept-alive connection dies unanswered', async () => {
    const perSocket = new Map<unknown, number>();
    routes.set('/alive', (req, res) => {
      const n = (perSocket.get(req.socket) ?? 0) + 1;
      perSocket.set(req.socket, n);
      // The second request on a connection finds it closed (as when a server's idle timeout races the client).
      if (n === 2) req.socket.destroy();
      else res.end('{"ok":true}');
    });
    const e = httpEndpoint(`${base}/alive`, 1);
    const before = seen.length;
    expect(Buffer.from((await e.post('{}', opts())).bytes).toString()).toBe('{"ok":true}');
    expect(Buffer.from((await e.post('{}', opts())).bytes).toString()).toBe('{"ok":true}');
    expect(seen.length - before).toBe(3);
    expect(perSocket.size).toBe(2);
    // A fresh connection that dies unanswered is not asked twice.
    routes.set('/drop', (req) => { req.socket.destroy(); });
    const d = httpEndpoint(`${base}/drop`, 1);
    const dropped = seen.length;
    await expect(d.post('{}', opts())).rejects.toMatchObject({ code: 'network' });
    expect(seen.length - dropped).toBe(1);
    e.close();
    d.close();
  });
});

describe('the RPC client over it', () => {
  it('maps a redirect and a bad URL to config errors that name the endpoint', async () => {
    routes.set('/moved', (_req, res) => { res.writeHead(307, { location: '/rpc2' }); res.end(); });
    const rpc = createRpcClient({ chainId: 1, urls: [`${base}/moved`], attempts: 1 });
    await expect(rpc.request('eth_chainId', [])).rejects.toMatchObject({ kind: 'config', message: expect.stringMatching(/redirects to \/rpc2/) });
    expect(() => createRpcClient({ chainId: 1, urls: ['http://a', 'wss://b'] })).toThrow(ChainError);
    expect(() => createRpcClient({ chainId: 1, urls: ['http://a', 'wss://b'] })).toThrow(/RPC URL 2 cannot be used: wss:\/\/ URLs are not supported/);
  });

  it('turns a declared oversize answer into a RangeLimitError with its size', async () => {
    routes.set('/big', (_req, res) => { res.writeHead(200, { 'content-length': 100_000 }); res.end('x'.repeat(100_000)); });
    const rpc = createRpcClient({ chainId: 1, urls: [`${base}/big`], attempts: 1 });
    const err = await rpc.batch([{ method: 'eth_getLogs', params: [] }], { maxResponseBytes: 50_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RangeLimitError);
    expect((err as RangeLimitError).answerBytes).toBe(100_000);
  });
});
