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

interface RollupBase {
  /** Stable identifier used in the API and in every fact row, e.g. `arbitrum-one`. */
  id: string;
  name: string;
  l1ChainId: number;
  l2ChainId: number;
  /** First L1 block any of this rollup's sources needs. */
  startBlock: number;
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
}

export type RollupDefinition = ArbitrumRollup | OpStackRollup;
export type Stack = RollupDefinition['stack'];
