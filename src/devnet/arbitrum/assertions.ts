/**
 * State roots: BoLD assertions (AssertionCreated / AssertionConfirmed) and legacy nodes
 * (NodeCreated / NodeConfirmed / NodeRejected). An assertion "up to batch B" claims the state
 * after executing batches 0..B−1: globalState = [L2 block hash, send root] of the last L2 block
 * those batches carry, u64Vals = [B, 0], machine FINISHED.
 *
 * Truth: TruthStateRoot kind ASSERTION, index = assertion hash (BoLD) or node number (legacy),
 * root = the L2 block hash, l2BlockNumber, l1 = the creation log, statusChanges PROPOSED →
 * (CHALLENGED) → CONFIRMED | REJECTED, each at the log that caused it.
 */
import { concatHex, encodeAbiParameters, keccak256, parseAbiParameters, stringToHex, type Address, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { StateRootStatus, TruthRef, TruthStateRoot } from '../truth.ts';
import type { ArbitrumDeployment, AssertionRecord, AssertionStateArg, GlobalStateArg } from './deploy.ts';
import { readInboxState } from './batches.ts';
import { sendRootAt } from './withdrawals.ts';
import { oneEvent, refOfEvent } from './truth-helpers.ts';

const ZERO = `0x${'0'.repeat(64)}` as Hex;
const lower = (a: string) => a.toLowerCase() as Address;
const assertionStateParams = parseAbiParameters('((bytes32[2] bytes32Vals, uint64[2] u64Vals) globalState, uint8 machineStatus, bytes32 endHistoryRoot)');

/** RollupLib.assertionHash: keccak256(parent ‖ keccak256(abi.encode(afterState)) ‖ inboxAcc). */
export function assertionHash(parent: Hex, afterState: AssertionStateArg, inboxAcc: Hex): Hex {
  const stateHash = keccak256(encodeAbiParameters(assertionStateParams, [afterState as never]));
  return keccak256(concatHex([parent, stateHash, inboxAcc]));
}

/** L2 block reached after executing batches 0..batch−1 (the last block any of them carries). */
export function l2BlockAfterBatches(dep: ArbitrumDeployment, batch: bigint): number {
  let best = dep.params.l2GenesisBlock - 1;
  for (const b of dep.ctx.recorder.truth.batches) {
    if (b.rollupId === dep.rollupId && BigInt(b.batchNumber) < batch && b.l2BlockEnd >= b.l2BlockStart) best = Math.max(best, b.l2BlockEnd);
  }
  return best;
}

async function l2BlockHash(dep: ArbitrumDeployment, n: number): Promise<Hex> {
  const b = await dep.l2.rpc<{ hash: Hex } | null>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
  if (!b) throw new Error(`L2 block ${n} of ${dep.rollupId} does not exist`);
  return b.hash;
}

/** The honest global state after `batch` batches; `wrong` gives a rival's bogus block hash. */
export async function globalStateAfter(dep: ArbitrumDeployment, batch: bigint, wrong = false): Promise<{ gs: GlobalStateArg; l2Block: number }> {
  const l2Block = l2BlockAfterBatches(dep, batch);
  const blockHash = wrong ? keccak256(stringToHex(`bogus:${dep.rollupId}:${batch}`)) : await l2BlockHash(dep, l2Block);
  const sendRoot = await sendRootAt(dep, l2Block);
  return { gs: { bytes32Vals: [blockHash, sendRoot], u64Vals: [batch, 0n] }, l2Block };
}

function pushStatus(dep: ArbitrumDeployment, index: string, status: StateRootStatus, ref: TruthRef): void {
  const sr = dep.ctx.recorder.truth.stateRoots.find((s) => s.rollupId === dep.rollupId && s.index === index);
  if (!sr) throw new Error(`state root ${index} of ${dep.rollupId} not in the truth`);
  sr.statusChanges.push({ status, l1: ref });
}
export { pushStatus as recordStateRootStatus };

// ---------------------------------------------------------------- BoLD

export interface CreateAssertionOptions {
  account?: HDAccount;
  /** Batches the assertion covers (default: every batch posted). */
  batch?: bigint;
  /** Parent assertion (default: the honest tip). */
  parent?: Hex;
  /** A rival with a bogus L2 block hash (does not move the honest tip). */
  wrong?: boolean;
}

export async function createAssertion(dep: ArbitrumDeployment, opts: CreateAssertionOptions = {}): Promise<AssertionRecord> {
  const { ctx, addresses, abi } = dep;
  if (!addresses.boldRollup) throw new Error('createAssertion: no BoLD rollup deployed');
  const account = opts.account ?? dep.accounts.validator;
  const parent = dep.assertions.get(opts.parent ?? dep.honestTip!);
  if (!parent) throw new Error(`createAssertion: unknown parent ${opts.parent ?? dep.honestTip}`);
  const st = await readInboxState(dep);
  const batch = opts.batch ?? st.batchCount;
  const { gs, l2Block } = await globalStateAfter(dep, batch, opts.wrong);
  const afterState: AssertionStateArg = { globalState: gs, machineStatus: 1, endHistoryRoot: keccak256(concatHex([gs.bytes32Vals[0], stringToHex('history')])) };
  const afterInboxBatchAcc = batch > 0n
    ? ((await ctx.l1.public.readContract({ address: addresses.bridge, abi: abi.bridge, functionName: 'sequencerInboxAccs', args: [batch - 1n] })) as Hex)
    : ZERO;
  const expected = assertionHash(parent.hash, afterState, afterInboxBatchAcc);
  const inputs = {
    beforeStateData: {
      prevPrevAssertionHash: parent.parent,
      sequencerBatchAcc: parent.afterInboxBatchAcc,
      configData: {
        wasmModuleRoot: dep.params.wasmModuleRoot,
        requiredStake: dep.params.baseStakeWei,
        challengeManager: addresses.edgeChallengeManager!,
        confirmPeriodBlocks: dep.params.confirmPeriodBlocks,
        nextInboxPosition: parent.inboxMaxCount,
      },
    },
    beforeState: parent.afterState,
    afterState,
  };
  const staker = lower(account.address);
  const newStake = !dep.staked.bold.has(staker);
  let record: AssertionRecord | undefined;
  await ctx.write({
    account,
    address: addresses.boldRollup,
    abi: abi.boldRollup,
    functionName: newStake ? 'newStakeOnNewAssertion' : 'stakeOnNewAssertion',
    args: newStake ? [dep.params.baseStakeWei, inputs, expected, account.address] : [inputs, expected],
    build: (tx) => {
      const ev = oneEvent(tx.events, 'AssertionCreated', 'createAssertion');
      const hash = ev.args.assertionHash as Hex;
      if (hash !== expected) throw new Error(`AssertionCreated hash ${hash} differs from the locally computed ${expected}`);
      const ref = refOfEvent(ev);
      const sr: TruthStateRoot = {
        rollupId: dep.rollupId, kind: 'ASSERTION', index: hash, root: gs.bytes32Vals[0], l2BlockNumber: l2Block,
        l1: ref, proposer: tx.from, statusChanges: [{ status: 'PROPOSED', l1: ref }],
      };
      ctx.recorder.truth.stateRoots.push(sr);
      record = {
        hash, parent: parent.hash, prevPrev: parent.parent, afterState, afterInboxBatchAcc,
        inboxMaxCount: BigInt(ev.args.inboxMaxCount as string), l1Block: ref.blockNumber, l2Block, proposer: tx.from,
      };
      dep.assertions.set(hash, record);
      if (!opts.wrong) dep.honestTip = hash;
    },
  });
  dep.staked.bold.add(staker);
  return record!;
}

/** confirmAssertion after the confirm period; `winningEdgeId` when the assertion had a rival. */
export async function confirmAssertion(dep: ArbitrumDeployment, hash: Hex, opts: { winningEdgeId?: Hex; account?: HDAccount } = {}): Promise<TruthRef> {
  const a = dep.assertions.get(hash);
  if (!a) throw new Error(`confirmAssertion: unknown assertion ${hash}`);
  const parent = dep.assertions.get(a.parent)!;
  let ref: TruthRef | undefined;
  await dep.ctx.write({
    account: opts.account ?? dep.accounts.validator,
    address: dep.addresses.boldRollup!,
    abi: dep.abi.boldRollup,
    functionName: 'confirmAssertion',
    args: [
      hash, a.parent, a.afterState, opts.winningEdgeId ?? ZERO,
      { wasmModuleRoot: dep.params.wasmModuleRoot, requiredStake: dep.params.baseStakeWei, challengeManager: dep.addresses.edgeChallengeManager!, confirmPeriodBlocks: dep.params.confirmPeriodBlocks, nextInboxPosition: parent.inboxMaxCount },
      parent.afterInboxBatchAcc,
    ],
    build: (tx) => {
      ref = refOfEvent(oneEvent(tx.events, 'AssertionConfirmed', 'confirmAssertion'));
      pushStatus(dep, hash, 'CONFIRMED', ref);
    },
  });
  return ref!;
}

// ---------------------------------------------------------------- legacy

export interface CreateNodeOptions {
  account?: HDAccount;
  batch?: bigint;
  wrong?: boolean;
}

export async function createNode(dep: ArbitrumDeployment, opts: CreateNodeOptions = {}): Promise<number> {
  const { ctx, addresses, abi } = dep;
  if (!addresses.legacyRollup) throw new Error('createNode: no legacy rollup deployed');
  const account = opts.account ?? dep.accounts.validator;
  const staker = lower(account.address);
  const newStake = !dep.staked.legacy.has(staker);
  const parentNum = newStake
    ? Number(await ctx.l1.public.readContract({ address: addresses.legacyRollup, abi: abi.legacyRollup, functionName: 'latestConfirmed' }))
    : Number(await ctx.l1.public.readContract({ address: addresses.legacyRollup, abi: abi.legacyRollup, functionName: 'latestStakedNode', args: [account.address] }));
  const parent = dep.nodes.get(parentNum);
  const beforeGs: GlobalStateArg = parent?.afterState.globalState ?? { bytes32Vals: [ZERO, ZERO], u64Vals: [0n, 0n] };
  const st = await readInboxState(dep);
  const batch = opts.batch ?? st.batchCount;
  const { gs, l2Block } = await globalStateAfter(dep, batch, opts.wrong);
  const assertion = {
    beforeState: { globalState: beforeGs, machineStatus: 1 },
    afterState: { globalState: gs, machineStatus: 1 },
    numBlocks: BigInt(Math.max(0, l2Block - (parent?.l2Block ?? dep.params.l2GenesisBlock - 1))),
  };
  let nodeNum = 0;
  await ctx.write({
    account,
    address: addresses.legacyRollup,
    abi: abi.legacyRollup,
    functionName: newStake ? 'newStakeOnNewNode' : 'stakeOnNewNode',
    args: [assertion, ZERO, parent ? 0n : 0n],
    value: newStake ? dep.params.baseStakeWei : undefined,
    build: (tx) => {
      const ev = oneEvent(tx.events, 'NodeCreated', 'createNode');
      nodeNum = Number(ev.args.nodeNum);
      const ref = refOfEvent(ev);
      ctx.recorder.truth.stateRoots.push({
        rollupId: dep.rollupId, kind: 'ASSERTION', index: String(nodeNum), root: gs.bytes32Vals[0], l2BlockNumber: l2Block,
        l1: ref, proposer: tx.from, statusChanges: [{ status: 'PROPOSED', l1: ref }],
      });
      dep.nodes.set(nodeNum, { nodeNum, afterState: assertion.afterState, l2Block, staker, l1Block: ref.blockNumber });
      if (!opts.wrong) dep.legacyTip = nodeNum;
    },
  });
  dep.staked.legacy.add(staker);
  return nodeNum;
}

export async function confirmNextNode(dep: ArbitrumDeployment, opts: { account?: HDAccount } = {}): Promise<number> {
  const { ctx, addresses, abi } = dep;
  const next = Number(await ctx.l1.public.readContract({ address: addresses.legacyRollup!, abi: abi.legacyRollup, functionName: 'firstUnresolvedNode' }));
  const node = dep.nodes.get(next);
  if (!node) throw new Error(`confirmNextNode: node ${next} was not created by this driver`);
  await ctx.write({
    account: opts.account ?? dep.accounts.validator,
    address: addresses.legacyRollup!,
    abi: abi.legacyRollup,
    functionName: 'confirmNextNode',
    args: [node.afterState.globalState.bytes32Vals[0], node.afterState.globalState.bytes32Vals[1]],
    build: (tx) => pushStatus(dep, String(next), 'CONFIRMED', refOfEvent(oneEvent(tx.events, 'NodeConfirmed', 'confirmNextNode'))),
  });
  return next;
}

export async function rejectNextNode(dep: ArbitrumDeployment, opts: { account?: HDAccount; staker: Address }): Promise<number> {
  const { ctx, addresses, abi } = dep;
  const next = Number(await ctx.l1.public.readContract({ address: addresses.legacyRollup!, abi: abi.legacyRollup, functionName: 'firstUnresolvedNode' }));
  await ctx.write({
    account: opts.account ?? dep.accounts.validator,
    address: addresses.legacyRollup!,
    abi: abi.legacyRollup,
    functionName: 'rejectNextNode',
    args: [opts.staker],
    build: (tx) => pushStatus(dep, String(next), 'REJECTED', refOfEvent(oneEvent(tx.events, 'NodeRejected', 'rejectNextNode'))),
  });
  return next;
}
