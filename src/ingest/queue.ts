/**
 * Where ingest jobs wait and who runs them: BullMQ on Redis (one queue per chain, N worker
 * processes share it; a stalled job is taken over by another worker), or an embedded in-process
 * queue with the same semantics (dedupe by job id, retries with backoff, head ticks on a timer)
 * when no Redis is configured. Both run the same processor.
 */
import { Queue, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { backoffDelay } from '../chain/retry.ts';
import type { IngestJobData } from './plan.ts';
import type { Logger } from './logger.ts';

export type JobProcessor = (data: IngestJobData, signal: AbortSignal) => Promise<unknown>;

export interface JobSpec {
  id: string;
  data: IngestJobData;
  /** Runs before non-urgent jobs (head following before backfill). */
  urgent?: boolean;
}

export interface IngestQueue {
  kind: 'bullmq' | 'embedded';
  /** Adds jobs; a job whose id is waiting or running is not added again. */
  add(chainId: number, jobs: JobSpec[]): Promise<void>;
  /** A head job per chain every `everyMs` (never two of one chain at once in embedded mode). */
  schedule(heads: { chainId: number; everyMs: number }[]): Promise<void>;
  work(processor: JobProcessor): Promise<void>;
  counts(chainId: number): Promise<{ waiting: number; active: number }>;
  close(): Promise<void>;
}

export interface QueueOptions {
  chainIds: number[];
  /** Jobs run at once per chain. */
  concurrency: number;
  logger: Logger;
  onJobDone?: (data: IngestJobData, outcome: 'completed' | 'failed' | 'retry', err?: unknown, seconds?: number) => void;
  /** Attempts per job before it is dropped (the planner re-adds missing work). */
  attempts?: number;
}

export interface BullOptions extends QueueOptions {
  redis: string | RedisOptions;
  /** Queue name prefix in Redis (default `rollscope`). */
  prefix?: string;
  /** BullMQ lock: a job whose worker stops renewing it for this long is handed to another worker. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

/** Range jobs of a chain; head ticks have their own queue so a long backfill never delays them. */
export const queueName = (chainId: number) => `ingest-${chainId}`;
export const headQueueName = (chainId: number) => `head-${chainId}`;

function redisConnection(redis: string | RedisOptions): Redis {
  const opts = { maxRetriesPerRequest: null, enableReadyCheck: true } as const;
  return typeof redis === 'string' ? new Redis(redis, opts) : new Redis({ ...redis, ...opts });
}

export function createBullQueue(opts: BullOptions): IngestQueue {
  const prefix = opts.prefix ?? 'rollscope';
  const connection = redisConnection(opts.redis);
  const queues = new Map(opts.chainIds.map((c) => [c, new Queue<IngestJobData>(queueName(c), { connection: connection as ConnectionOptions, prefix })]));
  const headQueues = new Map(opts.chainIds.map((c) => [c, new Queue<IngestJobData>(headQueueName(c), { connection: connection as ConnectionOptions, prefix })]));
  const workers: Worker<IngestJobData>[] = [];
  const attempts = opts.attempts ?? 10;
  // Aborted on close: running jobs stop after their current sub-range (progress is committed) instead of running to the tip.
  const stopping = new AbortController();
  const jobOpts = { attempts, backoff: { type: 'exponential', delay: 500 }, removeOnComplete: true, removeOnFail: true } as const;
  const q = (chainId: number) => {
    const queue = queues.get(chainId);
    if (!queue) throw new Error(`no queue for chain ${chainId}`);
    return queue;
  };
  return {
    kind: 'bullmq',
    async add(chainId, jobs) {
      if (jobs.length === 0) return;
      await q(chainId).addBulk(jobs.map((j) => ({ name: j.data.type, data: j.data, opts: { ...jobOpts, jobId: j.id, ...(j.urgent ? {} : { priority: 1 }) } })));
    },
    async schedule(heads) {
      for (const h of heads) {
        await headQueues.get(h.chainId)!.upsertJobScheduler(`head-${h.chainId}`, { every: h.everyMs }, {
          name: 'head', data: { type: 'head', chainId: h.chainId }, opts: { removeOnComplete: true, removeOnFail: true, attempts: 1 },
        });
      }
    },
    async work(processor) {
      for (const chainId of opts.chainIds) for (const name of [queueName(chainId), headQueueName(chainId)]) {
        const isHead = name === headQueueName(chainId);
        const worker = new Worker<IngestJobData>(
          name,
          async (job: Job<IngestJobData>, _token?: string, signal?: AbortSignal) => {
            const started = Date.now();
            try {
              const out = await processor(job.data, signal ? AbortSignal.any([signal, stopping.signal]) : stopping.signal);
              opts.onJobDone?.(job.data, 'completed', undefined, (Date.now() - started) / 1000);
              return out;
            } catch (err) {
              const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
              opts.onJobDone?.(job.data, final ? 'failed' : 'retry', err, (Date.now() - started) / 1000);
              throw err;
            }
          },
          {
            connection: connection.duplicate() as ConnectionOptions,
            prefix,
            concurrency: isHead ? 1 : opts.concurrency,
            lockDuration: opts.lockDurationMs ?? 30_000,
            stalledInterval: opts.stalledIntervalMs ?? opts.lockDurationMs ?? 30_000,
            maxStalledCount: 10,
          },
        );
        worker.on('error', (err) => opts.logger.error({ msg: 'bullmq worker error', chain_id: chainId, err: String(err) }));
        workers.push(worker);
      }
      await Promise.all(workers.map((w) => w.waitUntilReady()));
    },
    async counts(chainId) {
      const c = await q(chainId).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      return { waiting: (c.waiting ?? 0) + (c.delayed ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0 };
    },
    async close() {
      stopping.abort();
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all([...queues.values(), ...headQueues.values()].map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}

/** In-process queue: same processor, same dedupe and retry rules, no Redis. */
export function createEmbeddedQueue(opts: QueueOptions): IngestQueue {
  interface Entry { spec: JobSpec; attempt: number; notBefore: number }
  const pending = new Map<number, Entry[]>(opts.chainIds.map((c) => [c, []]));
  const known = new Set<string>();
  const active = new Map<number, number>(opts.chainIds.map((c) => [c, 0]));
  const attempts = opts.attempts ?? 10;
  const controller = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let processor: JobProcessor | undefined;
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => { timers.delete(t); fn(); }, ms);
    timers.add(t);
  };

  const pump = (chainId: number) => {
    if (!processor || closed) return;
    const list = pending.get(chainId)!;
    while ((active.get(chainId) ?? 0) < opts.concurrency) {
      const now = Date.now();
      let i = list.findIndex((e) => e.notBefore <= now && e.spec.urgent);
      if (i < 0) i = list.findIndex((e) => e.notBefore <= now);
      if (i < 0) {
        const soonest = Math.min(...list.map((e) => e.notBefore));
        if (Number.isFinite(soonest)) later(soonest - now, () => pump(chainId));
        return;
      }
      const [entry] = list.splice(i, 1);
      active.set(chainId, (active.get(chainId) ?? 0) + 1);
      void run(chainId, entry);
    }
  };

  const run = async (chainId: number, entry: Entry) => {
    const started = Date.now();
    try {
      await processor!(entry.spec.data, controller.signal);
      known.delete(entry.spec.id);
      opts.onJobDone?.(entry.spec.data, 'completed', undefined, (Date.now() - started) / 1000);
    } catch (err) {
      const final = entry.attempt + 1 >= attempts || closed;
      opts.onJobDone?.(entry.spec.data, final ? 'failed' : 'retry', err, (Date.now() - started) / 1000);
      if (final) known.delete(entry.spec.id);
      else pending.get(chainId)!.push({ spec: entry.spec, attempt: entry.attempt + 1, notBefore: Date.now() + backoffDelay(entry.attempt + 1, 500, 30_000) });
    } finally {
      active.set(chainId, (active.get(chainId) ?? 1) - 1);
      pump(chainId);
    }
  };

  return {
    kind: 'embedded',
    async add(chainId, jobs) {
      const list = pending.get(chainId);
      if (!list) throw new Error(`no queue for chain ${chainId}`);
      for (const spec of jobs) {
        if (known.has(spec.id)) continue;
        known.add(spec.id);
        list.push({ spec, attempt: 0, notBefore: 0 });
      }
      pump(chainId);
    },
    async schedule(heads) {
      for (const h of heads) {
        const tick = async () => {
          if (closed) return;
          const started = Date.now();
          try {
            await processor?.({ type: 'head', chainId: h.chainId }, controller.signal);
            opts.onJobDone?.({ type: 'head', chainId: h.chainId }, 'completed', undefined, (Date.now() - started) / 1000);
          } catch (err) {
            opts.onJobDone?.({ type: 'head', chainId: h.chainId }, 'failed', err, (Date.now() - started) / 1000);
          }
          if (!closed) later(h.everyMs, () => void tick());
        };
        later(0, () => void tick());
      }
    },
    async work(p) {
      processor = p;
      for (const c of opts.chainIds) pump(c);
    },
    async counts(chainId) {
      return { waiting: pending.get(chainId)?.length ?? 0, active: active.get(chainId) ?? 0 };
    },
    async close() {
      closed = true;
      controller.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      // Wait for running jobs to finish their current sub-range.
      while ([...active.values()].some((n) => n > 0)) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
