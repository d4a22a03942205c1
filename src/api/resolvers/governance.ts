/**
 * Resolvers of schema/governance.graphql: Rollup.governance and the Governance types. Figures come
 * from src/metrics/governance.ts (one state load per Governance parent, memoised); the event list
 * is a keyset-paged connection like the other lists.
 *
 * Registration: `...governanceResolversOver(rollupResolvers)` in resolvers/index.ts (after
 * `...rollupResolvers`): it merges `Rollup.governance` into the existing Rollup resolvers.
 */
import {
  governanceOrder, governanceSelect, loadGovernanceState, loadOperatorDiversity, toGovernanceEvent,
  type ExitWindow, type GovernanceEventRecord, type GovernanceState, type OperatorDiversity, type OperatorStats, type Pause, type UpgradeExitWindow,
} from '../../metrics/governance.ts';
import type { RollupRecord } from '../../metrics/load.ts';
import type { Window, WindowPreset } from '../../metrics/window.ts';
import { governanceSetupOf, watchedContracts } from '../../stacks/governance/index.ts';
import type { ApiContext } from '../context.ts';
import { userError } from '../errors.ts';
import { connection, decodeCursor, encodeCursor, keysetCondition, pageSize, rangeConditions, type RangeFilter } from '../pagination.ts';
import { gqlRef } from './nodes.ts';
import { gqlWindow, windowOf } from './rollup.ts';

type WindowArg = { window?: { last?: WindowPreset | null; from?: number | null; to?: number | null } | null };

interface GovernanceParent {
  rollup: RollupRecord;
  window: Window;
  state?: Promise<{ now: number; g: GovernanceState }>;
  operators?: Promise<OperatorDiversity>;
}

/** The governance state at the request's now, loaded once per parent. */
function stateOf(ctx: ApiContext, p: GovernanceParent): NonNullable<GovernanceParent['state']> {
  p.state ??= (async () => {
    const now = await ctx.now();
    return { now, g: await loadGovernanceState(ctx.db, p.rollup, governanceSetupOf(p.rollup.definition), now) };
  })();
  return p.state;
}

const exitWindowOut = (w: ExitWindow) => ({ ...w, atSeconds: w.at });

const VIA_KEYS = ['viaTimelock', 'operationId', 'viaExecutor'];

const upgradeOut = (u: UpgradeExitWindow) => ({
  ...u,
  l1: gqlRef(u.ref),
  announcedAtSeconds: u.announcedAt,
  usersCouldExit: u.exitWindowSeconds !== null && u.exitWindowSeconds >= 0,
});

const pauseOut = (p: Pause, now: number) => ({
  ...p,
  pausedAt: gqlRef(p.pausedAt),
  unpausedAt: p.unpausedAt ? gqlRef(p.unpausedAt) : null,
  durationSeconds: Math.max(0, (p.unpausedAt?.time ?? now) - p.pausedAt.time),
  open: p.unpausedAt === null,
});

const statsOut = (s: OperatorStats) => ({
  ...s,
  operators: s.operators.slice(0, 20).map((o) => ({ ...o, share: s.total > 0 ? o.count / s.total : 0 })),
});

function eventOut(e: GovernanceEventRecord) {
  const extra = e.extra ?? {};
  const via = e.extra && typeof extra.viaTimelock === 'string';
  const rest = Object.fromEntries(Object.entries(extra).filter(([k]) => !VIA_KEYS.includes(k)));
  return {
    ...e,
    id: `${e.rollupId}:${e.ref.chainId}:${e.ref.blockNumber}:${e.ref.txIndex}:${e.ref.logIndex}:${e.ref.subIndex}`,
    l1: gqlRef(e.ref),
    viaTimelock: via ? extra.viaTimelock : null,
    operationId: via ? extra.operationId ?? null : null,
    viaExecutor: typeof extra.viaExecutor === 'string' ? extra.viaExecutor : null,
    details: Object.keys(rest).length ? JSON.stringify(rest) : null,
  };
}

const POSITION = ['block_time', 'chain_id', 'block_number', 'tx_index', 'log_index', 'sub_index'].map((c) => `g.${c}`);

async function eventsPage(ctx: ApiContext, rollup: RollupRecord, args: { first?: number | null; after?: string | null; filter?: RangeFilter | null; kinds?: string[] | null; order?: 'NEWEST_FIRST' | 'OLDEST_FIRST' | null }) {
  const first = pageSize(args.first);
  const desc = (args.order ?? 'NEWEST_FIRST') === 'NEWEST_FIRST';
  const params: unknown[] = [rollup.id];
  const conds = ['g.rollup_id = $1', ...rangeConditions('g', args.filter, params)];
  if (args.kinds && args.kinds.length > 0) conds.push(`g.kind = any($${params.push(args.kinds)}::text[])`);
  if (args.after) conds.push(keysetCondition(POSITION, decodeCursor('governance', args.after, 'nnnnnn'), desc, params));
  const rows = await ctx.db.query(`${governanceSelect} where ${conds.join(' and ')} order by ${governanceOrder(desc ? 'desc' : 'asc')} limit ${first + 1}`, params);
  const items = rows.map(toGovernanceEvent);
  return connection(items.map(eventOut), first, Boolean(args.after), (e) =>
    encodeCursor('governance', [e.ref.time, e.ref.chainId, e.ref.blockNumber, e.ref.txIndex, e.ref.logIndex, e.ref.subIndex]));
}

export const governanceResolvers = {
  Rollup: {
    governance: async (r: RollupRecord, args: WindowArg, ctx: ApiContext): Promise<GovernanceParent> => ({ rollup: r, window: await windowOf(ctx, args) }),
  },

  Governance: {
    window: (p: GovernanceParent) => gqlWindow(p.window),
    setup: (p: GovernanceParent) => {
      const setup = governanceSetupOf(p.rollup.definition);
      return {
        instantUpgradePath: Boolean(setup.instantUpgradePath),
        declaredUpgradeDelaySeconds: setup.upgradeDelaySeconds ?? null,
        contracts: watchedContracts(p.rollup.definition).map((c) => ({ address: c.address, role: c.role, fromBlock: c.fromBlock, toBlock: c.toBlock ?? null })),
      };
    },
    exitWindow: async (p: GovernanceParent, { at }: { at?: number | null }, ctx: ApiContext) => {
      const { now, g } = await stateOf(ctx, p);
      const t = at ?? now;
      if (t > now) throw userError('BAD_ARGUMENT', `at must not be after now (${new Date(now * 1000).toISOString()})`, { at: t, now });
      return exitWindowOut(g.exitWindowAt(t));
    },
    upgrades: async (p: GovernanceParent, { first, includeInitial }: { first?: number | null; includeInitial?: boolean | null }, ctx: ApiContext) => {
      const n = pageSize(first);
      const { g } = await stateOf(ctx, p);
      return g.upgrades
        .filter((u) => u.ref.time >= p.window.from && u.ref.time < p.window.to && (includeInitial || !u.initial))
        .reverse()
        .slice(0, n)
        .map(upgradeOut);
    },
    pauses: async (p: GovernanceParent, { first }: { first?: number | null }, ctx: ApiContext) => {
      const n = pageSize(first);
      const { now, g } = await stateOf(ctx, p);
      return g.pauses
        .filter((x) => x.unpausedAt === null || (x.pausedAt.time < p.window.to && x.unpausedAt.time >= p.window.from))
        .reverse()
        .slice(0, n)
        .map((x) => pauseOut(x, now));
    },
    paused: async (p: GovernanceParent, _: unknown, ctx: ApiContext) => (await stateOf(ctx, p)).g.pauses.some((x) => x.unpausedAt === null),
    healthReasons: async (p: GovernanceParent, _: unknown, ctx: ApiContext) => (await stateOf(ctx, p)).g.reasons.map((r) => ({ ...r, sinceSeconds: r.since })),
    operators: async (p: GovernanceParent, _: unknown, ctx: ApiContext) => {
      p.operators ??= (async () => {
        const now = await ctx.now();
        return loadOperatorDiversity(ctx.db, p.rollup, { from: p.window.from, to: Math.min(p.window.to, now + 1) });
      })();
      const d = await p.operators;
      return {
        window: gqlWindow(p.window),
        batchPosters: statsOut(d.batchPosters),
        stateRootProposers: statsOut(d.stateRootProposers),
        provers: statsOut(d.provers),
        challengers: statsOut(d.challengers),
        authorizedBatchPosters: d.authorized.BATCH_POSTER,
        authorizedSequencers: d.authorized.SEQUENCER,
        authorizedProvers: d.authorized.PROVER,
        authorizedValidators: d.authorized.VALIDATOR,
        operatorSetChanges: d.operatorSetChanges,
        proofSystem: { ...d.proofSystem, sinceSeconds: d.proofSystem.since },
      };
    },
    events: (p: GovernanceParent, args: Parameters<typeof eventsPage>[2], ctx: ApiContext) => eventsPage(ctx, p.rollup, args),
  },
};

/** `base`'s resolvers with `Rollup.governance` merged into its Rollup (the one-line registration). */
export function governanceResolversOver<B extends { Rollup: Record<string, unknown> }>(base: B) {
  return { ...governanceResolvers, Rollup: { ...base.Rollup, ...governanceResolvers.Rollup } };
}
