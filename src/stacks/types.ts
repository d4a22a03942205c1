/**
 * The contract between the ingest engine and a rollup stack (one folder per stack under
 * src/stacks/<stack>/). A stack says WHAT to read for a rollup definition (sources) and HOW to
 * turn what was read into fact rows (decode). The engine owns all I/O scheduling, reorgs,
 * retries and writes; decode is pure apart from the explicit capabilities in DecodeContext.
 */
import type { Address, Hex, RollupDefinition } from '../rollups/types.ts';
import type * as s from '../db/schema/index.ts';

/** Logs of a fixed set of contracts × topic0s. */
export interface LogSource {
  kind: 'logs';
  /** Unique per rollup, stable across restarts, e.g. `delayed-inbox`; the engine keys progress by `<rollupId>:<id>`. */
  id: string;
  chainId: number;
  addresses: Address[];
  topics: Hex[];
  fromBlock: number;
  toBlock?: number;
  /** The decoder needs the transaction (input, blob hashes) and/or receipt (gas, fees) of each log. */
  withTransactions?: boolean;
  withReceipts?: boolean;
  /** Ranges are decoded in block order, each after the previous one committed (the decoder keeps running state, e.g. a counter). */
  sequential?: boolean;
  /**
   * topic0s before which the engine may cut a range's logs into slices, decoded one after another
   * in order (SourceBatch.more, DecodeContext.carry), so that the logs and rows of one slice die
   * young. Cuts fall before such logs only, e.g. before a message's first event.
   */
  sliceBefore?: Hex[];
}

/** Logs of contracts created by a factory: each `factoryTopic` log adds a child to watch from its block on. */
export interface FactorySource {
  kind: 'factory';
  id: string;
  chainId: number;
  factory: Address;
  factoryTopic: Hex;
  /** Reads the child address out of a factory log. */
  childAddress: (log: RawLog) => Address;
  topics: Hex[];
  fromBlock: number;
  toBlock?: number;
}

/** Transactions to `to` from one of the senders valid at that block (e.g. OP batcher → batch inbox). */
export interface TransactionSource {
  kind: 'transactions';
  id: string;
  chainId: number;
  to: Address;
  /** Senders by L1 block, e.g. the batcher as changed by SystemConfig ConfigUpdate events. */
  senders: (blockNumber: number) => Address[] | Promise<Address[]>;
  fromBlock: number;
  toBlock?: number;
  /** Fetch blob contents of type-3 transactions (beacon API). */
  withBlobs?: boolean;
  withReceipts?: boolean;
}

export type Source = LogSource | FactorySource | TransactionSource;

export interface RawLog {
  address: Address;
  topics: Hex[];
  data: Hex;
  blockNumber: number;
  blockHash: Hex;
  blockTime: number;
  transactionHash: Hex;
  transactionIndex: number;
  logIndex: number;
}

export interface RawTransaction {
  hash: Hex;
  blockNumber: number;
  blockHash: Hex;
  blockTime: number;
  transactionIndex: number;
  from: Address;
  to: Address | null;
  input: Hex;
  type: string;
  value: bigint;
  blobVersionedHashes?: Hex[];
  /** From the receipt, when requested. */
  receipt?: {
    status: 'success' | 'reverted';
    gasUsed: bigint;
    effectiveGasPrice: bigint;
    blobGasUsed?: bigint;
    blobGasPrice?: bigint;
  };
  /** Blob contents (131072 bytes each), in blobVersionedHashes order, when requested. */
  blobs?: Uint8Array[];
}

/** Rows a decode produced, by fact table. Every row carries its provenance columns. */
export interface Facts {
  sequencerBatches: (typeof s.sequencerBatches.$inferInsert)[];
  stateRoots: (typeof s.stateRoots.$inferInsert)[];
  stateRootEvents: (typeof s.stateRootEvents.$inferInsert)[];
  challenges: (typeof s.challenges.$inferInsert)[];
  challengeMoves: (typeof s.challengeMoves.$inferInsert)[];
  bridgeMessages: (typeof s.bridgeMessages.$inferInsert)[];
  forcedMessages: (typeof s.forcedMessages.$inferInsert)[];
  parameterChanges: (typeof s.parameterChanges.$inferInsert)[];
  governanceEvents: (typeof s.governanceEvents.$inferInsert)[];
}

export const emptyFacts = (): Facts => ({
  sequencerBatches: [], stateRoots: [], stateRootEvents: [], challenges: [], challengeMoves: [],
  bridgeMessages: [], forcedMessages: [], parameterChanges: [], governanceEvents: [],
});

/** What a decoder may ask of the outside world while decoding one block range. */
export interface DecodeContext {
  /** eth_call at a block (e.g. SequencerInbox.maxTimeVariation() at the message's block). */
  readContract<T>(args: { address: Address; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; blockNumber: number }): Promise<T>;
  /** Stack state that must survive restarts (e.g. OP half-built channels), read/written in the job's transaction. */
  state: {
    get<T>(key: string): Promise<T | undefined>;
    set(key: string, value: unknown): Promise<void>;
  };
  /**
   * Shared by the slices of one range (see LogSource.sliceBefore): what relates a log to one in
   * a later slice waits here, and is finished on the slice without SourceBatch.more.
   * Absent when the range is decoded whole.
   */
  carry?: Map<string, unknown>;
  /** The L2 RPC, when configured for this rollup. */
  l2?: {
    getBlockByHash(hash: Hex): Promise<{ number: number; timestamp: number } | null>;
    /** Raw JSON-RPC call to the L2 node (e.g. zkSync `zks_getL1BatchBlockRange`), when the engine offers it. */
    request?<T>(method: string, params: readonly unknown[]): Promise<T>;
  };
}

/** One block range of one source, everything the engine fetched for it. Sorted by (block, index). */
export interface SourceBatch {
  source: Source;
  fromBlock: number;
  toBlock: number;
  logs: RawLog[];
  /** More slices of this range follow (see LogSource.sliceBefore). */
  more?: boolean;
  /** Transactions by hash: those of `logs` (when withTransactions) or of a TransactionSource. */
  transactions: Map<Hex, RawTransaction>;
}

export interface StackIndexer<D extends RollupDefinition = RollupDefinition> {
  stack: D['stack'];
  sources(definition: D): Source[];
  decode(definition: D, batch: SourceBatch, ctx: DecodeContext): Promise<Facts>;
}
