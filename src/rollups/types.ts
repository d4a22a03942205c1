/**
 * A rollup described as data (L2BEAT style): one definition per rollup, produced by its stack's
 * template. Mainnet definitions and devnet definitions (emitted by the simulator after it deploys
 * the emulator contracts) have the same shape; only the RPC URLs differ.
 */
export type Address = `0x${string}`;
export type Hex = `0x${string}`;

/** A contract whose meaning is bounded in L1 blocks (contracts change with upgrades). */
export interface TrackedContract {
  address: Address;
  /** First L1 block to index (deploy or activation block). */
  fromBlock: number;
  /** Last L1 block (inclusive) this contract is meaningful for, e.g. a legacy Rollup before BoLD. */
  toBlock?: number;
}

/**
 * Who can change the rollup's L1 contracts and how fast (read by src/stacks/governance, which also
 * watches every contract of `contracts`). Mainnet rollups get verified defaults from that module.
 */
export interface GovernanceSetup {
  /** Extra contracts to watch, by role: proxy admins, upgrade executors, timelocks, pausers (e.g. `superchainConfig`). */
  contracts?: Record<string, TrackedContract>;
  /** Upgrade delay in seconds before any timelock MinDelayChange is seen (default 0: instant upgrades). */
  upgradeDelaySeconds?: number;
  /** Someone (e.g. a Security Council) can upgrade without any delay: the exit window counts 0 s. */
  instantUpgradePath?: boolean;
}

interface RollupBase {
  /** Stable identifier used in the API and in every fact row, e.g. `arbitrum-one`. */
  id: string;
  name: string;
  l1ChainId: number;
  l2ChainId: number;
  /** First L1 block any of this rollup's sources needs. */
  startBlock: number;
  governance?: GovernanceSetup;
}

export interface ArbitrumRollup extends RollupBase {
  stack: 'arbitrum';
  /** Rollup data: calldata/blobs on L1 (`rollup`) or a data availability committee (`anytrust`). */
  dataAvailability: 'rollup' | 'anytrust';
  contracts: {
    sequencerInbox: TrackedContract;
    bridge: TrackedContract;
    inbox: TrackedContract;
    outbox: TrackedContract;
    /** Pre-BoLD Rollup (NodeCreated/NodeConfirmed/NodeRejected). */
    legacyRollup?: TrackedContract;
    legacyChallengeManager?: TrackedContract;
    /** BoLD Rollup (AssertionCreated/AssertionConfirmed). */
    boldRollup?: TrackedContract;
    edgeChallengeManager?: TrackedContract;
  };
  /** L2 block number of message index 0 (Arbitrum One: 22207817, the Nitro genesis). */
  l2GenesisBlock: number;
}

export interface OpStackRollup extends RollupBase {
  stack: 'opstack';
  contracts: {
    optimismPortal: TrackedContract;
    systemConfig: TrackedContract;
    l1StandardBridge?: TrackedContract;
    /** Legacy era (before fault proofs). */
    l2OutputOracle?: TrackedContract;
    /** Fault-proof era; game contracts are discovered from its DisputeGameCreated events. */
    disputeGameFactory?: TrackedContract;
  };
  /** Batches are txs from the batcher to this address. */
  batchInbox: Address;
  /** Batcher at startBlock; later changes follow SystemConfig ConfigUpdate(BATCHER). */
  initialBatcher: Address;
  genesis: { l1Block: number; l2Block: number; l2Time: number; blockTime: number };
  /** Sequencing window in L1 blocks (force-inclusion bound of deposits). */
  sequencingWindowBlocks: number;
  /** Beacon API base URL used to read blob contents (overridable by config). */
  beaconUrl?: string;
  /**
   * Batch-derivation parameters of the rollup config: channel timeout (L1 blocks, before Granite)
   * and fork activation times (unix seconds). Default: the Superchain mainnet values (OP Mainnet, Base).
   */
  derivation?: {
    channelTimeout?: number;
    forks?: { canyon?: number; delta?: number; ecotone?: number; fjord?: number; granite?: number; holocene?: number };
  };
}

/** ZK Stack (zkSync Era): one diamond proxy emits commits, proofs, executions and the priority queue. */
export interface ZkSyncRollup extends RollupBase {
  stack: 'zksync';
  contracts: {
    /** Diamond proxy: BlockCommit/BlocksVerification/BlockExecution/BlocksRevert/NewPriorityRequest. */
    diamondProxy: TrackedContract;
  };
  /** L1→L2 priority requests; their expirationTimestamp is the deadline (Era has no priority mode yet). */
  forcedPath: 'priority-queue';
}

/** Scroll: ScrollChain (batches) and the L1 message queues (V1, then V2 since EuclidV2). */
export interface ScrollRollup extends RollupBase {
  stack: 'scroll';
  contracts: {
    scrollChain: TrackedContract;
    l1MessageQueueV1: TrackedContract;
    l1MessageQueueV2?: TrackedContract;
  };
  /** Messages of the V2 queue unfinalized for maxDelayMessageQueue seconds let anyone commit+finalize (enforced batch mode). */
  forcedPath: 'enforced-batch-mode';
  /** SystemConfig.enforcedBatchParameters (seconds), in force for messages of the V2 queue. */
  enforcedBatchParameters: { maxDelayEnterEnforcedModeSeconds: number; maxDelayMessageQueueSeconds: number };
}

/** Linea: the LineaRollup contract (also the L1 message service). */
export interface LineaRollup extends RollupBase {
  stack: 'linea';
  contracts: { lineaRollup: TrackedContract };
  /** No force-inclusion path: L1→L2 messages (MessageSent) can be ignored by the sequencer. */
  forcedPath: 'none';
}

/** Starknet: the core contract (state updates and L1↔L2 messaging). */
export interface StarknetRollup extends RollupBase {
  stack: 'starknet';
  contracts: { core: TrackedContract };
  /** No force-inclusion path: L1→L2 messages can only be cancelled after a delay, not forced. */
  forcedPath: 'none';
}

export type RollupDefinition = ArbitrumRollup | OpStackRollup | ZkSyncRollup | ScrollRollup | LineaRollup | StarknetRollup;
export type Stack = RollupDefinition['stack'];
