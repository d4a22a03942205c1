/**
 * state_roots and state_root_events from the legacy Rollup (NodeCreated / NodeConfirmed /
 * NodeRejected) and the BoLD Rollup (AssertionCreated / AssertionConfirmed).
 *
 * - kind ASSERTION for both generations; extra.protocol says which.
 * - rootIndex: node number (legacy) or assertion hash (BoLD); parentIndex: the parent assertion
 *   hash (BoLD; legacy events name the parent by hash only, kept in extra.parentNodeHash).
 * - root = l2BlockHash = the after-state global state's bytes32Vals[0] (the L2 block hash the
 *   assertion commits to); extra.sendRoot = bytes32Vals[1]; extra.afterBatch/afterPosInBatch =
 *   u64Vals (inbox position: batches fully executed = afterBatch when afterPosInBatch is 0).
 * - l2BlockNumber through ctx.l2.getBlockByHash when an L2 RPC is configured, else null.
 * - proposer = the transaction's sender (validators often stake through a wallet contract: the
 *   EOA behind it is what is recorded).
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog, RawTransaction } from '../types.ts';
import { machineStatus } from './constants.ts';
import type { decoders } from './events.ts';
import { json, lower, provenanceOf } from './rows.ts';

type Args<K extends keyof typeof decoders> = ReturnType<(typeof decoders)[K]>['args'];
export type StateRootRow = Facts['stateRoots'][number];
export type StateRootEventRow = Facts['stateRootEvents'][number];

const ZERO_HASH = `0x${'0'.repeat(64)}`;
const statusName = (s: number) => machineStatus[s] ?? `UNKNOWN_${s}`;

export function nodeCreatedRow(rollup: ArbitrumRollup, log: RawLog, e: Args<'NodeCreated'>, tx: RawTransaction): StateRootRow {
  const before = e.assertion.beforeState;
  const after = e.assertion.afterState;
  const blockHash = after.globalState.bytes32Vals[0];
  return {
    ...provenanceOf(rollup.l1ChainId, log),
    rollupId: rollup.id,
    kind: 'ASSERTION',
    rootIndex: e.nodeNum.toString(),
    parentIndex: null,
    root: blockHash,
    l2BlockNumber: null,
    l2BlockHash: blockHash,
    proposer: lower(tx.from),
    extra: json({
      protocol: 'legacy',
      nodeHash: e.nodeHash,
      parentNodeHash: e.parentNodeHash,
      executionHash: e.executionHash,
      sendRoot: after.globalState.bytes32Vals[1],
      afterBatch: after.globalState.u64Vals[0],
      afterPosInBatch: after.globalState.u64Vals[1],
      afterMachineStatus: statusName(after.machineStatus),
      beforeBlockHash: before.globalState.bytes32Vals[0],
      beforeBatch: before.globalState.u64Vals[0],
      beforePosInBatch: before.globalState.u64Vals[1],
      numBlocks: e.assertion.numBlocks,
      afterInboxBatchAcc: e.afterInboxBatchAcc,
      wasmModuleRoot: e.wasmModuleRoot,
      inboxMaxCount: e.inboxMaxCount,
    }) as Record<string, unknown>,
  };
}

export function assertionCreatedRow(rollup: ArbitrumRollup, log: RawLog, e: Args<'AssertionCreated'>, tx: RawTransaction): StateRootRow {
  const { beforeStateData, beforeState: before, afterState: after } = e.assertion;
  const blockHash = after.globalState.bytes32Vals[0];
  return {
    ...provenanceOf(rollup.l1ChainId, log),
    rollupId: rollup.id,
    kind: 'ASSERTION',
    rootIndex: e.assertionHash,
    parentIndex: e.parentAssertionHash,
    root: blockHash,
    l2BlockNumber: null,
    l2BlockHash: blockHash,
    proposer: lower(tx.from),
    extra: json({
      protocol: 'bold',
      sendRoot: after.globalState.bytes32Vals[1],
      afterBatch: after.globalState.u64Vals[0],
      afterPosInBatch: after.globalState.u64Vals[1],
      afterMachineStatus: statusName(after.machineStatus),
      endHistoryRoot: after.endHistoryRoot,
      beforeBlockHash: before.globalState.bytes32Vals[0],
      beforeBatch: before.globalState.u64Vals[0],
      beforePosInBatch: before.globalState.u64Vals[1],
      prevPrevAssertionHash: beforeStateData.prevPrevAssertionHash,
      sequencerBatchAcc: beforeStateData.sequencerBatchAcc,
      afterInboxBatchAcc: e.afterInboxBatchAcc,
      inboxMaxCount: e.inboxMaxCount,
      wasmModuleRoot: e.wasmModuleRoot,
      requiredStake: e.requiredStake,
      challengeManager: lower(e.challengeManager),
      confirmPeriodBlocks: e.confirmPeriodBlocks,
    }) as Record<string, unknown>,
  };
}

export function stateRootEvent(
  rollup: ArbitrumRollup, log: RawLog, rootIndex: string, status: string, extra?: Record<string, unknown>,
): StateRootEventRow {
  return {
    ...provenanceOf(rollup.l1ChainId, log),
    rollupId: rollup.id,
    kind: 'ASSERTION',
    rootIndex,
    status,
    extra: extra ? (json(extra) as Record<string, unknown>) : null,
  };
}

/** Fills l2BlockNumber from the L2 RPC (when configured); unknown hashes stay null. */
export async function resolveL2BlockNumbers(rows: StateRootRow[], ctx: DecodeContext): Promise<void> {
  const l2 = ctx.l2;
  if (!l2) return;
  const hashes = [...new Set(rows.map((r) => r.l2BlockHash).filter((h): h is string => !!h && h !== ZERO_HASH))];
  const found = new Map<string, number>();
  await Promise.all(hashes.map(async (h) => {
    const block = await l2.getBlockByHash(h as `0x${string}`);
    if (block) found.set(h, block.number);
  }));
  for (const row of rows) {
    if (row.l2BlockHash && found.has(row.l2BlockHash)) row.l2BlockNumber = found.get(row.l2BlockHash)!;
  }
}
