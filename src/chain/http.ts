/**
 * One HTTP POST of a JSON body, read into bytes: the RPC client's transport. node:http rather than
 * fetch: fetch hands the body over as a web stream and copies every chunk it reads (new memory per
 * 64 KB, ~0.85 GB for a million logs, which V8 counts towards its next full GC); here each socket
 * chunk is copied once, into the answer's buffer, and dropped.
 *
 * What fetch did and this keeps: keep-alive connections (one agent per endpoint), compressed
 * answers (gzip, deflate, br) decoded, a deadline for the whole exchange, the body bounded by
 * `maxBytes`. Also: user:password in the URL becomes basic auth. Redirects are not followed: a
 * JSON-RPC POST that is redirected is a configuration error, reported with its target.
 */
import http from 'node:http';
import https from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

export interface HttpAnswer {
  status: number;
  bytes: Buffer;
}

export interface PostOptions {
  /** Deadline for the whole exchange, body included. */
  timeoutMs: number;
  /** Largest body accepted (decoded bytes); a larger one rejects with BodyTooLargeError. */
  maxBytes: number;
  /** Memory for a body whose length is declared (e.g. a reused buffer); at least `size` bytes. */
  allocate: (size: number) => Buffer;
}

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(message: string, readonly code: 'timeout' | 'network' | 'redirect' | 'scheme', options?: ErrorOptions) {
    super(message, options);
  }
}

export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(readonly declared: number | undefined, readonly maxBytes: number) {
    super(declared === undefined ? `answer larger than ${maxBytes} bytes` : `answer of ${declared} bytes exceeds ${maxBytes}`);
  }
}

/** A keep-alive HTTP(S) client of one URL. */
export interface HttpEndpoint {
  post(body: string, opts: PostOptions): Promise<HttpAnswer>;
  close(): void;
}

/** A declared Content-Length up to this is allocated up front (a larger claim is not trusted that far). */
const MAX_PREALLOCATED_BYTES = 256 * 1024 * 1024;

export function httpEndpoint(url: string, maxSockets: number): HttpEndpoint {
  let target: URL;
  try {
    target = new URL(url);
  } catch (cause) {
    throw new HttpError(`not a URL: ${url}`, 'scheme', { cause });
  }
  const secure = target.protocol === 'https:';
  if (!secure && target.protocol !== 'http:') throw new HttpError(`${target.protocol}// URLs are not supported for JSON-RPC over HTTP (use http:// or https://)`, 'scheme');
  const agent = new (secure ? https : http).Agent({ keepAlive: true, maxSockets });
  const base = {
    protocol: target.protocol,
    hostname: target.hostname.replace(/^\[|\]$/g, ''),
    port: target.port || undefined,
    path: `${target.pathname}${target.search}`,
    auth: target.username ? `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}` : undefined,
    agent,
  };

  const once = (body: string, opts: PostOptions) => new Promise<HttpAnswer>((resolve, reject) => {
    let settled = false;
    let reused = false;
    let responded = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(Object.assign(err, { unanswered: reused && !responded }));
    };
    const timer = setTimeout(() => fail(new HttpError(`no answer within ${opts.timeoutMs} ms`, 'timeout')), opts.timeoutMs);
    const req = (secure ? https : http).request({
      ...base,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'accept-encoding': 'gzip, deflate, br' },
    });
    req.once('socket', () => { reused = req.reusedSocket; });
    // Listeners stay for the request's life: destroying a request can emit a second error, which
    // would otherwise be unhandled. `fail` settles once.
    req.on('error', (cause) => fail(new HttpError(`request failed: ${cause.message}`, 'network', { cause })));
    req.once('response', (res) => {
      responded = true;
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        fail(new HttpError(`HTTP ${status}: the endpoint redirects to ${res.headers.location}; configure that URL instead`, 'redirect'));
        return;
      }
      const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
      const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
      if (!decoder && encoding !== 'identity') {
        res.resume();
        fail(new HttpError(`answer in an unsupported content-encoding: ${encoding}`, 'network'));
        return;
      }
      const declared = decoder ? NaN : Number(res.headers['content-length'] ?? NaN);
      if (declared > opts.maxBytes) {
        fail(new BodyTooLargeError(declared, opts.maxBytes));
        return;
      }
      // Bytes land in one buffer as they arrive when the length is declared, else in chunks.
      let whole = declared >= 0 && declared <= MAX_PREALLOCATED_BYTES ? opts.allocate(declared) : undefined;
      const chunks: Buffer[] = [];
      let size = 0;
      const body: Readable = decoder ? res.pipe(decoder) : res;
      if (decoder) decoder.on('error', (cause) => fail(new HttpError(`answer could not be decoded (${encoding}): ${cause.message}`, 'network', { cause })));
      res.once('aborted', () => fail(new HttpError('connection closed before the answer was complete', 'network')));
      res.on('error', (cause) => fail(new HttpError(`answer failed: ${cause.message}`, 'network', { cause })));
      body.on('data', (chunk: Buffer) => {
        if (settled) return;
        if (size + chunk.length > opts.maxBytes) {
          fail(new BodyTooLargeError(undefined, opts.maxBytes));
          return;
        }
        if (whole && size + chunk.length <= whole.length) chunk.copy(whole, size);
        else {
          // More than declared: keep what was copied and go on chunk by chunk.
          if (whole) { chunks.push(whole.subarray(0, size)); whole = undefined; }
          chunks.push(chunk);
        }
        size += chunk.length;
      });
      body.once('end', () => {
        if (settled) return;
        if (!res.complete) { fail(new HttpError('connection closed before the answer was complete', 'network')); return; }
        settled = true;
        clearTimeout(timer);
        const bytes = whole ? whole.subarray(0, size) : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
        resolve({ status, bytes });
      });
    });
    req.end(body);
  });

  return {
    async post(body, opts) {
      try {
        return await once(body, opts);
      } catch (err) {
        // A kept-alive connection the server had closed meanwhile (no answer came): once more, on a new one.
        if ((err as { unanswered?: boolean }).unanswered && err instanceof HttpError && err.code === 'network') return once(body, opts);
        throw err;
      }
    },
    close: () => agent.destroy(),
  };
}
