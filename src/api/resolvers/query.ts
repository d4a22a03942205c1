/** Query entry points and the block types (L2Block timeline, L1Block activity). */
import { BLOB_GAS_PER_BLOB, blobGasOf, blobShare, maxBlobsPerBlock } from '../../metrics/da.ts';
import { finalityIndex, l2BlockTimeline, type Stage } from '../../metrics/finality.ts';
import {
  attachRootDetails,
  batchOrder,
  batchSelect,
  challengeSummarySql,
  forcedSelect,
  loadBatchCarrying,
  loadL2Time,
  loadRootsCovering,
  num,
  refColumns,
  rootSelect,
  toBatch,
  toChallenge,
  toRef,
  toRootRecord,
  type BatchRecord,
  type RollupRecord,
} from '../../metrics/load.ts';
import { readPollRows } from '../../metrics/snapshot.ts';
import type { ApiContext } from '../context.ts';
import { unknownRollup, userError } from '../errors.ts';
import { forcedNodeSelect, toForcedNode } from './connections.ts';
import { gqlRef, type L1BlockParent } from './nodes.ts';
import { pollRowOf, sequencedHeadOf, snapshotOf } from './rollup.ts';

interface L2BlockParent {
  rollup: RollupRecord;
  number: number;
  t0: { time: number; estimated: boolean } | null;
  batch: BatchRecord | null;
  stages: ReturnType<typeof l2BlockTimeline>;
}

function checkInt(name: string, v: number) {
  if (!Number.isSafeInteger(v)) throw userError('BAD_ARGUMENT', `${name} must be an integer`);
}

export const queryResolvers = {
  Query: {
    rollups: async (_: unknown, __: unknown, ctx: ApiContext) => {
      const [ids] = [await ctx.db.query<{ id: string }>(`select id from rollups order by id`)];
      const rows = await Promise.all(ids.map((r) => ctx.loaders.poll.load(r.id)));
      return rows.filter((r) => r !== undefined).map((r) => r!.rollup);
    },

    rollup: async (_: unknown, { id }: { id: string }, ctx: ApiContext) => (await pollRowOf(ctx, id)).rollup,

    batch: async (_: unknown, { rollup, number }: { rollup: string; number: bigint }, ctx: ApiContext) => {
      const r = (await pollRowOf(ctx, rollup)).rollup;
      const rows = await ctx.db.query(`${batchSelect} where s.rollup_id = $1 and s.batch_number = $2::numeric order by ${batchOrder('desc')} limit 1`, [r.id, number.toString()]);
      if (!rows[0]) throw userError('BATCH_NOT_FOUND', `Rollup ${r.id} has no batch number ${number}`, { rollup: r.id, number: number.toString() });
      return toBatch(rows[0]);
    },

    l2Block: async (_: unknown, { rollup, number }: { rollup: string; number: number }, ctx: ApiContext): Promise<L2BlockParent> => {
      checkInt('number', number);
      const r = (await pollRowOf(ctx, rollup)).rollup;
      const now = await ctx.now();
      const s = await snapshotOf(ctx, r.id);
      const head = sequencedHeadOf(r, s, now);
      if (number < 0 || head === null || number > head.l2Block) {
        throw userError('L2_BLOCK_OUT_OF_RANGE', `L2 block ${number} of ${r.id} is out of range: known blocks are 0..${head?.l2Block ?? 'none yet'}`, {
          rollup: r.id,
          number,
          max: head?.l2Block ?? null,
        });
      }
      const p = await ctx.loaders.params.load(r.id);
      const [t0, batch] = await Promise.all([loadL2Time(ctx.db, r, number), loadBatchCarrying(ctx.db, r.id, number)]);
      const roots = await loadRootsCovering(ctx.db, r, number, batch?.ref.time ?? (t0?.time ?? now) - 86_400);
      const ix = finalityIndex(batch ? [batch] : [], roots, p, now);
      const stages = l2BlockTimeline(
        ix,
        number,
        t0,
        {
          lastBatchAt: s.batches.last?.ref.time ?? null,
          batchIntervalP50: s.batches.intervals.p50,
          lastRootAt: s.stateRoots.last?.ref.time ?? null,
          rootIntervalP50: s.stateRoots.intervals.p50,
          lastProofAt: s.proofs.last?.ref.time ?? null,
          proofIntervalP50: s.proofs.intervals.p50,
        },
        batch,
      );
      return { rollup: r, number, t0, batch, stages };
    },

    l1Block: async (_: unknown, { chainId, number }: { chainId: number; number: number }, ctx: ApiContext): Promise<L1BlockParent> => {
      checkInt('number', number);
      const [known] = await ctx.db.query(
        `select (select count(*) from rollups where l1_chain_id = $1) as rollups, (select latest from chain_heads where chain_id = $1) as head,
                (select max(number) from blocks where chain_id = $1) as max_block`,
        [chainId],
      );
      if (num(known.rollups) === 0) throw userError('UNKNOWN_CHAIN', `No watched rollup settles on chain ${chainId}`, { chainId });
      const head = known.head !== null ? num(known.head) : known.max_block !== null ? num(known.max_block) : null;
      if (number < 0 || head === null || number > head) {
        throw userError('L1_BLOCK_OUT_OF_RANGE', `Block ${number} of chain ${chainId} is out of range: the followed head is ${head ?? 'unknown'}`, { chainId, number, head });
      }
      return { chainId, number };
    },
  },

  L2Block: {
    rollup: (b: L2BlockParent) => b.rollup,
    timestamp: (b: L2BlockParent) => b.t0?.time ?? null,
    timestampSeconds: (b: L2BlockParent) => b.t0?.time ?? null,
    timestampEstimated: (b: L2BlockParent) => b.t0?.estimated ?? false,
    batch: (b: L2BlockParent) => b.batch,
    stages: (b: L2BlockParent) =>
      b.stages.map((s) => {
        const t = s.at ?? s.expectedAt;
        return {
          stage: s.stage,
          status: s.status,
          at: s.at,
          atSeconds: s.at,
          estimated: s.estimated,
          expectedAt: s.expectedAt,
          expectedAtSeconds: s.expectedAt,
          delaySeconds: t !== null && b.t0 ? t - b.t0.time : null,
          l1: s.ref ? gqlRef(s.ref) : null,
        };
      }),
    stage: (b: L2BlockParent): Stage => [...b.stages].reverse().find((s) => s.status === 'DONE')?.stage ?? 'SEQUENCED',
    settled: (b: L2BlockParent) => b.stages.some((s) => s.stage === 'SETTLED' && s.status === 'DONE'),
  },

  L1Block: {
    hash: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.hash ?? null,
    parentHash: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.parentHash ?? null,
    timestamp: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.timestamp ?? null,
    timestampSeconds: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.timestamp ?? null,
    blobGasUsed: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.blobGasUsed ?? null,
    excessBlobGas: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.excessBlobGas ?? null,
    maxBlobs: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => {
      const h = await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`);
      return h ? maxBlobsPerBlock(b.chainId, h.timestamp, ctx.options.blobSchedules) : null;
    },
    blobGasCapacity: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => {
      const h = await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`);
      return h ? BigInt(maxBlobsPerBlock(b.chainId, h.timestamp, ctx.options.blobSchedules)) * BLOB_GAS_PER_BLOB : null;
    },
    finalizedAt: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.finalizedAt ?? null,
    finalizedEstimated: async (b: L1BlockParent, _: unknown, ctx: ApiContext) => (await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`))?.finalizedEstimated ?? false,
    rollups: (b: L1BlockParent, _: unknown, ctx: ApiContext) => l1BlockActivity(ctx, b),
  },
};

/** Every watched rollup's facts in one L1 block, grouped by rollup id (sorted). */
async function l1BlockActivity(ctx: ApiContext, b: L1BlockParent) {
  const params = [b.chainId, b.number];
  const [batchRows, rootRows, eventRows, challengeRows, forcedRows] = await Promise.all([
    ctx.db.query(`${batchSelect} where s.chain_id = $1 and s.block_number = $2 order by s.tx_index, s.log_index, s.sub_index`, params),
    ctx.db.query(`${rootSelect} where r.chain_id = $1 and r.block_number = $2 order by r.tx_index, r.log_index, r.sub_index`, params),
    ctx.db.query(`select ${refColumns('e')}, e.rollup_id, e.status from state_root_events e where e.chain_id = $1 and e.block_number = $2 order by e.tx_index, e.log_index, e.sub_index`, params),
    ctx.db.query(`${challengeSummarySql('c.chain_id = $1 and c.block_number = $2')} order by c.tx_index, c.log_index`, params),
    ctx.db.query(`select f.rollup_id from forced_messages f where f.chain_id = $1 and f.block_number = $2`, params),
  ]);
  const ids = [...new Set([...batchRows, ...rootRows, ...eventRows, ...challengeRows, ...forcedRows].map((r) => String(r.rollup_id)))].sort();
  const polls = await readPollRows(ctx.db, ids);
  const header = await ctx.loaders.l1Header.load(`${b.chainId}:${b.number}`);
  const capacity = header ? BigInt(maxBlobsPerBlock(b.chainId, header.timestamp, ctx.options.blobSchedules)) * BLOB_GAS_PER_BLOB : 0n;
  const now = await ctx.now();
  return Promise.all(
    ids.map(async (id) => {
      const poll = polls.find((p) => p.rollup.id === id);
      if (!poll) throw unknownRollup(id);
      const rollup = poll.rollup;
      const batches = batchRows.filter((r) => r.rollup_id === id).map(toBatch);
      const roots = await attachRootDetails(ctx.db, rollup, rootRows.filter((r) => r.rollup_id === id).map((r) => toRootRecord(r, rollup)));
      const blobGas = batches.reduce((a, x) => a + blobGasOf(x), 0n);
      const share = blobShare(blobGas, header?.blobGasUsed ?? null, capacity);
      const p = await ctx.loaders.params.load(id);
      const forced = forcedRows.some((r) => r.rollup_id === id)
        ? (await ctx.db.query(`${forcedNodeSelect(p)} where f.chain_id = $1 and f.block_number = $2 and f.rollup_id = $3 order by f.log_index`, [...params, id])).map((r) =>
            toForcedNode(r, p, now),
          )
        : [];
      return {
        rollup,
        batches,
        stateRoots: roots,
        stateRootEvents: eventRows.filter((r) => r.rollup_id === id).map((r) => ({ status: String(r.status), l1: gqlRef(toRef(r)) })),
        challenges: challengeRows.filter((r) => r.rollup_id === id).map((r) => toChallenge(r, rollup.stack)),
        forcedMessages: forced,
        blobs: batches.reduce((a, x) => a + x.blobCount, 0),
        blobGasUsed: blobGas,
        shareOfBlobCapacity: share.shareOfCapacity,
        shareOfBlobGasUsed: share.shareOfBlobGasUsed,
        feesWei: batches.reduce((a, x) => a + (x.executionFee ?? 0n) + (x.blobFee ?? 0n), 0n),
      };
    }),
  );
}
