/**
 * JSON-RPC client of one chain over several endpoints: fallback (healthy endpoints first, in the
 * configured order), a rate limit and in-flight bound per endpoint, retries with backoff of
 * retryable errors (errors.ts decides which), JSON-RPC batches sent whole to ONE endpoint (so the
 * answers of a batch come from one node's view), and a viem transport over all of it for
 * contract reads.
 *
 * Every failure is classified once, here: HTTP 429 → rate_limit, 5xx → http_5xx, timeouts,
 * connection errors → network, unparsable/truncated JSON or a batch missing answers → malformed,
 * JSON-RPC errors → classifyRpcError.
 */
import { isAscii } from 'node:buffer';
import { custom, type Transport } from 'viem';
import { ChainError, classifyRpcError, errorKind, RangeLimitError } from './errors.ts';
import { BodyTooLargeError, HttpError, httpEndpoint, type HttpEndpoint } from './http.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import { backoffDelay, defaultShouldRetry, sleep } from './retry.ts';

export interface RpcCall {
  method: string;
  params: unknown[];
}

/** Hooks for metrics; the client stays free of any metrics library. */
export interface RpcObserver {
  request?(method: string, items: number, endpoint: number): void;
  error?(kind: string, method: string, endpoint: number): void;
}

export interface RpcClientOptions {
  chainId: number;
  urls: string[];
  /** Per endpoint; unset = unlimited. */
  requestsPerSecond?: number;
  /** HTTP requests in flight per endpoint (default 8). */
  maxInFlight?: number;
  /** Per HTTP request, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Calls per JSON-RPC batch (default 100). */
  maxBatchSize?: number;
  /** Rounds over all endpoints before giving up (default 6). */
  attempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  observer?: RpcObserver;
}

export interface BatchOptions {
  maxResponseBytes?: number;
  dropArrays?: string[];
  /**
   * Parses the answer's bytes where it can do better than JSON.parse (same result), else returns
   * undefined. A parser that accepts owns the bytes: it calls `release` once nothing reads them
   * any more (they are reused for a later answer), or never (they are collected).
   */
  parseBytes?: (bytes: Buffer, release: () => void) => unknown;
  /** Awaited once the answer's bytes have arrived, before they become text (e.g. a memory gate). */
  beforeParse?: (bytes: number) => Promise<void> | void;
}

export interface RpcClient {
  chainId: number;
  /** One call with fallback and retries. */
  request<T = unknown>(method: string, params?: unknown[]): Promise<T>;
  /**
   * Calls sent as JSON-RPC batches; each batch goes whole to one endpoint. Answers in call order.
   * `maxResponseBytes`: an answer larger than this is abandoned as a RangeLimitError (the caller asks less).
   * `dropArrays`: keys whose array values are cut out of the answer text before parsing (e.g. a
   * receipt's `logs` when only its gas figures are needed: bulk transactions carry thousands).
   * `parseBytes`: a faster parser for the answer (e.g. eth_getLogs); JSON.parse of its text when it declines.
   * `beforeParse`: awaited with the answer's size once its bytes arrived, before decoding them.
   */
  batch<T = unknown>(calls: RpcCall[], opts?: BatchOptions): Promise<T[]>;
  /** Throws a fatal `chain_id` error when an endpoint serves another chain. */
  verifyChainId(): Promise<void>;
  /** viem transport over this client (fallback, limits and retries included). */
  transport: Transport;
}

interface Endpoint {
  index: number;
  url: string;
  http: HttpEndpoint;
  limiter: Limiter;
  failures: number;
  penaltyUntil: number;
}

let nextId = 1;

/**
 * Replaces every `"<key>":[ ... ]` in JSON text by `"<key>":[]` without parsing it (brackets inside
 * strings are skipped). Text that is not well formed is left for JSON.parse to reject.
 */
export function dropJsonArrays(text: string, key: string): string {
  const marker = `"${key}":[`;
  let at = text.indexOf(marker);
  if (at < 0) return text;
  let out = '';
  let from = 0;
  while (at >= 0) {
    const open = at + marker.length;
    let depth = 1;
    let i = open;
    for (; i < text.length && depth > 0; i++) {
      const c = text.charCodeAt(i);
      if (c === 34 /* " */) {
        for (i++; i < text.length && text.charCodeAt(i) !== 34; i++) if (text.charCodeAt(i) === 92 /* \ */) i++;
      } else if (c === 91 /* [ */) depth++;
      else if (c === 93 /* ] */) depth--;
    }
    if (depth !== 0) return text;
    out += text.slice(from, open) + ']';
    from = i;
    at = text.indexOf(marker, from);
  }
  return out + text.slice(from);
}

/**
 * Answer buffers of at least POOLED_BYTES are reused: a new multi-MB buffer per answer is external
 * memory V8 counts towards its next full GC, and such answers arrive several times a second.
 * Invariant: a buffer is in the pool only while nothing reads it (given back once its text is
 * made, or when the parser that took it releases it).
 */
const POOLED_BYTES = 1024 * 1024;
const POOL_SIZE = 4;
const pool: Buffer[] = [];
/** Memory that takeBuffer handed out: only that goes back to the pool. */
const fromPool = new WeakSet<ArrayBufferLike>();
function takeBuffer(size: number): Buffer {
  if (size < POOLED_BYTES) return Buffer.allocUnsafe(size);
  let best = -1;
  for (let i = 0; i < pool.length; i++) if (pool[i]!.length >= size && (best < 0 || pool[i]!.length < pool[best]!.length)) best = i;
  if (best >= 0) return pool.splice(best, 1)[0]!.subarray(0, size);
  const fresh = Buffer.allocUnsafeSlow(Math.ceil(size / POOLED_BYTES) * POOLED_BYTES);
  fromPool.add(fresh.buffer);
  return fresh.subarray(0, size);
}
/** Gives an answer's memory back (a no-op for memory takeBuffer did not hand out). Call once, when nothing reads it. */
function giveBuffer(bytes: Uint8Array): void {
  if (!fromPool.has(bytes.buffer) || pool.length >= POOL_SIZE || pool.some((p) => p.buffer === bytes.buffer)) return;
  pool.push(Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength));
}

/** UTF-8 text of an answer; ASCII (what nodes send) is copied byte for byte, faster than decoding. */
function textOf(bytes: Buffer): string {
  if (isAscii(bytes)) return bytes.toString('latin1');
  return new TextDecoder().decode(bytes);
}

export function createRpcClient(opts: RpcClientOptions): RpcClient {
  if (opts.urls.length === 0) throw new ChainError('no RPC URL configured', { kind: 'config', what: 'createRpcClient', where: { chainId: opts.chainId } });
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const maxBatchSize = opts.maxBatchSize ?? 100;
  const attempts = opts.attempts ?? 6;
  const maxInFlight = opts.maxInFlight ?? 8;
  const endpoints: Endpoint[] = opts.urls.map((url, index) => {
    let http: HttpEndpoint;
    try {
      http = httpEndpoint(url, maxInFlight);
    } catch (cause) {
      throw new ChainError(`RPC URL ${index + 1} cannot be used: ${(cause as Error).message}`, { kind: 'config', what: 'createRpcClient', where: { chainId: opts.chainId, endpoint: index } });
    }
    return { index, url, http, failures: 0, penaltyUntil: 0, limiter: createLimiter({ requestsPerSecond: opts.requestsPerSecond, maxInFlight }) };
  });

  /** Healthy endpoints first (configured order), then penalized ones by soonest recovery. */
  const ordered = (): Endpoint[] => {
    const now = Date.now();
    const healthy = endpoints.filter((e) => e.penaltyUntil <= now);
    const sick = endpoints.filter((e) => e.penaltyUntil > now).sort((a, b) => a.penaltyUntil - b.penaltyUntil);
    return [...healthy, ...sick];
  };

  const penalize = (e: Endpoint) => {
    e.failures++;
    e.penaltyUntil = Date.now() + Math.min(30_000, 500 * 2 ** Math.min(e.failures, 6));
  };
  const recover = (e: Endpoint) => { e.failures = 0; e.penaltyUntil = 0; };

  /** One HTTP round trip of a JSON-RPC body to one endpoint; returns the parsed answers by id. */
  async function post(e: Endpoint, calls: RpcCall[], what: string, batchOpts: BatchOptions = {}): Promise<unknown[]> {
    const { maxResponseBytes = Infinity, dropArrays, parseBytes, beforeParse } = batchOpts;
    const where = { chainId: opts.chainId, endpoint: e.index };
    const body = calls.map((c) => ({ jsonrpc: '2.0', id: nextId++, method: c.method, params: c.params }));
    const release = await e.limiter.acquire(calls.length);
    let answer: Buffer;
    let status: number;
    try {
      for (const c of calls) opts.observer?.request?.(c.method, 1, e.index);
      ({ status, bytes: answer } = await e.http.post(JSON.stringify(calls.length === 1 ? body[0] : body), { timeoutMs, maxBytes: maxResponseBytes, allocate: takeBuffer }));
    } catch (cause) {
      if (cause instanceof BodyTooLargeError) throw new RangeLimitError(cause.message, { what, where, answerBytes: cause.declared, maxBytes: cause.maxBytes });
      if (cause instanceof HttpError && cause.code === 'timeout') throw new ChainError(cause.message, { kind: 'timeout', what, where, cause });
      if (cause instanceof HttpError && (cause.code === 'redirect' || cause.code === 'scheme')) throw new ChainError(cause.message, { kind: 'config', what, where, cause });
      throw new ChainError((cause as Error)?.message ?? String(cause), { kind: 'network', what, where, cause });
    } finally {
      release();
    }
    if (beforeParse) await beforeParse(answer.byteLength);
    let parsed = parseBytes && status < 400 ? parseBytes(answer, () => giveBuffer(answer)) : undefined;
    let text = '';
    try {
      if (parsed === undefined) {
        text = textOf(answer);
        giveBuffer(answer);
        if (dropArrays) for (const key of dropArrays) text = dropJsonArrays(text, key);
        parsed = JSON.parse(text);
      }
    } catch (cause) {
      if (status === 429) throw new ChainError('HTTP 429', { kind: 'rate_limit', what, where });
      if (status >= 500) throw new ChainError(`HTTP ${status}`, { kind: 'http_5xx', what, where });
      if (status >= 400) throw new ChainError(`HTTP ${status}: ${text.slice(0, 200)}`, { kind: status === 401 || status === 403 ? 'config' : 'rpc', what, where });
      throw new ChainError(`unparsable JSON answer (${text.length} bytes)`, { kind: 'malformed', what, where, expected: 'a complete JSON-RPC answer', cause });
    }
    if (status === 429) throw new ChainError('HTTP 429', { kind: 'rate_limit', what, where });
    const answers = Array.isArray(parsed) ? parsed : [parsed];
    const byId = new Map<unknown, { result?: unknown; error?: { code?: number; message?: string } }>();
    for (const a of answers) if (a && typeof a === 'object' && 'id' in a) byId.set((a as { id: unknown }).id, a as never);
    if (!Array.isArray(parsed) && calls.length === 1 && parsed && typeof parsed === 'object' && 'error' in parsed && !byId.has(body[0].id)) {
      // Some providers answer errors with id null.
      byId.set(body[0].id, parsed as never);
    }
    if (status >= 500 && byId.size === 0) throw new ChainError(`HTTP ${status}`, { kind: 'http_5xx', what, where });
    return body.map((b, i) => {
      const a = byId.get(b.id);
      if (!a) throw new ChainError(`answer ${i} of ${calls.length} missing`, { kind: 'malformed', what, where, expected: `an answer with id ${b.id}` });
      if (a.error) throw classifyRpcError(a.error, calls[i].method, where);
      if (!('result' in a)) throw new ChainError('answer without result', { kind: 'malformed', what: calls[i].method, where });
      return a.result;
    });
  }

  /** Sends calls to one endpoint at a time; on a retryable error tries the next one, then backs off. */
  async function send(calls: RpcCall[], batchOpts?: BatchOptions): Promise<unknown[]> {
    const what = calls.length === 1 ? calls[0].method : `batch of ${calls.length} (${calls[0].method}, ...)`;
    let lastErr: unknown;
    for (let round = 1; round <= attempts; round++) {
      for (const e of ordered()) {
        try {
          const answers = await post(e, calls, what, batchOpts);
          recover(e);
          return answers;
        } catch (err) {
          lastErr = err;
          opts.observer?.error?.(errorKind(err), calls[0].method, e.index);
          if (err instanceof ChainError) err.observed = true;
          if (!defaultShouldRetry(err)) throw err;
          penalize(e);
        }
      }
      if (round < attempts) await sleep(backoffDelay(round, opts.baseDelayMs ?? 250, opts.maxDelayMs ?? 8_000));
    }
    throw lastErr;
  }

  const client: RpcClient = {
    chainId: opts.chainId,
    async request<T>(method: string, params: unknown[] = []) {
      const [result] = await send([{ method, params }]);
      return result as T;
    },
    async batch<T>(calls: RpcCall[], batchOpts?: BatchOptions) {
      const chunks: RpcCall[][] = [];
      for (let i = 0; i < calls.length; i += maxBatchSize) chunks.push(calls.slice(i, i + maxBatchSize));
      const results = await Promise.all(chunks.map((c) => send(c, batchOpts)));
      return results.flat() as T[];
    },
    async verifyChainId() {
      // Unreachable endpoints are tolerated (fallback covers them) unless none answers; a wrong chain is fatal.
      const answers = await Promise.allSettled(endpoints.map((e) => post(e, [{ method: 'eth_chainId', params: [] }], 'eth_chainId')));
      let reached = 0;
      let lastErr: unknown;
      answers.forEach((a, index) => {
        if (a.status === 'rejected') { lastErr = a.reason; penalize(endpoints[index]); return; }
        reached++;
        const actual = Number(BigInt(a.value[0] as string));
        if (actual !== opts.chainId) {
          throw new ChainError(`endpoint ${index} serves chain ${actual}`, { kind: 'chain_id', what: 'eth_chainId', where: { chainId: opts.chainId, endpoint: index }, expected: `chain id ${opts.chainId}` });
        }
      });
      if (reached === 0) throw lastErr;
    },
    transport: custom({ request: ({ method, params }) => client.request(method, (params as unknown[]) ?? []) }),
  };
  return client;
}
