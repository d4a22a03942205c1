/**
 * The fact families of DESIGN.md. Each row is taken from one log (or one transaction) and keeps its
 * provenance; statuses that change over time are separate rows (one per event), so a reorg only
 * ever deletes rows and never has to undo an update.
 */
import { bigint, boolean, index, jsonb, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { provenance } from './provenance.ts';

const wei = (name: string) => numeric(name, { precision: 78, scale: 0 });

export const sequencerBatches = pgTable(
  'sequencer_batches',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    /** Arbitrum: batchSequenceNumber; OP: position of the batch in inbox order; ZK: batch number. */
    batchNumber: wei('batch_number').notNull(),
    submitter: text('submitter').notNull(),
    /** CALLDATA | BLOB | ANYTRUST | CELESTIA | EIGENDA | ALT_DA | NONE */
    dataLocation: text('data_location').notNull(),
    bytesPosted: bigint('bytes_posted', { mode: 'number' }).notNull().default(0),
    blobCount: bigint('blob_count', { mode: 'number' }).notNull().default(0),
    blobGasUsed: wei('blob_gas_used'),
    blobBaseFee: wei('blob_base_fee'),
    l1GasUsed: wei('l1_gas_used'),
    l1GasPrice: wei('l1_gas_price'),
    /** gasUsed × effectiveGasPrice, wei. */
    executionFee: wei('execution_fee'),
    /** blobGasUsed × blobGasPrice, wei. */
    blobFee: wei('blob_fee'),
    l2BlockStart: bigint('l2_block_start', { mode: 'number' }),
    l2BlockEnd: bigint('l2_block_end', { mode: 'number' }),
    l2TimeStart: bigint('l2_time_start', { mode: 'number' }),
    l2TimeEnd: bigint('l2_time_end', { mode: 'number' }),
    /** Delayed/forced messages consumed so far (Arbitrum afterDelayedMessagesRead). */
    delayedMessagesRead: wei('delayed_messages_read'),
    /** Posted by a user forcing inclusion (Arbitrum forceInclusion), not by the sequencer. */
    forced: boolean('forced').notNull().default(false),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    // Time order with the tx inside it: the liveness intervals walk it without sorting (snapshot.ts).
    index('batches_rollup_time_tx_idx').on(t.rollupId, t.blockTime, t.blockNumber, t.txIndex),
    // Batches posted by users forcing inclusion are rare: the snapshot finds them without a scan.
    index('batches_rollup_forced_idx').on(t.rollupId, t.blockTime).where(sql`forced`),
    index('batches_rollup_number_idx').on(t.rollupId, t.batchNumber),
    index('batches_rollup_l2_idx').on(t.rollupId, t.l2BlockEnd),
    index('batches_rollup_delayed_idx').on(t.rollupId, t.delayedMessagesRead),
  ],
);

export const stateRoots = pgTable(
  'state_roots',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    /** OUTPUT | ASSERTION | ZK_COMMIT | ZK_PROOF | ZK_EXECUTE | STATE_UPDATE */
    kind: text('kind').notNull(),
    /** Node number, assertion hash, output index, game address or batch number. */
    rootIndex: text('root_index').notNull(),
    parentIndex: text('parent_index'),
    root: text('root').notNull(),
    l2BlockNumber: bigint('l2_block_number', { mode: 'number' }),
    l2BlockHash: text('l2_block_hash'),
    proposer: text('proposer'),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('roots_rollup_index_idx').on(t.rollupId, t.rootIndex),
    index('roots_rollup_time_idx').on(t.rollupId, t.kind, t.blockTime),
    index('roots_rollup_l2_idx').on(t.rollupId, t.kind, t.l2BlockNumber),
  ],
);

/** Status changes of state roots: CHALLENGED, CONFIRMED, RESOLVED, REJECTED, DELETED, REVERTED, FINALIZED. */
export const stateRootEvents = pgTable(
  'state_root_events',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    kind: text('kind').notNull(),
    rootIndex: text('root_index').notNull(),
    status: text('status').notNull(),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('root_events_rollup_index_idx').on(t.rollupId, t.rootIndex),
    index('root_events_rollup_time_idx').on(t.rollupId, t.status, t.blockTime),
  ],
);

export const challenges = pgTable(
  'challenges',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    /** Game address (OP), challenge index (legacy Arbitrum), edge id (BoLD). */
    challengeId: text('challenge_id').notNull(),
    /** e.g. OP game type, LEGACY, BOLD_EDGE */
    type: text('type').notNull(),
    address: text('address'),
    disputedRoot: text('disputed_root'),
    /** The state root (rootIndex in state_roots) this challenge disputes, when known. */
    rootIndex: text('root_index'),
    l2BlockNumber: bigint('l2_block_number', { mode: 'number' }),
    creator: text('creator'),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('challenges_rollup_id_idx').on(t.rollupId, t.challengeId),
    index('challenges_rollup_time_idx').on(t.rollupId, t.blockTime),
  ],
);

/** Moves and outcomes of challenges: MOVE, BISECTED, ONE_STEP_PROOF, CONFIRMED_BY_TIME, RESOLVED, ... */
export const challengeMoves = pgTable(
  'challenge_moves',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    challengeId: text('challenge_id').notNull(),
    action: text('action').notNull(),
    claimant: text('claimant'),
    parentIndex: text('parent_index'),
    claim: text('claim'),
    /** Set on outcome rows: IN_PROGRESS | CHALLENGER_WINS | DEFENDER_WINS */
    status: text('status'),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('moves_rollup_challenge_idx').on(t.rollupId, t.challengeId),
  ],
);

/** One row per stage event of a bridge message (INITIATED, INCLUDED, PROVEN, FINALIZED). */
export const bridgeMessages = pgTable(
  'bridge_messages',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    /** DEPOSIT | WITHDRAWAL */
    direction: text('direction').notNull(),
    kind: text('kind').notNull(),
    /** Message index / nonce / withdrawal hash: the key that links the stages of one message. */
    messageId: text('message_id').notNull(),
    stage: text('stage').notNull(),
    sender: text('sender'),
    recipient: text('recipient'),
    token: text('token'),
    amount: wei('amount'),
    l2TxHash: text('l2_tx_hash'),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('bridge_rollup_message_idx').on(t.rollupId, t.messageId),
    index('bridge_rollup_time_idx').on(t.rollupId, t.direction, t.blockTime),
  ],
);

/**
 * Messages on the forced path (delayed inbox, deposits, priority queue). Inclusion is derived, not
 * stored: the first batch of the rollup whose delayedMessagesRead exceeds queueIndex (or the
 * stack's own rule), so a reorg of the including batch needs no update here.
 */
export const forcedMessages = pgTable(
  'forced_messages',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    queueIndex: wei('queue_index').notNull(),
    kind: text('kind').notNull(),
    sender: text('sender'),
    /** Unix time from which the user can force inclusion (enqueue time + window at that block). */
    deadline: bigint('deadline', { mode: 'number' }),
    /** The force-inclusion window in force when it was enqueued (seconds and/or L1 blocks). */
    windowSeconds: bigint('window_seconds', { mode: 'number' }),
    windowBlocks: bigint('window_blocks', { mode: 'number' }),
    messageHash: text('message_hash'),
    extra: jsonb('extra'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('forced_rollup_index_idx').on(t.rollupId, t.queueIndex),
    index('forced_rollup_time_idx').on(t.rollupId, t.blockTime),
  ],
);

/** Changes of on-chain parameters (maxTimeVariation, batcher, confirm period, ...), as events. */
export const parameterChanges = pgTable(
  'parameter_changes',
  {
    ...provenance(),
    rollupId: text('rollup_id').notNull(),
    name: text('name').notNull(),
    value: jsonb('value').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.blockNumber, t.txIndex, t.logIndex, t.subIndex] }),
    index('params_rollup_name_idx').on(t.rollupId, t.name, t.blockNumber),
  ],
);

/** L2 block headers, where an L2 RPC is configured. */
export const l2Blocks = pgTable(
  'l2_blocks',
  {
    rollupId: text('rollup_id').notNull(),
    number: bigint('number', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
    timestamp: bigint('timestamp', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rollupId, t.number] })],
);
