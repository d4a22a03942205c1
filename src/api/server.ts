/**
 * The HTTP face: GraphQL (yoga) at /graphql with GraphiQL rendered offline (example tabs per user),
 * subscriptions over SSE, plus /health (process alive), /ready (503 until migrations are applied
 * and backfill is done) and /metrics (Prometheus).
 *
 * Safety: request bodies above `maxBodyBytes` get 413 REQUEST_TOO_LARGE before parsing; graphql-armor
 * bounds depth, aliases, tokens, directives and cost; errors that are not user errors are masked
 * (no stack traces). Speed: identical POSTed queries within one clock second are answered from a
 * response cache until the facts they read change (one execution shared by concurrent identical
 * requests, the most polled answers prepared for the next second before it starts; an answer served
 * from rollup snapshots alone is dropped only by its own rollups' new facts); poll rows are cached
 * until their rollup's facts change (≤ pollCacheMs).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { Histogram, type Registry } from 'prom-client';
import type { Database } from '../db/client.ts';
import type { Logger } from '../log.ts';
import type { BlobSchedules } from '../metrics/da.ts';
import { defaultHealthThresholds, type HealthThresholds } from '../metrics/health.ts';
import { createWebhookQueue, createWebhookWorker, type WebhookEndpoint } from '../webhooks/queue.ts';
import { createPollCache, createResponseCache, type CachedResponse } from './cache.ts';
import { createLoaders, newReads, trackedDatabase, type ApiContext, type ApiOptions, type Reads } from './context.ts';
import { createFactFeed, type FactFeed } from './feed.ts';
import { graphiqlTabs } from './graphiql.ts';
import { createHealthMonitor, type HealthMonitor } from './monitor.ts';
import { buildSchema } from './schema.ts';
import { limitErrorsPlugin, reportLimit } from './limits.ts';

export interface Readiness {
  ready: boolean;
  /** What is still missing, e.g. ["migrations", "backfill arbitrum-one"]. */
  waitingFor: string[];
}

export interface ApiTuning {
  /** Health thresholds (defaults: defaultHealthThresholds). */
  thresholds?: Partial<HealthThresholds>;
  /** Unix seconds (default: the wall clock). now = max(clock(), newest L1 head time). */
  clock?: () => number;
  blobSchedules?: BlobSchedules;
  /** Cache whole responses within a second and a facts epoch (default true). */
  responseCache?: boolean;
  /** Prepare the most polled answers for the next second just before it starts (default true; wall clock only). */
  prepareAnswers?: boolean;
  /** Max age of a cached poll row in ms (default 1000; 0 disables). */
  pollCacheMs?: number;
  /** Largest accepted request body (default 64 KiB). */
  maxBodyBytes?: number;
  /** Run the health monitor in this process (default true), its period, and whether it starts at once (default true; tests call monitor.check()). */
  monitor?: boolean | { intervalMs?: number; start?: boolean };
  /** Webhooks on health changes, delivered as BullMQ jobs; `deliver` runs the delivery worker here too (default true). */
  webhooks?: { redisUrl: string; endpoints: WebhookEndpoint[]; prefix?: string; deliver?: boolean; attempts?: number; backoffMs?: number; timeoutMs?: number };
}

export interface CreateApiServerOptions extends ApiTuning {
  db: Database;
  registry: Registry;
  logger: Logger;
  readiness: () => Readiness;
}

export interface ApiServer {
  server: Server;
  feed: FactFeed;
  monitor?: HealthMonitor;
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 64 * 1024;

/** Per request: the node objects, the clock second the answer is for, and what it read. */
interface ServerContext {
  req?: IncomingMessage;
  res?: ServerResponse;
  second?: number;
  reads?: Reads;
}

function requestHistogram(registry: Registry): Histogram<'cache'> {
  const name = 'rollscope_graphql_request_seconds';
  const existing = registry.getSingleMetric(name) as Histogram<'cache'> | undefined;
  if (existing) return existing;
  const h = new Histogram({ name, help: 'GraphQL POST requests by response-cache outcome', labelNames: ['cache'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2], registers: [] });
  registry.registerMetric(h);
  return h;
}

export function createApiServer(opts: CreateApiServerOptions): ApiServer {
  const { db, registry, logger, readiness } = opts;
  const clock = opts.clock ?? (() => Math.floor(Date.now() / 1000));
  const options: ApiOptions = { thresholds: { ...defaultHealthThresholds, ...opts.thresholds }, clock, blobSchedules: opts.blobSchedules ?? {} };
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const feed = createFactFeed({ db, logger });
  const pollCache = createPollCache({ db, ttlMs: opts.pollCacheMs ?? 1_000, enabled: (opts.pollCacheMs ?? 1_000) > 0 });
  const responses = opts.responseCache === false ? undefined : createResponseCache();
  const histogram = requestHistogram(registry);
  // New facts (or a health change) of one rollup drop what read it; '*' (missed notifications) drops all.
  feed.on((_kind, id) => {
    pollCache.invalidate(id);
    responses?.invalidate(id);
  });

  // now = max(clock, newest L1 head time), the head time read at most once a second.
  let head = { value: 0, at: 0, pending: undefined as Promise<number> | undefined };
  const headTime = (): Promise<number> => {
    if (Date.now() - head.at < 1_000) return Promise.resolve(head.value);
    head.pending ??= db
      .query<{ t: string | null }>(`select max(latest_time) as t from chain_heads`)
      .then(([r]) => {
        head = { value: r?.t === null || r?.t === undefined ? 0 : Number(r.t), at: Date.now(), pending: undefined };
        return head.value;
      })
      .catch(() => {
        head.pending = undefined;
        return head.value;
      });
    return head.pending;
  };
  /** `second`: the clock second the answer is for (a prepared answer is computed just before it). */
  const requestNow = (second?: number) => {
    let p: Promise<number> | undefined;
    return () => (p ??= headTime().then((h) => Math.max(second ?? Math.floor(clock()), h)));
  };

  // Example tabs: the first configured rollup, and the last L2 block of its latest batch.
  let exampleRollup = 'arbitrum-one';
  let exampleBlock = 1;
  const refreshExample = () =>
    db
      .query<{ id: string; block: string | null }>(
        `select r.id, (select l2_block_end::text from sequencer_batches b where b.rollup_id = r.id and b.l2_block_end is not null
           order by b.block_number desc limit 1) as block from rollups r order by r.id limit 1`,
      )
      .then(([r]) => {
        if (!r) return;
        exampleRollup = r.id;
        exampleBlock = r.block === null ? 1 : Number(r.block);
      })
      .catch(() => undefined);

  const yoga = createYoga<ServerContext, ApiContext>({
    schema: buildSchema() as never,
    graphqlEndpoint: '/graphql',
    context: ({ second, reads = newReads() }) => {
      const tracked = trackedDatabase(db, reads);
      return { db: tracked, options, feed, loaders: createLoaders(tracked, pollCache, reads), now: requestNow(second) };
    },
    renderGraphiQL,
    // The example tabs name a configured rollup: read before rendering, so the first page is right too.
    graphiql: async () => {
      await refreshExample();
      const tabs = graphiqlTabs(exampleRollup, exampleBlock);
      return { title: 'rollscope', defaultTabs: tabs, defaultQuery: tabs[0].query, subscriptionsProtocol: 'SSE' };
    },
    maskedErrors: { isDev: false },
    logging: {
      debug: (...a) => logger.debug({ yoga: a }, 'yoga'),
      info: (...a) => logger.info({ yoga: a }, 'yoga'),
      warn: (...a) => logger.warn({ yoga: a }, 'yoga'),
      error: (...a) => logger.error({ yoga: a }, 'yoga'),
    },
    plugins: [
      EnvelopArmorPlugin({
        maxDepth: { n: 10, propagateOnRejection: false, onReject: [reportLimit] },
        maxAliases: { n: 15, propagateOnRejection: false, onReject: [reportLimit] },
        maxTokens: { n: 2000 },
        maxDirectives: { n: 20, propagateOnRejection: false, onReject: [reportLimit] },
        costLimit: { maxCost: 5000, propagateOnRejection: false, onReject: [reportLimit] },
      }),
      limitErrorsPlugin(),
    ],
  });

  const monitorOpts = opts.monitor ?? true;
  const webhookQueue = opts.webhooks ? createWebhookQueue(opts.webhooks) : undefined;
  const webhookWorker = opts.webhooks && opts.webhooks.deliver !== false ? createWebhookWorker(opts.webhooks) : undefined;
  const monitor = monitorOpts
    ? createHealthMonitor({
        db,
        thresholds: options.thresholds,
        now: () => requestNow()(),
        feed,
        logger,
        intervalMs: typeof monitorOpts === 'object' ? monitorOpts.intervalMs : undefined,
        webhooks: webhookQueue,
        canRun: () => !readiness().waitingFor.includes('migrations'),
      })
    : undefined;

  async function graphqlPost(req: IncomingMessage, res: ServerResponse) {
    const t0 = performance.now();
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBody) return tooLarge(res, maxBody, true);
    const body = await readBody(req, maxBody);
    if (body === null) return tooLarge(res, maxBody, false);
    const accept = String(req.headers.accept ?? '');
    const key = `${accept}\n${req.headers['content-type'] ?? ''}\n${body}`;
    const second = Math.floor(clock());
    const hit = responses?.get(key, second);
    if (hit) {
      send(res, hit);
      histogram.observe({ cache: 'hit' }, (performance.now() - t0) / 1000);
      return;
    }
    const epoch = responses?.epoch() ?? 0;
    // Single flight: identical requests in the same second and epoch share one execution.
    const flightKey = `${second}\n${epoch}\n${key}`;
    let flight = responses ? inflight.get(flightKey) : undefined;
    const shared = flight !== undefined;
    if (!flight) {
      flight = execute(req.url ?? '/graphql', headersOf(req), body, { req, res, second, reads: newReads() });
      if (responses) {
        inflight.set(flightKey, flight);
        void flight.finally(() => inflight.delete(flightKey)).catch(() => {});
      }
    }
    const out = await flight;
    send(res, out);
    if (!shared && responses && cacheable(out)) responses.setIfEpoch(key, second, epoch, out, out.rollups);
    histogram.observe({ cache: shared ? 'shared' : 'miss' }, (performance.now() - t0) / 1000);
  }

  const inflight = new Map<string, Promise<CachedResponse & { rollups: string[] | null }>>();
  const cacheable = (out: CachedResponse) =>
    out.status === 200 && (out.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').includes('json') && !out.body.includes('"errors"');

  /**
   * Prepared answers: just before each clock second ends, the requests answered from the cache
   * at least twice in it are computed again for the next second (now = that second), so polls
   * arriving when the second turns find their answer ready instead of all waiting on one
   * execution. Wall clock only (an injected clock has no schedule); new facts drop them as usual.
   */
  const PREPARE_LEAD_MS = 60;
  const PREPARE_MAX_KEYS = 64;
  let prepareTimer: NodeJS.Timeout | undefined;
  let closed = false;
  const schedulePrepare = () => {
    if (closed) return;
    const wait = (1_000 - (Date.now() % 1_000) - PREPARE_LEAD_MS + 1_000) % 1_000;
    prepareTimer = setTimeout(() => void prepareNextSecond().finally(schedulePrepare), wait);
    prepareTimer.unref();
  };
  async function prepareNextSecond(): Promise<void> {
    if (!responses) return;
    const second = Math.floor(Date.now() / 1000);
    const next = second + 1;
    const epoch = responses.epoch();
    await Promise.all(responses.hot(second, PREPARE_MAX_KEYS).map(async (key) => {
      const [accept, type, ...rest] = key.split('\n');
      const flightKey = `${next}\n${epoch}\n${key}`;
      if (inflight.has(flightKey)) return;
      const headers = new Headers({ 'content-type': type!, accept: accept! });
      const flight = execute('/graphql', headers, rest.join('\n'), { second: next, reads: newReads() });
      inflight.set(flightKey, flight);
      try {
        const out = await flight;
        if (cacheable(out)) responses.setIfEpoch(key, next, epoch, out, out.rollups);
      } catch (err) {
        logger.warn({ err }, 'preparing a cached answer failed');
      } finally {
        inflight.delete(flightKey);
      }
    }));
  }
  if (responses && opts.clock === undefined && opts.prepareAnswers !== false) schedulePrepare();

  function headersOf(req: IncomingMessage): Headers {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || k === 'content-length' || k === 'transfer-encoding' || k === 'connection') continue;
      headers.set(k, Array.isArray(v) ? v.join(', ') : v);
    }
    return headers;
  }

  /** One execution; `rollups`: what the answer read (null when it read outside the rollup snapshots). */
  async function execute(url: string, headers: Headers, body: string, serverContext: ServerContext): Promise<CachedResponse & { rollups: string[] | null }> {
    const response = await yoga.fetch(`http://localhost${url}`, { method: 'POST', headers, body }, serverContext);
    const reads = serverContext.reads;
    // Headers are copied with get() for content-type: the fetch ponyfill's entries() may omit it.
    const copied: [string, string][] = [];
    response.headers.forEach((v, k) => copied.push([k, v]));
    const type = response.headers.get('content-type');
    if (type && !copied.some(([k]) => k.toLowerCase() === 'content-type')) copied.push(['content-type', type]);
    const out = Buffer.from(await response.arrayBuffer());
    return { status: response.status, headers: copied, body: out, rollups: !reads || reads.other ? null : [...reads.rollups] };
  }

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (path === '/health') return json(res, 200, { status: 'ok' });
      if (path === '/ready') {
        const r = readiness();
        return json(res, r.ready ? 200 : 503, { status: r.ready ? 'ready' : 'not ready', waitingFor: r.waitingFor });
      }
      if (path === '/metrics') {
        res.writeHead(200, { 'content-type': registry.contentType });
        return res.end(await registry.metrics());
      }
      if (path === '/') {
        res.writeHead(302, { location: '/graphql' });
        return res.end();
      }
      if (path === '/graphql' && req.method === 'POST' && !String(req.headers.accept ?? '').includes('text/event-stream')) return await graphqlPost(req, res);
      if (req.method === 'POST' && Number(req.headers['content-length'] ?? 0) > maxBody) return tooLarge(res, maxBody, true);
      return yoga(req, res);
    } catch (err) {
      logger.error({ err, path }, 'request failed');
      if (!res.headersSent) json(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL' } }] });
      else res.end();
    }
  });

  if (monitor && !(typeof monitorOpts === 'object' && monitorOpts.start === false)) monitor.start();

  return {
    server,
    feed,
    monitor,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const actual = (server.address() as AddressInfo).port;
          resolve({ port: actual, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actual}` });
        });
      }),
    async close() {
      closed = true;
      clearTimeout(prepareTimer);
      await monitor?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await webhookWorker?.close();
      await webhookQueue?.close();
      await feed.close();
    },
  };
}

/** The body as a string, or null once it exceeds `max` bytes (the rest is drained, not kept). */
function readBody(req: IncomingMessage, max: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tooLarge(res: ServerResponse, max: number, close: boolean) {
  const body = JSON.stringify({ errors: [{ message: `Request body too large: at most ${max} bytes are accepted`, extensions: { code: 'REQUEST_TOO_LARGE', maxBytes: max } }] });
  res.writeHead(413, { 'content-type': 'application/json', ...(close ? { connection: 'close' } : {}) });
  res.end(body);
}

function send(res: ServerResponse, r: CachedResponse) {
  const headers: Record<string, string> = {};
  for (const [k, v] of r.headers) if (k !== 'content-length' && k !== 'transfer-encoding') headers[k] = v;
  headers['content-length'] = String(r.body.length);
  res.writeHead(r.status, headers);
  res.end(r.body);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
