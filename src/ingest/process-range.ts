/**
 * The range job: ingests what is still missing of one chunk of one source. Sub-ranges (adaptive
 * eth_getLogs spans) flow through three overlapping stages: fetch of the next, decode of this
 * one, commit of the previous (commits in block order). Each sub-range commits on its own, so a
 * kill loses at most the sub-ranges in flight. A sub-range refused at commit (stale fork,
 * inconsistency) is refetched together with everything decoded after it (bounded retries).
 */
import type { PublicClient } from 'viem';
import type { Database } from '../db/client.ts';
import type { DecodeContext, Facts } from '../stacks/types.ts';
import type { Limiter } from '../chain/limiter.ts';
import type { RangeSizer } from '../chain/logs.ts';
import type { RpcClient } from '../chain/rpc.ts';
import type { BeaconConfig } from '../chain/blobs.ts';
import { backoffDelay, sleep, withRetry } from '../chain/retry.ts';
import { errorKind, isRetryable } from '../chain/errors.ts';
import { commitRange, mergePrepared, prepareFacts, releasePrepared, type PreparedFacts } from './commit.ts';
import { jsonText } from '../db/write.ts';
import { fetchRange, type FactoryChild, type FetchedRange } from './fetch.ts';
import { contiguousFrontier, gaps, splitAligned } from './ranges.ts';
import { SEQUENTIAL } from './plan.ts';
import type { BoundSource } from './sources.ts';
import { createStateStore } from './state.ts';
import { decodeInSlices, viewOf } from './slices.ts';
import { countUnobserved, type IngestMetrics } from './metrics.ts';
import type { Logger } from './logger.ts';

export interface RangeContext {
  db: Database;
  rpc: RpcClient;
  bound: BoundSource;
  sizer: RangeSizer;
  publicClient: PublicClient;
  l2?: DecodeContext['l2'];
  beacon?: BeaconConfig;
  txSpan?: number;
  metrics: IngestMetrics;
  logger: Logger;
  signal?: AbortSignal;
  /** Process-wide gate for heavy sub-ranges (see heavyFetch). */
  heavyGate?: Limiter;
  /** Logs per decode slice (LogSource.sliceBefore; default slices.ts DECODE_SLICE_LOGS). */
  decodeSliceLogs?: number;
}

export interface RangeOutcome {
  blocks: number;
  logs: number;
  factRows: number;
}

export async function processRange(ctx: RangeContext, chunk: number, span: number): Promise<RangeOutcome> {
  const { db, bound } = ctx;
  const { chainId } = bound;
  const [head] = await db.query<{ latest: number }>(`select latest from chain_heads where chain_id = $1`, [chainId]);
  if (!head) return { blocks: 0, logs: 0, factRows: 0 };
  const sequentialAll = chunk === SEQUENTIAL;
  let from = sequentialAll ? bound.source.fromBlock : Math.max(chunk * span, bound.source.fromBlock);
  const to = Math.min(sequentialAll ? Infinity : (chunk + 1) * span - 1, Number(head.latest), bound.source.toBlock ?? Infinity);
  const doneRows = await db.query<{ from_block: number; to_block: number }>(
    `select from_block, to_block from sync_ranges where chain_id = $1 and source = $2 and to_block >= $3 - 1 and from_block <= $4 order by from_block`,
    [chainId, bound.key, Math.min(from, bound.source.fromBlock), to],
  );
  const done = doneRows.map((r) => [Number(r.from_block), Number(r.to_block)] as const);
  if (bound.sequential) {
    // Ordered sources go from their frontier on, never past a gap.
    const all = await db.query<{ from_block: number; to_block: number }>(`select from_block, to_block from sync_ranges where chain_id = $1 and source = $2`, [chainId, bound.key]);
    const frontier = contiguousFrontier(all.map((r) => [Number(r.from_block), Number(r.to_block)] as const), bound.source.fromBlock);
    if (sequentialAll) from = frontier + 1;
    else if (frontier < from - 1) return { blocks: 0, logs: 0, factRows: 0 };
  }
  const outcome: RangeOutcome = { blocks: 0, logs: 0, factRows: 0 };
  // An ordered source's job walks chunk by chunk: no sub-range crosses a chunk boundary, as with per-chunk jobs.
  const pieces = sequentialAll ? splitAligned(gaps(done, from, to), span).map((p) => p.range) : gaps(done, from, to);
  for (const [gFrom, gTo] of pieces) {
    await ingestGap(ctx, gFrom, gTo, outcome);
    if (ctx.signal?.aborted) break;
  }
  return outcome;
}

async function ingestGap(ctx: RangeContext, from: number, to: number, outcome: RangeOutcome): Promise<void> {
  const { bound } = ctx;
  const pendingChildren: FactoryChild[] = [];
  const knownChildren = bound.source.kind === 'factory'
    ? async () => {
        const rows = await ctx.db.query<{ address: `0x${string}`; block_number: number; log_index: number }>(
          `select address, block_number, log_index from factory_children where chain_id = $1 and source = $2`, [bound.chainId, bound.key],
        );
        const known = rows.map((r) => ({ address: r.address, blockNumber: Number(r.block_number), logIndex: r.log_index }));
        const have = new Set(known.map((k) => k.address));
        return [...known, ...pendingChildren.filter((c) => !have.has(c.address))];
      }
    : undefined;

  const fetchOne = (start: number) => {
    const p = withRetry(() => timed(ctx, 'fetch', () => heavyFetch(ctx, (beforeParse) => fetchRange({ rpc: ctx.rpc, bound, fromBlock: start, toBlock: to, sizer: ctx.sizer, knownChildren, beacon: ctx.beacon, txSpan: ctx.txSpan, beforeParse }))), {
      attempts: 8,
      onRetry: (err, attempt) => { countUnobserved(ctx.metrics, bound.chainId, err, 'range'); ctx.logger.warn({ msg: 'range fetch retry', chain_id: bound.chainId, source: bound.key, from: start, attempt, err: String(err) }); },
    });
    p.catch(() => {}); // consumed below; avoid an unhandled rejection while it waits
    return p;
  };

  // Three stages overlap: sub-range N+1 is fetched and decoded while N commits. Commits stay in
  // block order (N+1's waits for N's), and N+1 decodes with N's decoder-state writes in hand
  // (`carried`), so ordered sources see the state they would see one range at a time.
  // Factory sources run one sub-range at a time: the next must know this one's children.
  const pipelined = bound.source.kind !== 'factory';
  let cursor = from; // first block not yet committed
  let refusals = 0;
  let carried = new Map<string, unknown>();
  let committing: { promise: Promise<void>; from: number; to: number } | undefined;
  let next: Promise<FetchedRange> | undefined = fetchOne(cursor);

  /** A commit was refused (retryable): drop what was built on it and start again at its first block. */
  const restart = async (err: unknown, at: number, end: number): Promise<void> => {
    if (!isRetryable(err) || ++refusals > 5) throw err;
    ctx.logger.warn({ msg: 'range commit refused, refetching', chain_id: bound.chainId, source: bound.key, from: at, to: end, err: String(err) });
    ctx.metrics.commitRefusals.inc({ chain_id: String(bound.chainId), kind: errorKind(err) });
    countUnobserved(ctx.metrics, bound.chainId, err, 'commit');
    carried = new Map();
    cursor = at;
    await sleep(backoffDelay(refusals));
  };
  /** Waits for the commit in flight; false when it was refused and the pipeline restarted. */
  const settle = async (): Promise<boolean> => {
    if (!committing) return true;
    const { promise, from: at, to: end } = committing;
    committing = undefined;
    try {
      await promise;
    } catch (err) {
      await restart(err, at, end);
      return false;
    }
    outcome.blocks += end - at + 1;
    cursor = end + 1;
    return true;
  };

  while (next) {
    let fetched: FetchedRange;
    try {
      fetched = await next;
    } catch (err) {
      await committing?.promise.catch(() => {}); // never leave a commit running behind a failure
      throw err;
    }
    const start = fetched.batch.fromBlock;
    const end = fetched.batch.toBlock;
    next = pipelined && end < to && !ctx.signal?.aborted ? fetchOne(end + 1) : undefined;
    let decoded: DecodedRange | undefined;
    let decodeError: unknown;
    try {
      decoded = await decodeFetched(ctx, fetched, carried);
    } catch (err) {
      decodeError = err;
    }
    const settled = await settle();
    if (!settled || decoded === undefined) {
      // The previous commit was refused (this decode stands on it), or this decode failed
      // (a retryable failure, e.g. a contract read, refetches; any other is thrown).
      if (decoded) releasePrepared(decoded.facts);
      next?.then((f) => f.releaseHeavy?.(), () => {});
      if (settled) await restart(decodeError, start, end);
      next = fetchOne(cursor);
      continue;
    }
    for (const [k, v] of decoded.stateWrites) carried.set(k, v);
    const promise = commitDecoded(ctx, decoded, outcome);
    promise.catch(() => {}); // consumed by settle()
    committing = { promise, from: start, to: end };
    if (!pipelined) {
      if (!(await settle())) { next = fetchOne(cursor); continue; }
      if (fetched.newChildren.length > 0) pendingChildren.push(...fetched.newChildren);
      if (end < to && !ctx.signal?.aborted) next = fetchOne(end + 1);
    }
    if (ctx.signal?.aborted) break;
    if (!next && !(await settle())) next = fetchOne(cursor);
  }
  // Stopped early (abort): a fetch still in flight gives back its heavy-gate permit once it lands.
  next?.then((f) => f.releaseHeavy?.(), () => {});
  await settle();
}

/** eth_getLogs answers of at least this many bytes are heavy: the process parses only a few at once. */
const HEAVY_ANSWER_BYTES = 4 * 1024 * 1024;

/**
 * A sub-range whose eth_getLogs answer is heavy holds a permit of the process's `ctx.heavyGate`
 * from the moment the answer's bytes have arrived (outside the JS heap) until it is decoded: the
 * gate bounds how many answers the process holds as scanned logs (tuning.heavyRangesInFlight),
 * while the node produces and sends the next answers and commits of decoded facts go on.
 */
async function heavyFetch(ctx: RangeContext, fetch: (beforeParse?: (bytes: number) => Promise<void>) => Promise<FetchedRange>): Promise<FetchedRange> {
  const gate = ctx.heavyGate;
  if (!gate) return fetch();
  let release: (() => void) | undefined;
  let asked = false;
  const beforeParse = async (bytes: number) => {
    if (bytes < HEAVY_ANSWER_BYTES || asked) return; // one permit per sub-range, however many answers it reads
    asked = true;
    release = await gate.acquire(1);
  };
  try {
    const fetched = await fetch(beforeParse);
    fetched.releaseHeavy = release;
    return fetched;
  } catch (err) {
    release?.();
    throw err;
  }
}

interface DecodedRange {
  fetched: FetchedRange;
  facts: PreparedFacts;
  logCount: number;
  stateWrites: Map<string, unknown>;
}

/** Decodes a fetched sub-range; `carried` holds decoder-state writes of earlier sub-ranges not yet committed. */
async function decodeFetched(ctx: RangeContext, fetched: FetchedRange, carried: ReadonlyMap<string, unknown>): Promise<DecodedRange> {
  const { bound, db } = ctx;
  const { batch } = fetched;
  const state = createStateStore({ db, chainId: bound.chainId, source: bound.key, fromBlock: batch.fromBlock, carried });
  const decodeCtx: DecodeContext = {
    readContract: memoReads((a) => ctx.publicClient.readContract({ address: a.address, abi: a.abi as never, functionName: a.functionName, args: a.args as never, blockNumber: BigInt(a.blockNumber) }) as never),
    state: { get: state.get, set: state.set },
    l2: ctx.l2,
  };
  const range = { chainId: bound.chainId, source: bound.key, fromBlock: batch.fromBlock, toBlock: batch.toBlock, headers: fetched.headers };
  const { columns } = fetched;
  const logs = columns
    ? { count: columns.count, topic0: (i: number) => columns.topic0(i), slice: (s: number, e: number) => columns.slice(s, e, (n) => fetched.headers.get(n)!.timestamp) }
    : viewOf(batch.logs);
  let facts: PreparedFacts;
  try {
    // Checked and encoded here, slice by slice, so that neither the rows nor the answer their
    // strings were cut from wait in memory (and in the old generation) for the commit.
    facts = await timed(ctx, 'decode', async () => {
      let prepared: PreparedFacts = { blocks: new Set(), tables: [] };
      try {
        for await (const part of decodeInSlices(bound.stack, bound.rollup, batch, logs, decodeCtx, ctx.decodeSliceLogs)) prepared = mergePrepared(prepared, prepareFacts(range, part));
      } catch (err) {
        releasePrepared(prepared);
        throw err;
      }
      return prepared;
    });
  } finally {
    // The answer's bytes are reused once every slice is made.
    columns?.release();
    fetched.releaseHeavy?.();
    fetched.releaseHeavy = undefined;
  }
  const logCount = columns?.count ?? batch.logs.length;
  fetched.columns = undefined;
  // The raw answers are not needed past decoding: let them go before the (slow) commit.
  batch.logs = [];
  batch.transactions = new Map();
  return { fetched, facts, logCount, stateWrites: state.writes };
}

/**
 * One sub-range's contract reads, each made once: slices of a range (and decoders that resolve
 * blocks one at a time) ask for the same call at the same block. A failed read is not kept.
 */
function memoReads(read: DecodeContext['readContract']): DecodeContext['readContract'] {
  const done = new Map<string, Promise<unknown>>();
  return <T>(a: Parameters<DecodeContext['readContract']>[0]) => {
    const key = `${a.address.toLowerCase()} ${a.functionName} ${a.blockNumber} ${jsonText(a.args ?? [])}`;
    let p = done.get(key);
    if (!p) {
      p = read(a);
      done.set(key, p);
      p.catch(() => done.delete(key));
    }
    return p as Promise<T>;
  };
}

async function commitDecoded(ctx: RangeContext, { fetched, facts, logCount, stateWrites }: DecodedRange, outcome: RangeOutcome): Promise<void> {
  const { bound, db } = ctx;
  const { batch } = fetched;
  const result = await timed(ctx, 'commit', () => commitRange({
    db, chainId: bound.chainId, source: bound.key, fromBlock: batch.fromBlock, toBlock: batch.toBlock,
    headers: fetched.headers, facts, stateWrites, newChildren: fetched.newChildren,
  }));
  outcome.logs += logCount;
  outcome.factRows += result.factRows;
  ctx.metrics.logsFetched.inc({ chain_id: String(bound.chainId), source: bound.key }, logCount);
  for (const [table, n] of Object.entries(result.written)) ctx.metrics.factsWritten.inc({ chain_id: String(bound.chainId), table }, n ?? 0);
  ctx.metrics.blocksIngested.inc({ chain_id: String(bound.chainId), source: bound.key }, batch.toBlock - batch.fromBlock + 1);
}

async function timed<T>(ctx: RangeContext, stage: string, fn: () => Promise<T>): Promise<T> {
  const end = ctx.metrics.stageSeconds.startTimer({ chain_id: String(ctx.bound.chainId), stage });
  try { return await fn(); } finally { end(); }
}
