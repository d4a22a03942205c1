/**
 * Ground truth written by the simulator: every fact a scenario caused, keyed the way the indexer
 * keys its facts, so tests can diff what rollscope stored against what really happened.
 * Big integers (wei, gas, indices that may exceed 2^53) are decimal strings; times are unix seconds.
 */
import type { Address, Hex, RollupDefinition } from '../rollups/types.ts';

/** Where a fact came from on a chain. `logIndex` is absent for facts taken from a transaction. */
export interface TruthRef {
  chainId: number;
  blockNumber: number;
  blockHash: Hex;
  txHash: Hex;
  logIndex?: number;
  /** Block timestamp, unix seconds. */
  timestamp: number;
}

/** One log emitted by an emulator contract, as it stands on the canonical chain. */
export interface TruthEvent extends TruthRef {
  logIndex: number;
  address: Address;
  topic0: Hex;
  eventName: string;
  /** Decoded arguments (bigints as decimal strings). */
  args: Record<string, unknown>;
}

export type DataLocation = 'CALLDATA' | 'BLOB' | 'ANYTRUST' | 'CELESTIA' | 'EIGENDA' | 'ALT_DA' | 'NONE';

export interface TruthBatch {
  rollupId: string;
  /** Arbitrum: batchSequenceNumber; OP: sequence of the channel/batch in inbox order. */
  batchNumber: string;
  l1: TruthRef;
  submitter: Address;
  dataLocation: DataLocation;
  bytesPosted: number;
  blobCount: number;
  /**
   * Inclusive L2 block range this batch carries, with the first and last block's L2 timestamps.
   * A batch that carries no L2 blocks (Arbitrum forceInclusion) has an empty range:
   * l2BlockEnd = l2BlockStart − 1 and both times 0.
   */
  l2BlockStart: number;
  l2BlockEnd: number;
  l2TimeStart: number;
  l2TimeEnd: number;
  /** Arbitrum: afterDelayedMessagesRead. */
  delayedMessagesRead?: string;
  /** Arbitrum: posted by forceInclusion (data location NONE), not by the sequencer. */
  forced?: boolean;
}

export type StateRootKind = 'OUTPUT' | 'ASSERTION' | 'ZK_COMMIT' | 'ZK_PROOF' | 'ZK_EXECUTE' | 'STATE_UPDATE';
export type StateRootStatus =
  | 'PROPOSED' | 'CHALLENGED' | 'CONFIRMED' | 'RESOLVED' | 'REJECTED' | 'DELETED' | 'REVERTED' | 'FINALIZED';

export interface TruthStateRoot {
  rollupId: string;
  kind: StateRootKind;
  /** Node number, assertion hash, output index, game address... as a string. */
  index: string;
  root: Hex;
  l2BlockNumber?: number;
  l1: TruthRef;
  proposer: Address;
  statusChanges: { status: StateRootStatus; l1: TruthRef }[];
}

export type ChallengeStatus = 'IN_PROGRESS' | 'CHALLENGER_WINS' | 'DEFENDER_WINS';

export interface TruthChallenge {
  rollupId: string;
  /** Game address (OP), challenge index (legacy Arbitrum) or edge id (BoLD). */
  challengeId: string;
  type: string;
  address?: Address;
  disputedRoot?: Hex;
  l2BlockNumber?: number;
  created: TruthRef;
  /** `action` names the move where a protocol has several kinds (e.g. BoLD EDGE_ADDED / BISECTED). */
  moves: { claimant: Address; parentIndex: string; claim: Hex; l1: TruthRef; action?: string }[];
  status: ChallengeStatus;
  resolved?: TruthRef;
}

export type BridgeDirection = 'DEPOSIT' | 'WITHDRAWAL';
export type BridgeStage = 'INITIATED' | 'INCLUDED' | 'PROVEN' | 'FINALIZED';

export interface TruthBridgeMessage {
  rollupId: string;
  direction: BridgeDirection;
  kind: string;
  /** Message index / nonce / withdrawal hash, as the indexer keys it. */
  messageId: string;
  from?: Address;
  to?: Address;
  /** Token moved (ERC20 bridges: the L1 token); absent for ETH and plain messages. */
  token?: Address;
  amount?: string;
  stages: Partial<Record<BridgeStage, TruthRef>>;
}

export interface TruthForcedMessage {
  rollupId: string;
  queueIndex: string;
  enqueued: TruthRef;
  /** Unix time after which the user can force inclusion. */
  deadline: number;
  /** The batch that consumed it, if any. */
  included?: TruthRef;
  forced: boolean;
}

export interface TruthL2Block {
  rollupId: string;
  number: number;
  timestamp: number;
}

export interface TruthReorg {
  chainId: number;
  depth: number;
  /** Number of the last block kept (common ancestor). */
  ancestor: number;
  removedEvents: TruthEvent[];
}

export interface GroundTruth {
  scenario: string;
  chains: { chainId: number; rpcUrl: string; role: 'l1' | 'l2'; rollupId?: string }[];
  rollups: RollupDefinition[];
  events: TruthEvent[];
  batches: TruthBatch[];
  stateRoots: TruthStateRoot[];
  challenges: TruthChallenge[];
  bridgeMessages: TruthBridgeMessage[];
  forcedMessages: TruthForcedMessage[];
  l2Blocks: TruthL2Block[];
  reorgs: TruthReorg[];
  /** Expected metric values computed by plain independent code, keyed by a descriptive name. */
  expected: Record<string, unknown>;
}
