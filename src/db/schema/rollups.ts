import { integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The configured rollups (written at start from the configuration) and parameters read from chain. */
export const rollups = pgTable('rollups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  stack: text('stack').notNull(),
  l1ChainId: integer('l1_chain_id').notNull(),
  l2ChainId: integer('l2_chain_id').notNull(),
  /** The full definition (addresses, start blocks, genesis) as configured. */
  definition: jsonb('definition').notNull(),
  /** Parameters read from the contracts (challenge period, force-inclusion window, ...). */
  parameters: jsonb('parameters').notNull().default({}),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
