/**
 * The state one OP Stack emulator instance shares between its actions (L2 blocks, batcher,
 * proposer/challenger, bridge), and how it sends transactions:
 * - L1 (automine, 12 s blocks): through the devnet context, which waits for the receipt and
 *   records the emulator events; facts are added by a FactBuilder so a reorg replay rebuilds them;
 * - L2 (automine off, blocks mined by l2.ts at grid timestamps): signed and queued; recorded (with
 *   their builder) when the block holding them is produced.
 * Invariant: the truth facts are built from the recorded tx (its events and refs) and from the
 * truth itself, never from counters kept here, so dropAfter + replayTx give the same facts.
 */
import { decodeEventLog, toEventSelector, type Abi, type AbiEvent, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { Address, OpStackRollup } from '../../rollups/types.ts';
import type { DevnetChain, DevnetContext } from '../context.ts';
import { jsonSafe, type FactBuilder, type RecordedTruth, type RecordedTx, type Recorder } from '../recorder.ts';
import type { TruthEvent } from '../truth.ts';
import { loadArtifact } from '../compile.ts';
import type { OutputRootProof, WithdrawalTransaction } from './protocol.ts';

export interface OpParams {
  sequencingWindowBlocks: number;
  /** L2 block time, seconds (2 on OP Mainnet and Base). */
  l2BlockTime: number;
  proofMaturityDelaySeconds: number;
  disputeGameFinalityDelaySeconds: number;
  finalizationPeriodSeconds: number;
  /** L2OutputOracle submission interval, in L2 blocks. */
  submissionInterval: number;
  gameType: number;
  maxGameDepth: number;
  splitDepth: number;
  maxClockDuration: number;
  clockExtension: number;
  initBondWei: bigint;
}

export interface OpAccounts {
  /** Deploys everything; owner of SystemConfig and the factory, admin of the portal proxy, guardian. */
  owner: HDAccount;
  /** Batchers in order of use: batchers[0] is the initial batcher, changeBatcher() moves to the next. */
  batchers: HDAccount[];
  proposer: HDAccount;
  challenger: HDAccount;
  /** L1 and L2 users (same keys on both chains). */
  users: HDAccount[];
}

export interface OpAddresses {
  systemConfig: Address;
  /** The portal proxy (same address in both eras). */
  optimismPortal: Address;
  l1CrossDomainMessenger: Address;
  l1StandardBridge: Address;
  l2OutputOracle?: Address;
  disputeGameFactory?: Address;
  /** Game configuration instance registered with the factory for params.gameType. */
  faultDisputeGameImpl?: Address;
  /** ERC20 used by bridge scenarios, and the L2 token it is paired with. */
  testToken: Address;
  testTokenL2: Address;
  batchInbox: Address;
}

/** An L2 block produced by the emulator. */
export interface OpL2Block {
  number: number;
  hash: Hex;
  parentHash: Hex;
  timestamp: number;
  stateRoot: Hex;
  l1Origin: { number: number; hash: Hex; timestamp: number };
  /** Position in its epoch (0 = first L2 block of that L1 origin). */
  sequenceNumber: number;
  /** Signed EIP-2718 transactions of the block, in order. */
  transactions: Hex[];
}

export interface OpGameClaim {
  parentIndex: number;
  position: bigint;
  claim: Hex;
  claimant: Address;
}

export interface OpGame {
  /** Index in DisputeGameFactory.gameAtIndex. */
  index: number;
  address: Address;
  gameType: number;
  l2BlockNumber: number;
  rootClaim: Hex;
  /** Whether the root claim is the true output root of l2BlockNumber. */
  valid: boolean;
  claims: OpGameClaim[];
  status: 'IN_PROGRESS' | 'CHALLENGER_WINS' | 'DEFENDER_WINS';
  createdAt: number;
  resolvedAt?: number;
}

export interface OpOutput {
  index: number;
  l2BlockNumber: number;
  outputRoot: Hex;
  valid: boolean;
  l1Timestamp: number;
  deleted: boolean;
}

export interface OpWithdrawal {
  withdrawalHash: Hex;
  tx: WithdrawalTransaction;
  kind: 'ETH' | 'PORTAL';
  /** L2 block that holds the initiating tx. */
  l2Block: number;
  proven?: { gameIndex?: number; outputIndex?: number; proofSubmitter: Address; outputRootProof: OutputRootProof; at: number };
  finalized?: boolean;
}

export interface OpState {
  id: string;
  ctx: DevnetContext;
  l1: DevnetChain;
  l2: DevnetChain;
  recorder: Recorder;
  truth: RecordedTruth;
  params: OpParams;
  accounts: OpAccounts;
  addresses: OpAddresses;
  /** The live definition (also in truth.rollups); l2OutputOracle.toBlock and disputeGameFactory change on upgrade. */
  definition: OpStackRollup;
  era: 'legacy' | 'faultProofs';
  /** Produced L2 blocks after genesis, in order (number = genesis.l2Block + 1 + position). */
  l2Blocks: OpL2Block[];
  /** Signed L2 txs waiting for the next produced block, with the builder to run once mined. */
  pendingL2Txs: { hash: Hex; raw: Hex; build?: FactBuilder }[];
  l2Nonces: Map<string, number>;
  batcher: { index: number; nextL2Block: number };
  outputs: OpOutput[];
  games: OpGame[];
  withdrawals: OpWithdrawal[];
}

export function abiOf(artifact: string): Abi {
  return loadArtifact(artifact).abi as Abi;
}

export const lower = (a: string): Address => a.toLowerCase() as Address;

/** An L1 contract call through the context (recorded; `build` adds the facts). */
export function writeL1(
  s: OpState,
  account: HDAccount,
  call: { address: Address; artifact: string; functionName: string; args?: readonly unknown[]; value?: bigint; gas?: bigint },
  build?: FactBuilder,
): Promise<RecordedTx> {
  return s.ctx
    .write({ account, address: call.address, abi: abiOf(call.artifact), functionName: call.functionName, args: call.args, value: call.value, gas: call.gas, build })
    .catch((e: unknown) => {
      throw new Error(`[opstack ${s.id}] ${call.artifact}.${call.functionName} from ${account.address} failed: ${shortError(e)}`, { cause: e });
    });
}

export function shortError(e: unknown): string {
  const err = e as { shortMessage?: string; message?: string; metaMessages?: string[] };
  const reason = err.metaMessages?.find((m) => /reverted|reason/i.test(m));
  return [err.shortMessage ?? String(err.message ?? e).split('\n')[0], reason].filter(Boolean).join(' ');
}

/** Signs an L2 tx and queues it for the next produced L2 block. Returns its hash. */
export async function queueL2(
  s: OpState,
  from: HDAccount,
  tx: { to: Address; data?: Hex; value?: bigint; gas?: bigint },
  build?: FactBuilder,
): Promise<Hex> {
  const key = from.address.toLowerCase();
  let nonce = s.l2Nonces.get(key);
  if (nonce === undefined) nonce = await s.l2.public.getTransactionCount({ address: from.address, blockTag: 'pending' });
  const block = await s.l2.public.getBlock();
  const baseFee = block.baseFeePerGas ?? 1_000_000_000n;
  let gas = tx.gas;
  if (gas === undefined) {
    const est = await s.l2.public.estimateGas({ account: from.address, to: tx.to, data: tx.data, value: tx.value });
    gas = est + est / 2n + 50_000n;
  }
  const raw = await from.signTransaction({
    chainId: s.l2.chainId,
    type: 'eip1559',
    to: tx.to,
    data: tx.data,
    value: tx.value ?? 0n,
    gas,
    nonce,
    maxFeePerGas: baseFee * 2n + 1_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n,
  });
  const hash = await s.l2.rpc<Hex>('eth_sendRawTransaction', [raw]);
  s.l2Nonces.set(key, nonce + 1);
  s.pendingL2Txs.push({ hash, raw, build });
  return hash;
}

/**
 * Events of `tx` emitted by `address` (lowercase compare) with the given name. In counts-only mode
 * (recorder keepEvents=false) the recorded tx carries no decoded events: the receipt's logs are
 * decoded here with the OP emulator ABIs instead, so the facts are the same in both modes.
 */
export function eventsOf(tx: RecordedTx, name: string, address?: string): TruthEvent[] {
  const events = tx.events.length > 0 || tx.receipt.logs.length === 0 ? tx.events : decodeReceipt(tx);
  return events.filter((e) => e.eventName === name && (!address || e.address.toLowerCase() === address.toLowerCase()));
}

const OP_ARTIFACTS = [
  'OptimismPortal', 'OptimismPortal2', 'L2OutputOracle', 'DisputeGameFactory', 'FaultDisputeGame', 'SystemConfig',
  'L1CrossDomainMessenger', 'L1StandardBridge', 'L2ToL1MessagePasser', 'L2CrossDomainMessenger', 'L2StandardBridge',
];
let opEvents: Map<string, AbiEvent> | undefined;

function decodeReceipt(tx: RecordedTx): TruthEvent[] {
  if (!opEvents) {
    opEvents = new Map();
    for (const name of OP_ARTIFACTS) for (const item of abiOf(name)) if (item.type === 'event') opEvents.set(toEventSelector(item), item);
  }
  const out: TruthEvent[] = [];
  for (const log of tx.receipt.logs) {
    const abi = log.topics[0] ? opEvents.get(log.topics[0]) : undefined;
    if (!abi) continue;
    const d = decodeEventLog({ abi: [abi], data: log.data, topics: log.topics as [Hex, ...Hex[]] });
    out.push({ ...tx.ref, logIndex: Number(log.logIndex), address: lower(log.address), topic0: log.topics[0]!, eventName: abi.name, args: jsonSafe(d.args) as Record<string, unknown> });
  }
  return out;
}
