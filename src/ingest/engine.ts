/**
 * The sync engine: `createIngest` (follows heads, plans and runs jobs, reports progress) and
 * `runWorker` (runs jobs only, for extra worker processes on the same Redis). Both run the same
 * job processor: head jobs follow one chain and plan range jobs; range jobs ingest one chunk of
 * one source. Callers run database migrations before starting.
 *
 * Example:
 *   const ingest = createIngest({ db, chains: [{ chainId: 1, rpcUrls: [url] }],
 *     rollups: [{ definition, stack: arbitrumStack }], logger: pino(), metrics: new Registry() });
 *   await ingest.start();  …  await ingest.stop();
 */
import { createPublicClient, type PublicClient } from 'viem';
import type { Registry } from 'prom-client';
import type { RedisOptions } from 'ioredis';
import type { Database } from '../db/client.ts';
import type { DecodeContext } from '../stacks/types.ts';
import { type Finality } from '../chain/blocks.ts';
import type { BeaconConfig } from '../chain/blobs.ts';
import { errorKind } from '../chain/errors.ts';
import { parseHeader } from '../chain/format.ts';
import { createRangeSizer, type RangeSizer } from '../chain/logs.ts';
import { createRpcClient, type RpcClient } from '../chain/rpc.ts';
import { createLimiter, type Limiter } from '../chain/limiter.ts';
import { followHead, pruneHeaders } from './head.ts';
import { contiguousFrontier } from './ranges.ts';
import type { Logger } from './logger.ts';
import { countUnobserved, createIngestMetrics, rpcObserver, type IngestMetrics } from './metrics.ts';
import { loadDoneRanges, planJobs, type IngestJobData } from './plan.ts';
import { processRange } from './process-range.ts';

import { createProgressDisplay, readProgress, updateMetrics, type IngestProgress } from './progress.ts';
import { createBullQueue, createEmbeddedQueue, type IngestQueue } from './queue.ts';
import { bindSources, type BoundSource, type RollupBinding } from './sources.ts';


export interface ChainConfig {
  chainId: number;
  rpcUrls: string[];
  /** What can no longer change: the chain's `safe`/`finalized` tags (default) or a fixed depth. */
  finality?: Finality;
  /** Head poll interval (default 2,000 ms). */
  pollIntervalMs?: number;
  /** Per RPC endpoint (default unlimited). */
  requestsPerSecond?: number;
  /** HTTP requests in flight per endpoint (default 8). */
  maxInFlight?: number;
  rpcTimeoutMs?: number;
  /** Blob reads (default: the node's anvil_getBlobsByTransactionHash). */
  beacon?: BeaconConfig;
}

export interface IngestTuning {
  /** Blocks per range job of a log source (default 10,000). */
  jobSpanBlocks?: number;
  /** Blocks per range job of a transaction/factory source (default 2,000). */
  sequentialJobSpanBlocks?: number;
  /** Range jobs planned ahead per parallel source (default 4 × concurrency). */
  maxOutstandingJobs?: number;
  /** Initial eth_getLogs span (adapts; default 2,000) and the result count it aims at (default 10,000). */
  initialLogSpan?: number;
  targetLogsPerCall?: number;
  /**
   * Heavy eth_getLogs answers (≥ 4 MB) a process holds as scanned logs at once, from the moment
   * their bytes have arrived until decoded (default 1: the next answers are produced, sent and
   * received as bytes meanwhile; each more is about one more answer of heap).
   */
  heavyRangesInFlight?: number;
  /** Logs per decode slice of sources that allow slicing (LogSource.sliceBefore; default 1,000). */
  decodeSliceLogs?: number;
  maxHeadersPerTick?: number;
  /** BullMQ lock duration / stalled check (default 30 s). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  queuePrefix?: string;
  /** Progress display: `auto` = bar on a TTY, else log lines (default auto). */
  progress?: 'auto' | 'bar' | 'log' | 'off';
  progressIntervalMs?: number;
  /** Prune headers of finalized fact-less blocks once this many more blocks are behind every source (default 256). */
  pruneEveryBlocks?: number;
  /** Job attempts before a job is dropped (the planner re-adds the work later; default 10). */
  attempts?: number;
}

export interface IngestOptions {
  db: Database;
  chains: ChainConfig[];
  rollups: RollupBinding[];
  /** Redis URL or ioredis options; absent = embedded in-process queue. */
  redis?: string | RedisOptions;
  logger: Logger;
  metrics: Registry;
  /** Jobs run at once per chain in this process (default 4). */
  concurrency?: number;
  /** createIngest only: run jobs in this process too (default true); false = schedule and report only, `runWorker` processes do the work. */
  processJobs?: boolean;
  tuning?: IngestTuning;
}

export interface Ingest {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Every source ingested up to its chain's finalized head (from the last progress read). */
  backfillDone(): boolean;
  progress(): IngestProgress | undefined;
  /** Reads progress from the database now (and updates metrics). */
  refreshProgress(): Promise<IngestProgress>;
  metrics: IngestMetrics;
}

interface ChainRuntime {
  config: ChainConfig;
  rpc: RpcClient;
  publicClient: PublicClient;
  sizers: Map<string, RangeSizer>;
  /** Headers below this were pruned by this process (see pruneHeaders). */
  prunedBelow: number;
  /** Heavy sub-ranges held between fetch and decode at once (see process-range heavyFetch). */
  heavyGate: Limiter;
}

interface Runtime {
  chains: Map<number, ChainRuntime>;
  bound: BoundSource[];
  queue: IngestQueue;
  metrics: IngestMetrics;
}

function buildRuntime(opts: IngestOptions): Runtime {
  const metrics = createIngestMetrics(opts.metrics);
  const bound = bindSources(opts.rollups);
  const chains = new Map<number, ChainRuntime>();
  for (const config of opts.chains) {
    const rpc = createRpcClient({
      chainId: config.chainId, urls: config.rpcUrls, requestsPerSecond: config.requestsPerSecond, maxInFlight: config.maxInFlight,
      timeoutMs: config.rpcTimeoutMs, observer: rpcObserver(metrics, config.chainId),
    });
    chains.set(config.chainId, { config, rpc, publicClient: createPublicClient({ transport: rpc.transport, cacheTime: 0 }) as PublicClient, sizers: new Map(), prunedBelow: 0, heavyGate: createLimiter({ maxInFlight: opts.tuning?.heavyRangesInFlight ?? 1 }) });
  }
  for (const b of bound) {
    if (!chains.has(b.chainId)) throw new Error(`source ${b.key} reads chain ${b.chainId}, which has no RPC configured (chains: ${[...chains.keys()].join(', ')})`);
  }
  const chainIds = [...chains.keys()];
  const t = opts.tuning ?? {};
  const concurrency = opts.concurrency ?? 4;
  const onJobDone = (data: IngestJobData, outcome: 'completed' | 'failed' | 'retry', err?: unknown, seconds?: number) => {
    metrics.jobs.inc({ chain_id: String(data.chainId), type: data.type, outcome });
    if (seconds !== undefined) metrics.jobSeconds.observe({ chain_id: String(data.chainId), type: data.type }, seconds);
    if (!err) opts.logger.debug({ msg: 'ingest job done', chain_id: data.chainId, type: data.type, source: data.type === 'range' ? data.source : undefined, chunk: data.type === 'range' ? data.chunk : undefined, seconds });
    if (err) {
      countUnobserved(metrics, data.chainId, err, data.type);
      const log = outcome === 'failed' ? opts.logger.error : opts.logger.warn;
      log.call(opts.logger, { msg: 'ingest job failed', chain_id: data.chainId, type: data.type, source: data.type === 'range' ? data.source : undefined, chunk: data.type === 'range' ? data.chunk : undefined, outcome, kind: errorKind(err), err: String(err) });
    }
  };
  const queue = opts.redis
    ? createBullQueue({ redis: opts.redis, chainIds, concurrency, logger: opts.logger, onJobDone, prefix: t.queuePrefix, lockDurationMs: t.lockDurationMs, stalledIntervalMs: t.stalledIntervalMs, attempts: t.attempts })
    : createEmbeddedQueue({ chainIds, concurrency, logger: opts.logger, onJobDone, attempts: t.attempts });
  return { chains, bound, queue, metrics };
}

function createProcessor(opts: IngestOptions, rt: Runtime) {
  const t = opts.tuning ?? {};
  const concurrency = opts.concurrency ?? 4;
  const spanOf = (b: BoundSource) => (b.sequential ? t.sequentialJobSpanBlocks ?? 2_000 : t.jobSpanBlocks ?? 10_000);
  const byKey = new Map(rt.bound.map((b) => [b.key, b]));

  const l2Of = (b: BoundSource): DecodeContext['l2'] => {
    const l2 = rt.chains.get(b.rollup.l2ChainId);
    if (!l2 || b.rollup.l2ChainId === b.chainId) return undefined;
    return {
      async getBlockByHash(hash) {
        const raw = await l2.rpc.request('eth_getBlockByHash', [hash, false]);
        if (raw === null) return null;
        const h = parseHeader(raw, 'eth_getBlockByHash', { chainId: l2.config.chainId });
        return { number: h.number, timestamp: h.timestamp };
      },
      // Raw L2 JSON-RPC for stack-specific methods (zkSync zks_getL1BatchBlockRange).
      request: <T>(method: string, params: readonly unknown[]) => l2.rpc.request<T>(method, [...params]),
    };
  };

  return async (data: IngestJobData, signal: AbortSignal): Promise<unknown> => {
    const chain = rt.chains.get(data.chainId);
    if (!chain) throw new Error(`job for unknown chain ${data.chainId}`);
    if (data.type === 'head') {
      const update = await followHead({ db: opts.db, rpc: chain.rpc, chainId: data.chainId, finality: chain.config.finality ?? 'tags', maxHeadersPerTick: t.maxHeadersPerTick });
      const label = { chain_id: String(data.chainId) };
      rt.metrics.headBlock.set(label, update.tip);
      rt.metrics.safeBlock.set(label, update.safe);
      rt.metrics.finalizedBlock.set(label, update.finalized);
      if (update.newlyFinalized > 0) rt.metrics.finalizedObserved.inc(label, update.newlyFinalized);
      if (update.reorg) {
        rt.metrics.reorgs.inc(label);
        rt.metrics.reorgDepth.observe(label, update.reorg.depth);
        opts.logger.warn({ msg: 'reorg', chain_id: data.chainId, ancestor: update.reorg.ancestor, depth: update.reorg.depth, old_tip: update.reorg.oldTip, new_tip: update.tip });
      }
      const done = await loadDoneRanges(opts.db, data.chainId);
      const chainSources = rt.bound.filter((b) => b.chainId === data.chainId);
      const jobs = planJobs({ bound: chainSources, done, tip: update.tip, finalized: update.finalized, spanOf, maxOutstanding: t.maxOutstandingJobs ?? 4 * concurrency });
      await rt.queue.add(data.chainId, jobs);
      // Now and then, drop headers of finalized blocks without facts that every source has passed.
      const frontier = Math.min(update.finalized, ...chainSources.map((b) => contiguousFrontier(done.get(b.key) ?? [], b.source.fromBlock)));
      const pruned = chain.prunedBelow;
      if (frontier - pruned >= (t.pruneEveryBlocks ?? 256)) {
        await pruneHeaders(opts.db, data.chainId, pruned, frontier);
        chain.prunedBelow = frontier;
      }
      return { tip: update.tip, planned: jobs.length };
    }
    const bound = byKey.get(data.source);
    if (!bound) {
      opts.logger.warn({ msg: 'job for a source no longer configured', chain_id: data.chainId, source: data.source });
      return undefined;
    }
    let sizer = chain.sizers.get(bound.key);
    if (!sizer) { sizer = createRangeSizer({ initial: t.initialLogSpan ?? 2_000, targetLogs: t.targetLogsPerCall ?? 10_000 }); chain.sizers.set(bound.key, sizer); }
    return processRange({
      db: opts.db, rpc: chain.rpc, bound, sizer, publicClient: chain.publicClient, l2: l2Of(bound), beacon: chain.config.beacon,
      txSpan: spanOf(bound), metrics: rt.metrics, logger: opts.logger, signal, heavyGate: chain.heavyGate, decodeSliceLogs: t.decodeSliceLogs,
    }, data.chunk, data.span);
  };
}

async function verifyChains(rt: Runtime, logger: Logger): Promise<void> {
  for (const [chainId, c] of rt.chains) {
    await c.rpc.verifyChainId();
    logger.info({ msg: 'chain verified', chain_id: chainId, endpoints: c.config.rpcUrls.length });
  }
}

export function createIngest(opts: IngestOptions): Ingest {
  const rt = buildRuntime(opts);
  const processor = createProcessor(opts, rt);
  const t = opts.tuning ?? {};
  const display = createProgressDisplay({ mode: t.progress ?? 'auto', logger: opts.logger });
  let last: IngestProgress | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let reading: Promise<unknown> | undefined;

  const refreshProgress = async () => {
    last = await readProgress(opts.db, [...rt.chains.keys()], rt.bound, last);
    updateMetrics(rt.metrics, last);
    return last;
  };
  const loop = async () => {
    if (stopped) return;
    try {
      reading = refreshProgress();
      display.show((await reading) as IngestProgress);
    } catch (err) {
      opts.logger.warn({ msg: 'progress read failed', err: String(err) });
    }
    if (!stopped) timer = setTimeout(() => void loop(), t.progressIntervalMs ?? 1_000);
  };

  return {
    metrics: rt.metrics,
    async start() {
      await verifyChains(rt, opts.logger);
      if (opts.processJobs !== false) await rt.queue.work(processor);
      else if (!opts.redis) throw new Error('processJobs: false needs redis (worker processes take the jobs)');
      await rt.queue.schedule([...rt.chains.values()].map((c) => ({ chainId: c.config.chainId, everyMs: c.config.pollIntervalMs ?? 2_000 })));
      opts.logger.info({ msg: 'ingest started', mode: rt.queue.kind, chains: [...rt.chains.keys()], sources: rt.bound.map((b) => b.key) });
      void loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await reading?.catch(() => {});
      await rt.queue.close();
      display.stop();
    },
    backfillDone: () => last?.backfillDone ?? false,
    progress: () => last,
    refreshProgress,
  };
}

/** A worker-only process: runs jobs from the shared Redis queues (requires `redis`). */
export async function runWorker(opts: IngestOptions): Promise<{ stop(): Promise<void>; metrics: IngestMetrics }> {
  if (!opts.redis) throw new Error('runWorker needs redis: worker processes share jobs through BullMQ queues');
  const rt = buildRuntime(opts);
  await verifyChains(rt, opts.logger);
  await rt.queue.work(createProcessor(opts, rt));
  opts.logger.info({ msg: 'ingest worker started', chains: [...rt.chains.keys()] });
  return { stop: () => rt.queue.close(), metrics: rt.metrics };
}
