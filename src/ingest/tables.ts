/** Fact tables by Facts key, and the SQL names every reorg deletes from. */
import * as s from '../db/schema/index.ts';
import type { Facts } from '../stacks/types.ts';

export const factTables = {
  sequencerBatches: s.sequencerBatches,
  stateRoots: s.stateRoots,
  stateRootEvents: s.stateRootEvents,
  challenges: s.challenges,
  challengeMoves: s.challengeMoves,
  bridgeMessages: s.bridgeMessages,
  forcedMessages: s.forcedMessages,
  parameterChanges: s.parameterChanges,
  governanceEvents: s.governanceEvents,
} as const satisfies { [K in keyof Facts]: unknown };

/** SQL table names holding rows keyed by (chain_id, block_number): every one is cut on a reorg. */
export const factTableNames = [
  'sequencer_batches', 'state_roots', 'state_root_events', 'challenges', 'challenge_moves',
  'bridge_messages', 'forced_messages', 'parameter_changes', 'governance_events',
] as const;

/** Advisory lock keys: chain-wide (shared by range commits, exclusive for reorgs) and per source. */
export const chainLockSql = (mode: 'shared' | 'exclusive') =>
  `select ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext('rollscope:chain:' || $1::text))`;
export const sourceLockSql = `select pg_advisory_xact_lock(hashtext('rollscope:source:' || $1::text || ':' || $2::text))`;
