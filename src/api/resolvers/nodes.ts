/**
 * Field resolvers of the node types (Batch, StateRoot, Challenge, BridgeMessage, ForcedMessage,
 * L1Ref, HealthChange). Parents are the records of src/metrics/load.ts; relations go through the
 * request's DataLoaders.
 */
import { rootSettlement, type L1Ref, type RootSettlement } from '../../metrics/finality.ts';
import type { BatchRecord, ChallengeSummary, ForcedRecord, RootRecord } from '../../metrics/load.ts';
import type { HealthReason } from '../../metrics/health.ts';
import { refKey, type ApiContext, type ChallengeMoveRecord } from '../context.ts';
import { pageSize } from '../pagination.ts';

export const gqlRef = (r: L1Ref) => ({ ...r, timestamp: r.time, timestampSeconds: r.time });

export interface L1BlockParent {
  chainId: number;
  number: number;
}

const settlements = new WeakMap<RootRecord, Promise<RootSettlement>>();

/** A root's settlement at the request's now, with the rollup's parameters (memoised per record). */
export function settlementOf(root: RootRecord, ctx: ApiContext): Promise<RootSettlement> {
  let p = settlements.get(root);
  if (!p) {
    p = (async () => rootSettlement(root, await ctx.loaders.params.load(root.rollupId), await ctx.now()))();
    settlements.set(root, p);
  }
  return p;
}

export interface ForcedNode extends ForcedRecord {
  includedAt: number | null;
  includedBy: L1Ref | null;
  forcedInclusion: boolean;
  now: number;
}

export interface HealthChangeNode {
  id: number;
  rollupId: string;
  status: string;
  previousStatus: string | null;
  reasons: HealthReason[];
  at: number;
  since: number | null;
}

export const gqlReason = (r: HealthReason) => ({ ...r, sinceSeconds: r.since });

export const nodeResolvers = {
  L1Ref: {},
  Batch: {
    id: (b: BatchRecord) => `${b.rollupId}:${refKey(b.ref)}`,
    number: (b: BatchRecord) => b.batchNumber,
    l1: (b: BatchRecord) => gqlRef(b.ref),
    l1Block: (b: BatchRecord): L1BlockParent => ({ chainId: b.ref.chainId, number: b.ref.blockNumber }),
    executionFeeWei: (b: BatchRecord) => b.executionFee,
    blobFeeWei: (b: BatchRecord) => b.blobFee,
    totalFeeWei: (b: BatchRecord) => (b.executionFee ?? 0n) + (b.blobFee ?? 0n),
    timeToInclusionSeconds: (b: BatchRecord) => (b.l2TimeStart === null ? null : b.ref.time - b.l2TimeStart),
    l1FinalizedAt: (b: BatchRecord) => b.l1FinalizedAt,
  },
  StateRoot: {
    id: (r: RootRecord) => `${r.rollupId}:${r.kind}:${refKey(r.ref)}`,
    index: (r: RootRecord) => r.rootIndex,
    l1: (r: RootRecord) => gqlRef(r.ref),
    status: async (r: RootRecord, _: unknown, ctx: ApiContext) => (await settlementOf(r, ctx)).status,
    challenged: async (r: RootRecord, _: unknown, ctx: ApiContext) => (await settlementOf(r, ctx)).challenged,
    settledAt: async (r: RootRecord, _: unknown, ctx: ApiContext) => (await settlementOf(r, ctx)).settledAt,
    expectedSettledAt: async (r: RootRecord, _: unknown, ctx: ApiContext) => (await settlementOf(r, ctx)).expectedSettledAt,
    expectedSettledAtSeconds: async (r: RootRecord, _: unknown, ctx: ApiContext) => (await settlementOf(r, ctx)).expectedSettledAt,
    statusHistory: (r: RootRecord) => r.events.map((e) => ({ status: e.status, l1: gqlRef(e.ref!) })),
    challenges: (r: RootRecord, _: unknown, ctx: ApiContext) => ctx.loaders.challengesOfRoot.load(`${r.rollupId}\u0000${r.rootIndex}`),
  },
  Challenge: {
    id: (c: ChallengeSummary) => `${c.rollupId}:${c.challengeId}`,
    created: (c: ChallengeSummary) => gqlRef(c.created),
    resolved: (c: ChallengeSummary) => (c.resolvedRef ? gqlRef(c.resolvedRef) : null),
    moveCount: (c: ChallengeSummary) => c.moves,
    moves: async (c: ChallengeSummary, { first }: { first?: number }, ctx: ApiContext) => {
      const n = pageSize(first ?? 50);
      const all: ChallengeMoveRecord[] = await ctx.loaders.moves.load(`${c.rollupId}\u0000${c.challengeId}`);
      return all.slice(0, n).map((m) => ({ ...m, l1: gqlRef(m.l1), status: m.status === 'CHALLENGER_WINS' || m.status === 'DEFENDER_WINS' || m.status === 'IN_PROGRESS' ? m.status : null }));
    },
  },
  ForcedMessage: {
    id: (m: ForcedNode) => `${m.rollupId}:${m.queueIndex}`,
    enqueued: (m: ForcedNode) => gqlRef(m.ref),
    deadlineSeconds: (m: ForcedNode) => m.deadline,
    included: (m: ForcedNode) => m.includedAt !== null,
    includedBy: (m: ForcedNode, _: unknown, ctx: ApiContext) => (m.includedBy ? ctx.loaders.batchAt.load(refKey(m.includedBy)) : null),
    inclusionLatencySeconds: (m: ForcedNode) => (m.includedAt === null ? null : m.includedAt - m.enqueuedAt),
    forced: (m: ForcedNode) => m.forcedInclusion,
    ageSeconds: (m: ForcedNode) => (m.includedAt === null ? m.now - m.enqueuedAt : null),
    pastWindow: (m: ForcedNode) => m.includedAt === null && m.deadline !== null && m.now >= m.deadline,
  },
  HealthChange: {
    id: (h: HealthChangeNode) => String(h.id),
    reasons: (h: HealthChangeNode) => h.reasons.map(gqlReason),
    atSeconds: (h: HealthChangeNode) => h.at,
  },
};
