/**
 * The Arbitrum stack end to end against the devnet's ground truth: each shared scenario (steady,
 * outage, censorship, challenge, reorg; Arbitrum part only, size small) runs on anvil, the real
 * sync engine (createIngest) indexes its L1 into a fresh Postgres database, and every Arbitrum fact
 * the simulator recorded is compared with what rollscope stored:
 *
 * - sequencer_batches: number, L1 ref + time, submitter, data location, bytes, blob count, L2 block
 *   range and its L2 times (from the L2 RPC), delayedMessagesRead, forced. A forced batch carries
 *   no declared message counts: the truth's empty range (end = start − 1, times 0) is stored as an
 *   unknown range (nulls).
 * - forced_messages: queue index, enqueue ref + time, deadline; inclusion derived by the API's own
 *   rule (forcedInclusionSql: first batch with delayedMessagesRead > index) = truth.included/forced.
 * - state_roots (+ state_root_events): index, root, L2 block, proposer, ref; every status change
 *   but PROPOSED (which is the state_roots row itself, checked to be at the same ref).
 * - challenges (+ challenge_moves): id, type, address, disputed root, L2 block, ref; every move with
 *   claimant / parent / claim / outcome; outcome and resolution time through challengeSummarySql.
 * - bridge_messages: deposits INITIATED and withdrawals FINALIZED as stored rows; deposit INCLUDED
 *   (the inclusion of its delayed message) and withdrawal INCLUDED (the batch whose L2 range holds
 *   the withdrawal's L2 block) derived from stored facts = truth.
 * - parameter_changes: one per parameter event of the rollup's contracts in truth.events.
 * - nothing (fact or header) from a non-canonical block; no decode doubts recorded in extra.
 * Skipped (the truth carries it but this stack reads L1 only): withdrawal INITIATED (an L2 log).
 * Stored fields the truth does not carry (gas, fees, extra, kinds and senders of forced messages,
 * creators, parent assertions) are not compared.
 *
 * Modes: steady / outage / censorship are backfilled after the scenario (embedded queue); challenge
 * through real Redis/BullMQ in small ranges (decoder state crosses commits); reorg is followed
 * live: the engine starts as soon as the rollup is deployed, and before every anvil_reorg the test
 * waits until the engine has caught up with the head (so the reorged facts were stored and must be
 * removed by the engine's reorg handling). Last, Arbitrum One through the README's config path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startAnvil, type Anvil } from '../../devnet/anvil.ts';
import { createDevnetContext, type DevnetContext } from '../../devnet/context.ts';
import { runScenario, scenarios } from '../../devnet/scenarios/index.ts';
import type { RecordedTruth } from '../../devnet/recorder.ts';
import type { TruthRef } from '../../devnet/truth.ts';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { createIngest, type Ingest } from '../../ingest/engine.ts';
import { waitFor } from '../../ingest/testing/chain.ts';
import { factTableNames } from '../../ingest/tables.ts';
import { forcedInclusionSql } from '../../api/resolvers/connections.ts';
import { challengeSummarySql, toChallenge } from '../../metrics/load.ts';
import type { RollupParameters } from '../../metrics/parameters.ts';
import type { ArbitrumRollup } from '../../rollups/types.ts';
import { loadConfig } from '../../config/load.ts';
import { planIngest } from '../../ingest-bindings.ts';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { arbitrumStack } from './index.ts';

const REDIS = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ZERO = `0x${'0'.repeat(64)}`;

interface Indexed {
  name: string;
  ctx: DevnetContext;
  truth: RecordedTruth;
  rollup: ArbitrumRollup;
  tdb: TestDatabase;
  ingest: Ingest;
  /** Fact rows the engine held in the blocks each reorg removed, just before it (live mode). */
  factsBeforeReorg: number[];
  reorgsSeen(): Promise<number>;
  cleanup(): Promise<void>;
}

/**
 * Small ranges: sequential jobs of 8 blocks, eth_getLogs spans that halve above one log, so that
 * decoder state (challenge turns, edges, first children, roots) crosses many commits.
 */
const smallRanges = { sequentialJobSpanBlocks: 8, jobSpanBlocks: 32, initialLogSpan: 1, targetLogsPerCall: 1 };

function startEngine(ctx: DevnetContext, tdb: TestDatabase, rollup: ArbitrumRollup, redisPrefix?: string, tuning: typeof smallRanges | object = {}): Ingest {
  const l2 = ctx.l2s[rollup.id]!;
  return createIngest({
    db: tdb.db,
    chains: [
      { chainId: ctx.l1.chainId, rpcUrls: [ctx.l1.rpcUrl], pollIntervalMs: 100 },
      // The L2 RPC resolves assertions' block hashes to L2 block numbers.
      { chainId: l2.chainId, rpcUrls: [l2.rpcUrl], pollIntervalMs: 500 },
    ],
    rollups: [{ definition: rollup, stack: arbitrumStack }],
    redis: redisPrefix ? REDIS : undefined,
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    concurrency: 3,
    // One delayed message per decode slice: the devnet's ranges are far below the default slice.
    tuning: { progress: 'off', decodeSliceLogs: 1, ...tuning, ...(redisPrefix ? { queuePrefix: redisPrefix } : {}) },
  });
}

/** Every source synced up to the L1 node's current head. */
async function caughtUp(ctx: DevnetContext, ingest: Ingest, what: string): Promise<void> {
  await waitFor(async () => {
    const head = Number(await ctx.l1.public.getBlockNumber());
    const p = await ingest.refreshProgress();
    const l1 = p.chains.find((c) => c.chainId === ctx.l1.chainId);
    return p.synced && l1?.tip === head && l1.sources.every((s) => s.indexedBlock >= Math.min(head, s.target));
  }, { what, timeoutMs: 60_000, intervalMs: 50 });
}

async function reorgCount(ingest: Ingest): Promise<number> {
  const m = await ingest.metrics.reorgs.get();
  return m.values.reduce((s, v) => s + v.value, 0);
}

/** Runs the scenario, then backfills it (embedded queue, or BullMQ on Redis). */
async function indexAfter(name: string, opts: { redis?: boolean; smallRanges?: boolean } = {}): Promise<Indexed> {
  const run = await runScenario(name, { stacks: ['arbitrum'], size: 'small' });
  const tdb = await createTestDatabase();
  const rollup = run.truth.rollups.find((r): r is ArbitrumRollup => r.stack === 'arbitrum')!;
  const prefix = opts.redis ? `rollscope-arbtest-${randomBytes(4).toString('hex')}` : undefined;
  const ingest = startEngine(run.ctx, tdb, rollup, prefix, opts.smallRanges ? smallRanges : {});
  await ingest.start();
  await caughtUp(run.ctx, ingest, `${name} backfill`);
  return {
    name, ctx: run.ctx, truth: run.truth, rollup, tdb, ingest, factsBeforeReorg: [],
    reorgsSeen: () => reorgCount(ingest),
    cleanup: () => stopAll(ingest, run.ctx, tdb, prefix),
  };
}

/**
 * Runs the scenario's Arbitrum part with the engine following the head from the deployment on;
 * every anvil_reorg waits until the engine holds the blocks it is about to remove.
 */
async function indexLive(name: 'reorg'): Promise<Indexed> {
  const ctx = await createDevnetContext({ scenario: name });
  const tdb = await createTestDatabase();
  let ingest: Ingest | undefined;
  let started: Promise<void> | undefined;
  let rollup: ArbitrumRollup | undefined;
  const factsBeforeReorg: number[] = [];
  const addRollup = ctx.recorder.addRollup.bind(ctx.recorder);
  ctx.recorder.addRollup = (def) => {
    addRollup(def);
    if (def.stack === 'arbitrum' && !ingest) {
      rollup = def;
      ingest = startEngine(ctx, tdb, def);
      started = ingest.start();
    }
  };
  const rpc = ctx.l1.rpc;
  ctx.l1.rpc = (async (method: string, params?: unknown[]) => {
    if (method === 'anvil_reorg') {
      if (!started) throw new Error('anvil_reorg before the Arbitrum rollup was deployed');
      await started;
      await caughtUp(ctx, ingest!, `${name}: engine at the head before reorg ${factsBeforeReorg.length + 1}`);
      const head = Number(await ctx.l1.public.getBlockNumber());
      const depth = Number((params as [number])[0]);
      let n = 0;
      for (const t of factTableNames) {
        const [r] = await tdb.db.query<{ n: number }>(`select count(*)::int as n from ${t} where chain_id = $1 and block_number > $2`, [ctx.l1.chainId, head - depth]);
        n += Number(r!.n);
      }
      factsBeforeReorg.push(n);
    }
    return rpc(method, params);
  }) as typeof rpc;
  try {
    for (const part of scenarios[name].parts) if (part.stack === 'arbitrum') await part.run(ctx, { stacks: ['arbitrum'], size: 'small' });
    await started;
    await caughtUp(ctx, ingest!, `${name}: engine at the head after the scenario`);
  } catch (e) {
    await stopAll(ingest, ctx, tdb);
    throw e;
  }
  return {
    name, ctx, truth: ctx.recorder.truth, rollup: rollup!, tdb, ingest: ingest!, factsBeforeReorg,
    reorgsSeen: () => reorgCount(ingest!),
    cleanup: () => stopAll(ingest, ctx, tdb),
  };
}

async function stopAll(ingest: Ingest | undefined, ctx: DevnetContext, tdb: TestDatabase, redisPrefix?: string): Promise<void> {
  await ingest?.stop();
  await ctx.stop();
  await tdb.drop();
  if (redisPrefix) {
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${redisPrefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }
}

// ---------------------------------------------------------------- comparisons

const ref = (r: TruthRef) => ({ block_number: r.blockNumber, block_hash: r.blockHash, tx_hash: r.txHash, log_index: r.logIndex ?? -1, block_time: r.timestamp });
const refCols = (a = '') => `${a}block_number::int as block_number, ${a}block_hash, ${a}tx_hash, ${a}log_index, ${a}block_time::int as block_time`;
const byPosition = (a: { block_number: number; log_index: number }, b: { block_number: number; log_index: number }) => a.block_number - b.block_number || a.log_index - b.log_index;
const mine = <T extends { rollupId: string }>(x: Indexed, list: T[]) => list.filter((i) => i.rollupId === x.rollup.id);
const q = <T = Record<string, unknown>>(x: Indexed, sql: string) => x.tdb.db.query<T>(sql, [x.rollup.id]);

async function checkBatches(x: Indexed): Promise<void> {
  const rows = await q(x, `select batch_number::text, ${refCols()}, submitter, data_location, bytes_posted::int, blob_count::int,
    l2_block_start::int, l2_block_end::int, l2_time_start::int, l2_time_end::int, delayed_messages_read::text, forced from sequencer_batches where rollup_id = $1 order by block_number, log_index`);
  const expected = mine(x, x.truth.batches).map((b) => {
    const empty = b.l2BlockEnd < b.l2BlockStart;
    return {
      batch_number: b.batchNumber, ...ref(b.l1), submitter: b.submitter, data_location: b.dataLocation, bytes_posted: b.bytesPosted, blob_count: b.blobCount,
      l2_block_start: empty ? null : b.l2BlockStart, l2_block_end: empty ? null : b.l2BlockEnd,
      l2_time_start: empty ? null : b.l2TimeStart, l2_time_end: empty ? null : b.l2TimeEnd,
      delayed_messages_read: b.delayedMessagesRead ?? null, forced: b.forced ?? false,
    };
  }).sort(byPosition);
  expect(expected.length).toBeGreaterThan(0);
  expect(rows).toEqual(expected);
}

/** Inclusion of each forced message by the API's rule, as the including batch's ref. */
async function derivedInclusions(x: Indexed): Promise<Map<string, { ref: ReturnType<typeof ref>; forced: boolean } | null>> {
  const rows = await q<Record<string, unknown>>(x, `select f.queue_index::text as queue_index, b.block_number::int as block_number, b.block_hash, b.tx_hash, b.log_index,
      b.block_time::int as block_time, inc.inc_forced
    from forced_messages f ${forcedInclusionSql({ forcedPath: 'delayed-read' } as RollupParameters)}
    left join sequencer_batches b on b.chain_id = inc.inc_chain and b.block_number = inc.inc_block and b.tx_index = inc.inc_tx and b.log_index = inc.inc_log and b.sub_index = inc.inc_sub
    where f.rollup_id = $1`);
  return new Map(rows.map((r) => [String(r.queue_index), r.block_number === null ? null : {
    ref: { block_number: r.block_number as number, block_hash: r.block_hash as `0x${string}`, tx_hash: r.tx_hash as `0x${string}`, log_index: r.log_index as number, block_time: r.block_time as number },
    forced: Boolean(r.inc_forced),
  }]));
}

async function checkForcedMessages(x: Indexed): Promise<void> {
  const rows = await q(x, `select queue_index::text, ${refCols()}, deadline::int from forced_messages where rollup_id = $1 order by block_number, log_index`);
  const truth = mine(x, x.truth.forcedMessages);
  expect(rows).toEqual(truth.map((f) => ({ queue_index: f.queueIndex, ...ref(f.enqueued), deadline: f.deadline })).sort(byPosition));
  const inc = await derivedInclusions(x);
  const got = truth.map((f) => ({ queueIndex: f.queueIndex, included: inc.get(f.queueIndex) ?? null }));
  const want = truth.map((f) => ({ queueIndex: f.queueIndex, included: f.included ? { ref: ref(f.included), forced: f.forced } : null }));
  expect(got).toEqual(want);
}

async function checkStateRoots(x: Indexed): Promise<void> {
  const roots = await q(x, `select kind, root_index, root, l2_block_number::int, proposer, ${refCols()} from state_roots where rollup_id = $1 order by block_number, log_index`);
  const truth = mine(x, x.truth.stateRoots);
  expect(roots).toEqual(truth.map((r) => ({
    kind: r.kind, root_index: r.index, root: r.root, l2_block_number: r.l2BlockNumber ?? null, proposer: r.proposer, ...ref(r.l1),
  })).sort(byPosition));
  // PROPOSED is the state_roots row itself.
  for (const r of truth) expect(r.statusChanges.filter((c) => c.status === 'PROPOSED').map((c) => c.l1)).toEqual([r.l1]);
  const events = await q(x, `select root_index, status, ${refCols()} from state_root_events where rollup_id = $1 order by block_number, log_index, root_index`);
  const expected = truth.flatMap((r) => r.statusChanges.filter((c) => c.status !== 'PROPOSED').map((c) => ({ root_index: r.index, status: c.status, ...ref(c.l1) })))
    .sort((a, b) => byPosition(a, b) || a.root_index.localeCompare(b.root_index));
  expect(events).toEqual(expected);
}

async function checkChallenges(x: Indexed): Promise<void> {
  const truth = mine(x, x.truth.challenges);
  const rows = await q(x, `select challenge_id, type, address, disputed_root, l2_block_number::int, ${refCols()} from challenges where rollup_id = $1 order by block_number, log_index`);
  expect(rows).toEqual(truth.map((c) => ({
    challenge_id: c.challengeId, type: c.type, address: c.address ?? null, disputed_root: c.disputedRoot ?? null, l2_block_number: c.l2BlockNumber ?? null, ...ref(c.created),
  })).sort(byPosition));

  // Moves: the truth names no parent with '' and no claim with the zero hash; BoLD confirmations
  // carry the edge's mutual id as their parent (stored in extra.mutualId).
  const moves = await q<Record<string, unknown>>(x, `select challenge_id, action, claimant, parent_index, claim, status, extra->>'mutualId' as mutual_id, ${refCols()}
    from challenge_moves where rollup_id = $1 order by block_number, log_index`);
  const types = new Map(truth.map((c) => [c.challengeId, c.type]));
  const boldConfirmation = (m: Record<string, unknown>) => types.get(String(m.challenge_id)) === 'BOLD' && (m.action === 'ONE_STEP_PROOF' || m.action === 'CONFIRMED_BY_TIME');
  const got = moves.map(({ mutual_id, parent_index, ...m }) => ({ ...m, parent_index: boldConfirmation(m) ? mutual_id : parent_index }));
  const expected = truth.flatMap((c) => c.moves.map((m) => ({
    challenge_id: c.challengeId, action: m.action ?? 'MOVE', claimant: m.claimant, claim: m.claim === ZERO ? null : m.claim,
    status: c.resolved && sameRef(c.resolved, m.l1) ? c.status : null, ...ref(m.l1), parent_index: m.parentIndex === '' ? null : m.parentIndex,
  }))).sort(byPosition);
  expect(got).toEqual(expected);

  // Outcome and resolution time as the metrics read them.
  const summary = (await q<Record<string, unknown>>(x, `${challengeSummarySql('c.rollup_id = $1')} order by c.block_number, c.log_index`)).map((r) => toChallenge(r, 'arbitrum'));
  expect(summary.map((s) => ({ id: s.challengeId, status: s.status, resolvedAt: s.resolvedAt, resolvedTx: s.resolvedRef?.txHash ?? null })))
    .toEqual(truth.map((c) => ({ id: c.challengeId, status: c.status, resolvedAt: c.resolved?.timestamp ?? null, resolvedTx: c.resolved?.txHash ?? null })));
}

const sameRef = (a: TruthRef, b: TruthRef) => a.blockHash === b.blockHash && a.txHash === b.txHash && a.logIndex === b.logIndex;

async function checkBridgeMessages(x: Indexed): Promise<void> {
  const truth = mine(x, x.truth.bridgeMessages);
  const rows = await q(x, `select direction, kind, message_id, stage, sender, recipient, token, amount::text, ${refCols()} from bridge_messages where rollup_id = $1 order by block_number, log_index`);
  const stored = (m: (typeof truth)[number]) => (m.direction === 'DEPOSIT' ? (['INITIATED'] as const) : (['FINALIZED'] as const));
  expect(rows).toEqual(truth.flatMap((m) => stored(m).filter((s) => m.stages[s]).map((stage) => ({
    direction: m.direction, kind: m.kind, message_id: m.messageId, stage, sender: m.from ?? null, recipient: m.to ?? null, token: m.token ?? null, amount: m.amount ?? null, ...ref(m.stages[stage]!),
  }))).sort(byPosition));

  // INCLUDED: a deposit when its delayed message is read; a withdrawal with the batch carrying its L2 block.
  const inc = await derivedInclusions(x);
  const batches = await q<{ l2_block_start: number | null; l2_block_end: number | null } & ReturnType<typeof ref>>(x,
    `select l2_block_start::int, l2_block_end::int, ${refCols()} from sequencer_batches where rollup_id = $1 order by block_number, log_index`);
  const carrying = (l2Block: number) => {
    const b = batches.find((r) => r.l2_block_start !== null && r.l2_block_start <= l2Block && l2Block <= r.l2_block_end!);
    return b ? { block_number: b.block_number, block_hash: b.block_hash, tx_hash: b.tx_hash, log_index: b.log_index, block_time: b.block_time } : null;
  };
  const got = truth.map((m) => ({ id: `${m.direction}:${m.messageId}`, included: m.direction === 'DEPOSIT' ? inc.get(m.messageId)?.ref ?? null : carrying(m.stages.INITIATED!.blockNumber) }));
  const want = truth.map((m) => ({ id: `${m.direction}:${m.messageId}`, included: m.stages.INCLUDED ? ref(m.stages.INCLUDED) : null }));
  expect(got).toEqual(want);
}

/** No fact row, and no stored header, refers to a block that is not canonical now. */
async function checkNothingStale(x: Indexed): Promise<void> {
  const stale: string[] = [];
  const hashes = new Map<number, string>();
  const canonical = async (n: number) => {
    if (!hashes.has(n)) hashes.set(n, (await x.ctx.l1.public.getBlock({ blockNumber: BigInt(n) })).hash!);
    return hashes.get(n)!;
  };
  for (const t of [...factTableNames, 'blocks']) {
    const sql = t === 'blocks'
      ? `select number::int as block_number, hash as block_hash from blocks where chain_id = $1`
      : `select distinct block_number::int as block_number, block_hash from ${t} where chain_id = $1`;
    const rows = await x.tdb.db.query<{ block_number: number; block_hash: string }>(sql, [x.ctx.l1.chainId]);
    for (const r of rows) if ((await canonical(r.block_number)) !== r.block_hash) stale.push(`${t}@${r.block_number}`);
  }
  expect(stale).toEqual([]);
}

/** parameter_changes name of each parameter event (parameters.ts), by event name. */
const parameterEvents: Record<string, string> = {
  MaxTimeVariationSet: 'maxTimeVariation', BufferConfigSet: 'bufferConfig', BatchPosterSet: 'batchPoster', BatchPosterManagerSet: 'batchPosterManager',
  SequencerSet: 'sequencer', SetValidKeyset: 'dasKeyset', InvalidateKeyset: 'dasKeyset', OwnerFunctionCalled: 'ownerFunctionCalled',
  InboxToggle: 'delayedInbox', OutboxToggle: 'outbox', RollupUpdated: 'rollup', SequencerInboxUpdated: 'sequencerInbox', SendRootUpdated: 'outboxSendRoot',
  WasmModuleRootSet: 'wasmModuleRoot', ChallengeManagerSet: 'challengeManager', RollupInitialized: 'rollupInitialized',
  AssertionForceCreated: 'assertionForceCreated', AssertionForceConfirmed: 'assertionForceConfirmed',
};

/** One parameter_changes row per parameter event the rollup's L1 contracts emitted (truth.events), window values included. */
async function checkParameterChanges(x: Indexed): Promise<void> {
  const contracts = new Set(Object.values(x.rollup.contracts).map((c) => c!.address.toLowerCase()));
  const events = x.truth.events.filter((e) => e.chainId === x.ctx.l1.chainId && contracts.has(e.address.toLowerCase()) && parameterEvents[e.eventName]);
  const rows = await q<Record<string, unknown>>(x, `select name, value, ${refCols()} from parameter_changes where rollup_id = $1 order by block_number, log_index`);
  expect(rows.map(({ value: _v, ...r }) => r)).toEqual(events.map((e) => ({ name: parameterEvents[e.eventName], ...ref(e) })).sort(byPosition));
  const windows = rows.filter((r) => r.name === 'maxTimeVariation').map((r) => r.value);
  expect(windows).toEqual(events.filter((e) => e.eventName === 'MaxTimeVariationSet').sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex).map((e) => e.args.maxTimeVariation));
  expect(windows.length).toBeGreaterThan(0);
}

/** Every row decoded without a recorded doubt (reasons, fallbacks, unknown kinds). */
async function checkNoDecodeIssues(x: Indexed): Promise<void> {
  const issues = await q(x, `
    select 'batch ' || batch_number || ': ' || (extra->>'reason') as issue from sequencer_batches where rollup_id = $1 and extra ? 'reason' and not forced
    union all select 'bridge ' || message_id || ': ' || (extra->>'reason') from bridge_messages where rollup_id = $1 and extra ? 'reason'
    union all select 'move ' || action || ': ' || coalesce(extra->>'reason', 'challenge id fallback') from challenge_moves where rollup_id = $1 and (extra ? 'reason' or extra ? 'challengeIdFallback')
    union all select 'forced ' || queue_index || ': kind ' || kind from forced_messages where rollup_id = $1 and kind like 'UNKNOWN%'`);
  expect(issues).toEqual([]);
  const forced = await q(x, `select batch_number::text, extra->>'reason' as reason from sequencer_batches where rollup_id = $1 and forced`);
  for (const f of forced) expect(f.reason).toMatch(/^forceInclusion: /);
}

/** What each scenario's story must contain, so that equal-to-truth is not trivially true. */
const stories: Record<string, (t: RecordedTruth, id: string) => void> = {
  steady(t, id) {
    expect(new Set(t.batches.filter((b) => b.rollupId === id).map((b) => b.dataLocation))).toEqual(new Set(['CALLDATA', 'BLOB', 'ANYTRUST', 'CELESTIA']));
    const bridge = t.bridgeMessages.filter((m) => m.rollupId === id);
    expect(bridge.filter((m) => m.kind === 'RETRYABLE' && m.stages.INCLUDED)).toHaveLength(1);
    expect(bridge.filter((m) => m.direction === 'WITHDRAWAL' && m.stages.INCLUDED && m.stages.FINALIZED).length).toBeGreaterThanOrEqual(2);
    const confirmed = t.stateRoots.filter((r) => r.rollupId === id && r.statusChanges.some((c) => c.status === 'CONFIRMED'));
    expect(confirmed.some((r) => /^\d+$/.test(r.index))).toBe(true); // legacy nodes
    expect(confirmed.filter((r) => r.index.startsWith('0x')).length).toBeGreaterThan(2); // BoLD assertions
  },
  outage(t, id) {
    expect((t.expected[`${id}.outage`] as { gapSeconds: number }).gapSeconds).toBeGreaterThanOrEqual(6 * 3600);
    expect(t.batches.filter((b) => b.rollupId === id && b.dataLocation === 'BLOB').length).toBeGreaterThanOrEqual(2);
  },
  censorship(t, id) {
    expect(t.batches.filter((b) => b.rollupId === id && b.forced)).toHaveLength(1);
    const fm = t.forcedMessages.filter((f) => f.rollupId === id);
    expect(fm.filter((f) => f.forced && f.included && f.included.timestamp > f.deadline).length).toBeGreaterThanOrEqual(2);
    expect(fm.filter((f) => !f.forced && f.included)).not.toHaveLength(0);
  },
  challenge(t, id) {
    const c = t.challenges.filter((x) => x.rollupId === id);
    expect(c.map((x) => [x.type, x.status])).toEqual([['LEGACY', 'DEFENDER_WINS'], ['BOLD', 'DEFENDER_WINS']]);
    expect(t.stateRoots.filter((r) => r.rollupId === id).flatMap((r) => r.statusChanges.map((s) => s.status))).toEqual(expect.arrayContaining(['CHALLENGED', 'REJECTED', 'CONFIRMED']));
  },
  reorg(t) {
    expect(t.reorgs.map((r) => r.depth)).toEqual([1, 5, 64]);
    for (const r of t.reorgs) expect(r.removedEvents.length).toBeGreaterThan(0);
  },
};

function scenarioSuite(name: string, index: () => Promise<Indexed>, extra?: (get: () => Indexed) => void): void {
  describe(`Arbitrum stack = devnet truth: ${name}`, () => {
    let x: Indexed;
    beforeAll(async () => { x = await index(); }, 120_000);
    afterAll(async () => { await x?.cleanup(); });
    it('the scenario tells its story', () => { stories[name]!(x.truth, x.rollup.id); });
    it('sequencer batches', async () => { await checkBatches(x); });
    it('forced messages, deadlines and inclusion', async () => { await checkForcedMessages(x); });
    it('state roots and status changes', async () => { await checkStateRoots(x); });
    it('challenges, moves and outcomes', async () => { await checkChallenges(x); });
    it('bridge messages and their stages', async () => { await checkBridgeMessages(x); });
    it('parameter changes', async () => { await checkParameterChanges(x); });
    it('no fact from a non-canonical block', async () => { await checkNothingStale(x); });
    it('decoded without issues', async () => { await checkNoDecodeIssues(x); });
    extra?.(() => x);
  });
}

scenarioSuite('steady', () => indexAfter('steady'));
scenarioSuite('outage', () => indexAfter('outage'));
scenarioSuite('censorship', () => indexAfter('censorship'));
scenarioSuite('challenge', () => indexAfter('challenge', { redis: true, smallRanges: true }), (get) => {
  it('decoder state crossed range commits inside each challenge (small ranges)', async () => {
    const x = get();
    for (const c of mine(x, x.truth.challenges)) {
      const [v] = await x.tdb.db.query<{ n: number }>(`select count(distinct block_number)::int as n from decoder_state where source like $1 and block_number between $2 and $3`,
        [c.type === 'BOLD' ? '%:rollup-bold' : '%:rollup-legacy', c.created.blockNumber, c.resolved!.blockNumber]);
      expect(v!.n, `${c.type} challenge: state versions between its start and end`).toBeGreaterThanOrEqual(3);
    }
  });
});
scenarioSuite('reorg', () => indexLive('reorg'), (get) => {
  it('the engine held facts in the reorged blocks and saw every reorg', async () => {
    const x = get();
    expect(x.factsBeforeReorg).toHaveLength(3);
    for (const n of x.factsBeforeReorg) expect(n).toBeGreaterThan(0);
    expect(await x.reorgsSeen()).toBeGreaterThanOrEqual(3);
  });
});

/**
 * The README's path for Arbitrum One: ROLLSCOPE_RPC_1 + ROLLSCOPE_ROLLUPS=arbitrum-one, through the
 * app's own planning (planIngest) and the engine, against a JSON-RPC endpoint of chain id 1 (an
 * anvil: no mainnet here, so nothing below the Nitro block exists to ingest). A later start is a
 * `definitions` entry with the same id (it replaces the built-in).
 */
describe('Arbitrum One through the README path', () => {
  let anvil: Anvil;
  let tdb: TestDatabase;
  beforeAll(async () => { [anvil, tdb] = await Promise.all([startAnvil({ chainId: 1 }), createTestDatabase()]); });
  afterAll(async () => { await anvil?.stop(); await tdb?.drop(); });

  it('ROLLSCOPE_RPC_1 + ROLLSCOPE_ROLLUPS=arbitrum-one: one binding on chain 1, every source from the Nitro block; the engine starts on it', async () => {
    const config = loadConfig({ env: { ROLLSCOPE_RPC_1: anvil.rpcUrl, ROLLSCOPE_ROLLUPS: 'arbitrum-one' } });
    const plan = planIngest(config, tdb.db);
    expect(plan.skipped).toEqual([]);
    expect(plan.bindings.map((b) => b.definition.id)).toEqual(['arbitrum-one']);
    expect(plan.chains.map((c) => [c.chainId, c.rpcUrls])).toEqual([[1, [anvil.rpcUrl]]]);
    const sources = plan.bindings[0]!.stack.sources(plan.bindings[0]!.definition);
    expect(sources.filter((x) => ['sequencer-inbox', 'delayed-inbox', 'outbox', 'rollup-legacy', 'rollup-bold'].includes(x.id)).map((x) => [x.id, x.fromBlock]))
      .toEqual([['sequencer-inbox', 15_411_056], ['delayed-inbox', 15_411_056], ['outbox', 15_411_056], ['rollup-legacy', 15_411_056], ['rollup-bold', 21_815_910]]);
    for (const x of sources) expect(x.chainId).toBe(1);

    const ingest = createIngest({ db: tdb.db, chains: plan.chains.map((c) => ({ ...c, pollIntervalMs: 100 })), rollups: plan.bindings, logger: pino({ level: 'silent' }), metrics: new Registry(), tuning: { progress: 'off' } });
    await ingest.start();
    try {
      await waitFor(async () => (await ingest.refreshProgress()).chains[0]?.tip === 0, { what: 'chain 1 head followed' });
      const p = await ingest.refreshProgress();
      expect(p.chains[0]!.sources.filter((x) => x.source.startsWith('arbitrum-one:')).length).toBe(sources.length);
      expect(p.synced).toBe(true); // nothing at or after the Nitro block on this endpoint yet
    } finally {
      await ingest.stop();
    }
  });

  it('without ROLLSCOPE_RPC_1 the rollup is skipped with the variable to set; a definitions entry with the same id moves the start', () => {
    const none = planIngest(loadConfig({ env: { ROLLSCOPE_ROLLUPS: 'arbitrum-one' } }), tdb.db);
    expect(none.bindings).toEqual([]);
    expect(none.skipped).toEqual([{ rollupId: 'arbitrum-one', reason: expect.stringContaining('ROLLSCOPE_RPC_1') }]);

    const dir = mkdtempSync(join(tmpdir(), 'rollscope-arb-'));
    try {
      const from = 23_000_000;
      const contracts = Object.fromEntries(Object.entries(arbitrumOne.contracts).filter(([k]) => !k.startsWith('legacy')).map(([k, c]) => [k, { ...c, fromBlock: from }]));
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ rollups: ['arbitrum-one'], definitions: [{ ...arbitrumOne, startBlock: from, contracts }] }));
      const config = loadConfig({ env: { ROLLSCOPE_RPC_1: anvil.rpcUrl }, file });
      const plan = planIngest(config, tdb.db);
      const sources = arbitrumStack.sources(plan.bindings[0]!.definition as ArbitrumRollup);
      expect(sources.map((x) => [x.id, x.fromBlock])).toEqual([['sequencer-inbox', from], ['delayed-inbox', from], ['outbox', from], ['rollup-bold', from]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
