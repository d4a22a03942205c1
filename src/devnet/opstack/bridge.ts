/**
 * Deposits (L1 → L2) through the portal or the L1StandardBridge, and withdrawals (L2 → L1):
 * initiated on the L2 (L2ToL1MessagePasser directly, or L2StandardBridge → L2CrossDomainMessenger),
 * proven on L1 against a dispute game (OptimismPortal2) or an L2 output (legacy portal), and
 * finalized once the portal's delays have passed.
 *
 * Truth recorded (the indexer must reproduce it):
 * - Every TransactionDeposited log of the portal is
 *   · a TruthForcedMessage: queueIndex = 0-based order of the rollup's TransactionDeposited logs
 *     (L1 block, log index); enqueued = that log; deadline = its L1 time + sequencingWindowBlocks × 12;
 *     included/forced: see batcher.ts (first batch row after it; forced if past the deadline);
 *   · a DEPOSIT TruthBridgeMessage: messageId = the L2 deposit tx's source hash
 *     keccak256(bytes32(0) ++ keccak256(l1BlockHash ++ bytes32(logIndex))); INITIATED = that log,
 *     INCLUDED = the including batch row's tx; kind/from/to/amount/token:
 *       ERC20  (ERC20DepositInitiated of the L1StandardBridge in the same tx): its from, to, amount, l1Token;
 *       ETH    (ETHDepositInitiated of the L1StandardBridge in the same tx): its from, to, amount;
 *       PORTAL (depositTransaction called directly): TransactionDeposited from (aliased if a contract
 *              called), to, amount = mint (first 32 bytes of opaqueData).
 * - Every MessagePassed log of the L2ToL1MessagePasser is a WITHDRAWAL TruthBridgeMessage:
 *   messageId = withdrawalHash; INITIATED = that L2 log; PROVEN = the first WithdrawalProven log for
 *   it on L1; FINALIZED = its WithdrawalFinalized log. kind ETH when the L2StandardBridge initiated
 *   it (from/to/amount = the bridge's WithdrawalInitiated; on L1 also ETHWithdrawalFinalized at
 *   finalization), else PORTAL (from = sender, to = target, amount = value).
 * All addresses lowercase, amounts decimal wei strings.
 */
import { encodeFunctionData, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { Address } from '../../rollups/types.ts';
import type { RecordedTx } from '../recorder.ts';
import { refOf } from '../recorder.ts';
import type { TruthBridgeMessage } from '../truth.ts';
import { produceL2Blocks } from './l2.ts';
import { outputRootProofAt } from './proposals.ts';
import {
  L2_STANDARD_BRIDGE,
  L2_TO_L1_MESSAGE_PASSER,
  LEGACY_ERC20_ETH,
  depositDeadline,
  depositSourceHash,
  outputRootOf,
  withdrawalHashOf,
  type WithdrawalTransaction,
} from './protocol.ts';
import { abiOf, eventsOf, lower, queueL2, writeL1, type OpGame, type OpOutput, type OpState, type OpWithdrawal } from './state.ts';

export interface DepositETHArgs {
  /** 'portal': OptimismPortal.depositTransaction; 'bridge': L1StandardBridge.depositETH(To). */
  via: 'portal' | 'bridge';
  amount: bigint;
  from?: HDAccount;
  /** L2 recipient (default: the sender). */
  to?: Address;
}

export interface DepositResult {
  tx: RecordedTx;
  /** L2 deposit source hash (= the bridge message id). */
  sourceHash: Hex;
  queueIndex: number;
}

export async function depositETH(s: OpState, args: DepositETHArgs): Promise<DepositResult> {
  const from = args.from ?? s.accounts.users[0]!;
  const to = args.to ?? lower(from.address);
  const tx =
    args.via === 'portal'
      ? await writeL1(
          s,
          from,
          { address: s.addresses.optimismPortal, artifact: 'OptimismPortal2', functionName: 'depositTransaction', args: [to, args.amount, 100_000n, false, '0x'], value: args.amount },
          (t) => buildDeposits(s, t),
        )
      : await writeL1(
          s,
          from,
          { address: s.addresses.l1StandardBridge, artifact: 'L1StandardBridge', functionName: 'depositETHTo', args: [to, 200_000, '0x'], value: args.amount },
          (t) => buildDeposits(s, t),
        );
  return depositResult(s, tx);
}

export async function depositERC20(s: OpState, args: { amount: bigint; from?: HDAccount; to?: Address }): Promise<DepositResult> {
  const from = args.from ?? s.accounts.users[0]!;
  const token = s.addresses.testToken;
  await writeL1(s, from, { address: token, artifact: 'OpTestToken', functionName: 'mint', args: [from.address, args.amount] });
  await writeL1(s, from, { address: token, artifact: 'OpTestToken', functionName: 'approve', args: [s.addresses.l1StandardBridge, args.amount] });
  const tx = await writeL1(
    s,
    from,
    {
      address: s.addresses.l1StandardBridge,
      artifact: 'L1StandardBridge',
      functionName: 'depositERC20To',
      args: [token, s.addresses.testTokenL2, args.to ?? from.address, args.amount, 200_000, '0x'],
    },
    (t) => buildDeposits(s, t),
  );
  return depositResult(s, tx);
}

function depositResult(s: OpState, tx: RecordedTx): DepositResult {
  const ev = eventsOf(tx, 'TransactionDeposited', s.addresses.optimismPortal)[0];
  if (!ev) throw new Error(`[opstack ${s.id}] deposit tx ${tx.hash} emitted no TransactionDeposited`);
  const sourceHash = depositSourceHash(tx.ref.blockHash, ev.logIndex);
  const forced = s.truth.forcedMessages.find((f) => f.rollupId === s.id && f.enqueued.txHash === tx.hash && f.enqueued.logIndex === ev.logIndex);
  return { tx, sourceHash, queueIndex: Number(forced?.queueIndex ?? -1) };
}

function buildDeposits(s: OpState, tx: RecordedTx): void {
  const erc20 = eventsOf(tx, 'ERC20DepositInitiated', s.addresses.l1StandardBridge);
  const eth = eventsOf(tx, 'ETHDepositInitiated', s.addresses.l1StandardBridge);
  eventsOf(tx, 'TransactionDeposited', s.addresses.optimismPortal).forEach((ev, i) => {
    const enqueued = refOf(tx, ev.logIndex);
    const queueIndex = s.truth.forcedMessages.filter((f) => f.rollupId === s.id).length;
    s.truth.forcedMessages.push({
      rollupId: s.id,
      queueIndex: String(queueIndex),
      enqueued,
      deadline: depositDeadline(enqueued.timestamp, s.definition.sequencingWindowBlocks),
      forced: false,
    });
    const message: TruthBridgeMessage = {
      rollupId: s.id,
      direction: 'DEPOSIT',
      kind: 'PORTAL',
      messageId: depositSourceHash(tx.ref.blockHash, ev.logIndex),
      stages: { INITIATED: enqueued },
    };
    const e = erc20[i];
    const b = eth[i];
    if (e) {
      Object.assign(message, { kind: 'ERC20', from: lower(e.args.from as string), to: lower(e.args.to as string), amount: String(e.args.amount), token: lower(e.args.l1Token as string) });
    } else if (b) {
      Object.assign(message, { kind: 'ETH', from: lower(b.args.from as string), to: lower(b.args.to as string), amount: String(b.args.amount) });
    } else {
      const opaque = ev.args.opaqueData as Hex;
      Object.assign(message, { from: lower(ev.args.from as string), to: lower(ev.args.to as string), amount: BigInt(opaque.slice(0, 66)).toString() });
    }
    s.truth.bridgeMessages.push(message);
  });
}

// ---------------------------------------------------------------------------------------------
// Withdrawals

export interface InitiateWithdrawalArgs {
  /** 'portal': L2ToL1MessagePasser.initiateWithdrawal; 'bridge': L2StandardBridge.withdrawTo (ETH). */
  via: 'portal' | 'bridge';
  amount: bigint;
  from?: HDAccount;
  /** L1 recipient (default: the sender). */
  to?: Address;
}

/** Sends the L2 tx and produces the L2 block holding it. */
export async function initiateWithdrawal(s: OpState, args: InitiateWithdrawalArgs): Promise<OpWithdrawal> {
  const from = args.from ?? s.accounts.users[0]!;
  const to = args.to ?? lower(from.address);
  let captured: OpWithdrawal | undefined;
  const build = (t: RecordedTx) => {
    const w = buildWithdrawalInitiated(s, t);
    if (w) captured = w;
  };
  if (args.via === 'portal') {
    const data = encodeFunctionData({ abi: abiOf('L2ToL1MessagePasser'), functionName: 'initiateWithdrawal', args: [to, 100_000n, '0x'] });
    await queueL2(s, from, { to: L2_TO_L1_MESSAGE_PASSER, data, value: args.amount }, build);
  } else {
    const data = encodeFunctionData({ abi: abiOf('L2StandardBridge'), functionName: 'withdrawTo', args: [LEGACY_ERC20_ETH, to, args.amount, 200_000, '0x'] });
    await queueL2(s, from, { to: L2_STANDARD_BRIDGE, data, value: args.amount }, build);
  }
  const [block] = await produceL2Blocks(s, { count: 1 });
  if (!captured) throw new Error(`[opstack ${s.id}] the withdrawal tx in L2 block ${block!.number} emitted no MessagePassed`);
  captured.l2Block = block!.number;
  s.withdrawals.push(captured);
  return captured;
}

function buildWithdrawalInitiated(s: OpState, tx: RecordedTx): OpWithdrawal | undefined {
  let last: OpWithdrawal | undefined;
  const bridged = eventsOf(tx, 'WithdrawalInitiated', L2_STANDARD_BRIDGE);
  eventsOf(tx, 'MessagePassed', L2_TO_L1_MESSAGE_PASSER).forEach((ev, i) => {
    const w: WithdrawalTransaction = {
      nonce: BigInt(ev.args.nonce as string),
      sender: lower(ev.args.sender as string),
      target: lower(ev.args.target as string),
      value: BigInt(ev.args.value as string),
      gasLimit: BigInt(ev.args.gasLimit as string),
      data: ev.args.data as Hex,
    };
    const withdrawalHash = ev.args.withdrawalHash as Hex;
    if (withdrawalHashOf(w) !== withdrawalHash) {
      throw new Error(`[opstack ${s.id}] MessagePassed hash ${withdrawalHash} does not match Hashing.hashWithdrawal of its fields`);
    }
    const b = bridged[i];
    s.truth.bridgeMessages.push({
      rollupId: s.id,
      direction: 'WITHDRAWAL',
      kind: b ? 'ETH' : 'PORTAL',
      messageId: withdrawalHash,
      from: b ? lower(b.args.from as string) : w.sender,
      to: b ? lower(b.args.to as string) : w.target,
      amount: b ? String(b.args.amount) : w.value.toString(),
      stages: { INITIATED: refOf(tx, ev.logIndex) },
    });
    last = { withdrawalHash, tx: w, kind: b ? 'ETH' : 'PORTAL', l2Block: Number(tx.ref.blockNumber) };
  });
  return last;
}

export interface ProveWithdrawalArgs {
  /** Fault-proof era: the game to prove against (default: the latest valid, unresolved-or-won game covering the withdrawal). */
  game?: OpGame;
  /** Legacy era: the output to prove against (default: the first live valid output covering it). */
  output?: OpOutput;
  /** Proof submitter (default: the withdrawal's L1 recipient when it is a user, else users[0]). */
  from?: HDAccount;
}

export async function proveWithdrawal(s: OpState, w: OpWithdrawal, args: ProveWithdrawalArgs = {}): Promise<RecordedTx> {
  const from = args.from ?? s.accounts.users.find((u) => lower(u.address) === w.tx.target) ?? s.accounts.users[0]!;
  let disputedIndex: bigint;
  let l2Block: number;
  let expectedRoot: Hex;
  let where: { gameIndex?: number; outputIndex?: number };
  if (s.era === 'faultProofs') {
    const game =
      args.game ??
      [...s.games].reverse().find((g) => g.valid && g.status !== 'CHALLENGER_WINS' && g.gameType === s.params.gameType && g.l2BlockNumber >= w.l2Block);
    if (!game) throw new Error(`[opstack ${s.id}] no valid game covers L2 block ${w.l2Block}: create one first`);
    disputedIndex = BigInt(game.index);
    l2Block = game.l2BlockNumber;
    expectedRoot = game.rootClaim;
    where = { gameIndex: game.index };
  } else {
    const output = args.output ?? s.outputs.find((o) => o.valid && !o.deleted && o.l2BlockNumber >= w.l2Block);
    if (!output) throw new Error(`[opstack ${s.id}] no live valid output covers L2 block ${w.l2Block}: propose one first`);
    disputedIndex = BigInt(output.index);
    l2Block = output.l2BlockNumber;
    expectedRoot = output.outputRoot;
    where = { outputIndex: output.index };
  }
  const proof = await outputRootProofAt(s, l2Block);
  if (outputRootOf(proof) !== expectedRoot) {
    throw new Error(`[opstack ${s.id}] the root ${expectedRoot} proven against is not the output root of L2 block ${l2Block}`);
  }
  const tx = await writeL1(
    s,
    from,
    {
      address: s.addresses.optimismPortal,
      artifact: s.era === 'faultProofs' ? 'OptimismPortal2' : 'OptimismPortal',
      functionName: 'proveWithdrawalTransaction',
      args: [w.tx, disputedIndex, proof, []],
    },
    (t) => {
      for (const ev of eventsOf(t, 'WithdrawalProven', s.addresses.optimismPortal)) {
        const m = findWithdrawal(s, ev.args.withdrawalHash as Hex);
        if (m && !m.stages.PROVEN) m.stages.PROVEN = refOf(t, ev.logIndex);
      }
    },
  );
  w.proven = { ...where, proofSubmitter: lower(from.address), outputRootProof: proof, at: tx.ref.timestamp };
  return tx;
}

/** L1 time from which finalizeWithdrawal succeeds (portal checks are strict `>`). */
export function withdrawalFinalizableAt(s: OpState, w: OpWithdrawal): number {
  if (!w.proven) throw new Error(`[opstack ${s.id}] withdrawal ${w.withdrawalHash} is not proven`);
  if (w.proven.gameIndex !== undefined) {
    const game = s.games.find((g) => g.index === w.proven!.gameIndex)!;
    if (game.resolvedAt === undefined) throw new Error(`[opstack ${s.id}] game ${game.address} is not resolved yet`);
    return Math.max(w.proven.at + s.params.proofMaturityDelaySeconds, game.resolvedAt + s.params.disputeGameFinalityDelaySeconds) + 1;
  }
  const output = s.outputs.find((o) => o.index === w.proven!.outputIndex)!;
  return Math.max(w.proven.at, output.l1Timestamp) + s.params.finalizationPeriodSeconds + 1;
}

export async function finalizeWithdrawal(s: OpState, w: OpWithdrawal): Promise<RecordedTx> {
  if (!w.proven) throw new Error(`[opstack ${s.id}] finalizeWithdrawal: withdrawal ${w.withdrawalHash} is not proven`);
  const from = s.accounts.users.find((u) => lower(u.address) === w.proven!.proofSubmitter) ?? s.accounts.users[0]!;
  const tx = await writeL1(
    s,
    from,
    {
      address: s.addresses.optimismPortal,
      artifact: s.era === 'faultProofs' ? 'OptimismPortal2' : 'OptimismPortal',
      functionName: 'finalizeWithdrawalTransaction',
      args: [w.tx],
    },
    (t) => {
      for (const ev of eventsOf(t, 'WithdrawalFinalized', s.addresses.optimismPortal)) {
        const m = findWithdrawal(s, ev.args.withdrawalHash as Hex);
        if (m) m.stages.FINALIZED = refOf(t, ev.logIndex);
      }
    },
  );
  w.finalized = true;
  return tx;
}

function findWithdrawal(s: OpState, hash: Hex): TruthBridgeMessage | undefined {
  return s.truth.bridgeMessages.find((m) => m.rollupId === s.id && m.direction === 'WITHDRAWAL' && m.messageId === hash.toLowerCase());
}
