/**
 * The OP Stack indexer against the devnet emulator's ground truth: a scenario through both
 * settlement eras (deposits of every kind, batches of every encoding, a batcher change with a stale
 * post, outputs with a deletion, a legacy withdrawal, the fault-proof upgrade, games resolved both
 * ways with moves, a bridge withdrawal) is ingested by the real engine from the L1 anvil into
 * Postgres, and every L1 fact the simulator recorded is compared with what rollscope stored.
 * (L2-side stages — withdrawal INITIATED on L2, deposit INCLUDED — are not L1 facts of this stack.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createDevnetContext, type DevnetContext } from '../../devnet/context.ts';
import { createOpStackEmulator, type OpStackEmulator } from '../../devnet/opstack/emulator.ts';
import type { TruthRef } from '../../devnet/truth.ts';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { createIngest, type Ingest } from '../../ingest/engine.ts';
import { waitFor } from '../../ingest/testing/chain.ts';
import { batcherHistoryFromDb } from './batcher-history.ts';
import { createOpStack } from './index.ts';
import type { DecodeIssue } from './rows.ts';

const ROLLUP = 'op-devnet';
let ctx: DevnetContext;
let op: OpStackEmulator;
let tdb: TestDatabase;
let ingest: Ingest | undefined;
const issues: DecodeIssue[] = [];

async function advanceTo(t: number): Promise<void> {
  const now = await ctx.clock.now();
  if (t > now) await ctx.clock.advance(t - now);
}

beforeAll(async () => {
  [ctx, tdb] = await Promise.all([createDevnetContext({ scenario: 'opstack-indexer-test' }), createTestDatabase()]);
  op = await createOpStackEmulator({ ctx, id: ROLLUP, l2ChainId: 9010, era: 'legacy', params: { submissionInterval: 10, sequencingWindowBlocks: 20 } });

  await op.produceL2Blocks({ count: 6 });
  await op.depositETH({ via: 'portal', amount: 3n * 10n ** 18n });
  await op.depositETH({ via: 'bridge', amount: 2n * 10n ** 18n });
  await op.depositERC20({ amount: 5n * 10n ** 18n });
  await op.postBatch({ target: 'calldata', batchType: 'singular', compression: 'zlib', maxFrameSize: 200 });
  await op.produceL2Blocks({ count: 6, txsPerBlock: 3 });
  await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli', maxFrameSize: 180, blobsPerTx: 2 });

  const legacyWithdrawal = await op.initiateWithdrawal({ via: 'portal', amount: 10n ** 17n });
  await op.produceL2Blocks({ count: 30 - op.l2Head().number + op.definition.genesis.l2Block });
  await op.proposeOutput();
  await op.proposeOutput();
  const bad = await op.proposeOutput({ invalid: true });
  await op.deleteOutputs(bad.index);
  await op.proveWithdrawal(legacyWithdrawal);
  await advanceTo(op.withdrawalFinalizableAt(legacyWithdrawal));
  await op.finalizeWithdrawal(legacyWithdrawal);

  await op.changeBatcher();
  await op.postBatch({ target: 'calldata', asStaleBatcher: true, batchType: 'span', compression: 'zlib' });
  await op.postBatch({ target: 'calldata', batchType: 'span', compression: 'zlib', maxFrameSize: 300, framesPerTx: 2 });

  await op.upgradeToFaultProofs();
  await op.produceL2Blocks({ count: 4 });
  await op.depositETH({ via: 'bridge', amount: 10n ** 18n, from: op.state.accounts.users[1] });
  const bridgeWithdrawal = await op.initiateWithdrawal({ via: 'bridge', amount: 5n * 10n ** 17n });
  await op.produceL2Blocks({ count: 2 });
  const games = [await op.createGame()];
  await op.proveWithdrawal(bridgeWithdrawal, { game: games[0] });
  games.push(await op.createGame({ l2Block: op.l2Head().number - 1, invalid: true }));
  await op.challenge(games[1]!);
  games.push(await op.createGame({ l2Block: op.l2Head().number - 2 }));
  await op.challenge(games[2]!);
  await op.move({ game: games[2]!, parentIndex: 1 });
  await op.move({ game: games[2]!, parentIndex: 2, attack: false });
  await op.postBatch({ target: 'blobs', batchType: 'singular', compression: 'zlib' });
  await advanceTo(Math.max(...(await Promise.all(games.map((g) => op.gameResolvableAt(g))))));
  for (const g of games) await op.resolveGame(g);
  await advanceTo(op.withdrawalFinalizableAt(bridgeWithdrawal));
  await op.finalizeWithdrawal(bridgeWithdrawal);
  await ctx.l1.test.mine({ blocks: 70 }); // the history below the finalized tag

  const db = tdb.db;
  ingest = createIngest({
    db, chains: [{ chainId: ctx.l1.chainId, rpcUrls: [ctx.l1.rpcUrl], pollIntervalMs: 100 }],
    rollups: [{ definition: op.definition, stack: createOpStack({ batchers: batcherHistoryFromDb({ db }), onIssue: (i) => issues.push(i) }) }],
    logger: pino({ level: 'silent' }), metrics: new Registry(), concurrency: 3, tuning: { progress: 'off' },
  });
  await ingest.start();
  await waitFor(async () => {
    const head = Number(await ctx.l1.public.getBlockNumber());
    const p = await ingest!.refreshProgress();
    return p.synced && p.chains[0]!.tip === head;
  }, { what: 'OP devnet backfill', timeoutMs: 240_000 });
}, 600_000);

afterAll(async () => {
  await ingest?.stop();
  await ctx?.stop();
  await tdb?.drop();
});

const ref = (r: TruthRef) => ({ block_number: r.blockNumber, block_hash: r.blockHash, tx_hash: r.txHash, ...(r.logIndex === undefined ? {} : { log_index: r.logIndex }) });
const refCols = 'block_number::int, block_hash, tx_hash, log_index';
const q = <T>(sql: string) => tdb.db.query<T>(sql, [ROLLUP]);
const truth = () => ctx.recorder.truth;

describe('OP Stack indexer = devnet truth', () => {
  it('sequencer batches', async () => {
    const rows = await q(`select batch_number::text, ${refCols}, submitter, data_location, bytes_posted::int, blob_count::int,
      l2_block_start::int, l2_block_end::int, l2_time_start::int, l2_time_end::int from sequencer_batches where rollup_id = $1 order by batch_number`);
    const expected = truth().batches.filter((b) => b.rollupId === ROLLUP).map((b) => ({
      batch_number: b.batchNumber, ...ref(b.l1), log_index: -1, submitter: b.submitter, data_location: b.dataLocation, bytes_posted: b.bytesPosted,
      blob_count: b.blobCount, l2_block_start: b.l2BlockStart, l2_block_end: b.l2BlockEnd, l2_time_start: b.l2TimeStart, l2_time_end: b.l2TimeEnd,
    }));
    expect(expected.length).toBe(4);
    expect(rows).toEqual(expected);
  });

  it('state roots and their status changes', async () => {
    const roots = await q<Record<string, unknown>>(`select kind, root_index, root, l2_block_number::int, proposer, ${refCols} from state_roots where rollup_id = $1 order by block_number, log_index`);
    const expected = truth().stateRoots.filter((r) => r.rollupId === ROLLUP).map((r) => ({
      kind: r.kind, root_index: r.index, root: r.root, l2_block_number: r.l2BlockNumber ?? null, proposer: r.proposer, ...ref(r.l1),
    }));
    expect(expected.length).toBeGreaterThanOrEqual(6);
    expect(roots).toEqual(expected);
    const events = await q<Record<string, unknown>>(`select root_index, status, ${refCols} from state_root_events where rollup_id = $1 order by block_number, log_index, sub_index`);
    const expectedEvents = truth().stateRoots.filter((r) => r.rollupId === ROLLUP)
      .flatMap((r) => r.statusChanges.map((c) => ({ root_index: r.index, status: c.status, ...ref(c.l1) })))
      .sort((a, b) => a.block_number - b.block_number || (a.log_index ?? 0) - (b.log_index ?? 0));
    expect(expectedEvents.map((e) => e.status)).toEqual(expect.arrayContaining(['DELETED', 'CHALLENGED', 'CONFIRMED', 'REJECTED']));
    expect(events).toEqual(expectedEvents);
  });

  it('challenges and moves', async () => {
    const challenges = await q<Record<string, unknown>>(`select challenge_id, type, address, disputed_root, l2_block_number::int, ${refCols} from challenges where rollup_id = $1 order by block_number, log_index`);
    const expected = truth().challenges.filter((c) => c.rollupId === ROLLUP);
    expect(challenges).toEqual(expected.map((c) => ({
      challenge_id: c.challengeId, type: c.type, address: c.address, disputed_root: c.disputedRoot, l2_block_number: c.l2BlockNumber ?? null, ...ref(c.created),
    })));
    const moves = await q<Record<string, unknown>>(`select challenge_id, action, claimant, parent_index, claim, status, ${refCols} from challenge_moves where rollup_id = $1 order by block_number, log_index`);
    const expectedMoves = expected.flatMap((c) => [
      ...c.moves.map((m) => ({ challenge_id: c.challengeId, action: 'MOVE', claimant: m.claimant, parent_index: m.parentIndex, claim: m.claim, status: null, ...ref(m.l1) })),
      ...(c.resolved ? [{ challenge_id: c.challengeId, action: 'RESOLVED', claimant: null, parent_index: null, claim: null, status: c.status, ...ref(c.resolved) }] : []),
    ]).sort((a, b) => a.block_number - b.block_number || (a.log_index ?? 0) - (b.log_index ?? 0));
    expect(expectedMoves.filter((m) => m.action === 'MOVE').length).toBe(4);
    expect(moves).toEqual(expectedMoves);
  });

  it('bridge messages: deposits initiated, withdrawals proven and finalized', async () => {
    const rows = await q<Record<string, unknown>>(`select direction, kind, message_id, stage, sender, recipient, token, amount::text, ${refCols} from bridge_messages where rollup_id = $1 order by block_number, log_index`);
    const expected = truth().bridgeMessages.filter((m) => m.rollupId === ROLLUP).flatMap((m) =>
      (['INITIATED', 'PROVEN', 'FINALIZED'] as const)
        .filter((stage) => m.stages[stage] && m.stages[stage]!.chainId === ctx.l1.chainId && !(m.direction === 'WITHDRAWAL' && stage === 'INITIATED'))
        .map((stage) => ({
          direction: m.direction, kind: m.kind, message_id: m.messageId, stage, sender: m.from ?? null, recipient: m.to ?? null, token: m.token ?? null,
          amount: m.amount ?? null, ...ref(m.stages[stage]!),
        })),
    ).sort((a, b) => a.block_number - b.block_number || (a.log_index ?? 0) - (b.log_index ?? 0));
    expect(expected.map((e) => `${e.direction}:${e.stage}:${e.kind}`)).toEqual(expect.arrayContaining(['DEPOSIT:INITIATED:ERC20', 'DEPOSIT:INITIATED:ETH', 'WITHDRAWAL:PROVEN:ETH', 'WITHDRAWAL:FINALIZED:PORTAL']));
    expect(rows).toEqual(expected);
  });

  it('forced messages (deposits) with their deadlines', async () => {
    const rows = await q<Record<string, unknown>>(`select queue_index::text, deadline::int, ${refCols} from forced_messages where rollup_id = $1 order by queue_index`);
    expect(rows).toEqual(truth().forcedMessages.filter((f) => f.rollupId === ROLLUP).map((f) => ({ queue_index: f.queueIndex, deadline: f.deadline, ...ref(f.enqueued) })));
  });

  it('decoded without issues; the batcher change is recorded', async () => {
    expect(issues).toEqual([]);
    const changes = await q<{ value: string }>(`select value from parameter_changes where rollup_id = $1 and name = 'batcher' order by block_number`);
    expect(changes.map((c) => c.value)).toEqual(op.state.accounts.batchers.slice(0, 2).map((a) => a.address.toLowerCase()));
  });
});
