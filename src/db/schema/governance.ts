/**
 * Governance facts: who can change a rollup's L1 contracts and whether they did — proxy upgrades,
 * admin and ownership changes, timelock operations and delays, pauses, operator-set changes. One
 * row per event (several rows from one log use subIndex 0, 1, …), so a reorg only deletes rows.
 *
 * The key holds rollup_id: a contract shared by several rollups (OP SuperchainConfig, a shared
 * ProxyAdmin) yields one row per rollup watching it.
 */
import { bigint, index, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { provenance } from './provenance.ts';

export const governanceEvents = pgTable(
  'governance_events',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    /** The emitting contract, lowercase. */
    contract: text('contract').notNull(),
    /** Its role in the rollup definition (`sequencerInbox`, `optimismPortal`, `timelock`, `superchainConfig`, …). */
    contractRole: text('contract_role').notNull(),
    /**
     * UPGRADED | BEACON_UPGRADED | ADMIN_CHANGED | ADMIN_TRANSFER_STARTED | OWNERSHIP_TRANSFERRED |
     * OWNERSHIP_TRANSFER_STARTED | PAUSED | UNPAUSED | PAUSE_EXTENDED | GUARDIAN_CHANGED |
     * TIMELOCK_DELAY_SET | CALL_SCHEDULED | CALL_EXECUTED | CALL_CANCELLED | UPGRADE_EXECUTED |
     * ADMIN_CALL_EXECUTED | ROLE_GRANTED | ROLE_REVOKED | ADMIN_ACTION | VALIDATOR_WHITELIST_SET |
     * OPERATOR_SET | UPGRADE_SCHEDULED | UPGRADE_CANCELLED | UPGRADE_FINALIZED
     */
    kind: text('kind').notNull(),
    /**
     * What a PAUSED/UNPAUSED applies to within the contract: '' = the whole contract (OZ Pausable,
     * SuperchainConfig v1, zkSync freeze); a pause type (Linea) or an identifier (SuperchainConfig v2).
     */
    scope: text('scope').notNull().default(''),
    /** Previous value where the event says it (previous admin/owner/delay), lowercase / decimal. */
    oldValue: text('old_value'),
    /** New value: implementation, admin, owner, delay, target, operator, `true`/`false`. */
    newValue: text('new_value'),
    /** `from` of the transaction that emitted it. */
    actor: text('actor'),
    /** TIMELOCK_DELAY_SET: the new minimum delay; CALL_SCHEDULED: the operation's delay (seconds). */
    delaySeconds: bigint('delay_seconds', { mode: 'number' }),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.rollupId, t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('governance_rollup_kind_time_idx').on(t.rollupId, t.kind, t.blockTime),
    index('governance_rollup_time_idx').on(t.rollupId, t.blockTime),
    index('governance_chain_block_idx').on(t.chainId, t.blockNumber),
  ],
);
