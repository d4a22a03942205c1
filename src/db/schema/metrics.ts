import { bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What the risk-engine poll reads: one row per rollup, recomputed from the facts by
 * refreshRollupSnapshot after every commit or reorg that touched the rollup.
 * Invariant: `version` only grows; `data` is a pure function of the facts at refresh time.
 */
export const rollupSnapshots = pgTable('rollup_snapshots', {
  rollupId: text('rollup_id').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  data: jsonb('data').notNull(),
});

/**
 * Health status changes as observed by the health monitor (one row per change). Webhooks and the
 * healthChanged subscription are driven from it.
 * Invariant: consecutive rows of one rollup have different statuses (written under a per-rollup lock).
 */
export const healthChanges = pgTable(
  'health_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    rollupId: text('rollup_id').notNull(),
    status: text('status').notNull(),
    previousStatus: text('previous_status'),
    reasons: jsonb('reasons').notNull(),
    /** Evaluation time (unix seconds) and when the new status began by the facts. */
    at: bigint('at', { mode: 'number' }).notNull(),
    since: bigint('since', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('health_changes_rollup_idx').on(t.rollupId, t.id)],
);

/** Reorgs seen by the head follower (recordReorg), for the L1_REORG health reason. */
export const chainReorgs = pgTable(
  'chain_reorgs',
  {
    chainId: integer('chain_id').notNull(),
    /** Unix seconds when the reorg was handled. */
    observedAt: bigint('observed_at', { mode: 'number' }).notNull(),
    ancestor: bigint('ancestor', { mode: 'number' }).notNull(),
    depth: integer('depth').notNull(),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.observedAt, t.ancestor] })],
);
