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
 * - l2BlockNumber through ctx.l2.getBlockByHash when an L2 RPC is configured. Every message makes
 *   exactly one L2 block, so the L2 block an assertion reaches is a function of its inbox position
 *   (afterBatch, afterPosInBatch): a root whose hash the L2 does not know (a rival's bogus claim)
 *   gets the block of an earlier-resolved root at the same position (decoder state). Else null.
 * - BoLD genesis (parentAssertionHash 0): the rollup is initialized with it as latest confirmed and
 *   emits no AssertionConfirmed, so its creation log also gives its CONFIRMED event.
 * - challenges (both generations) get, from decoder state, the disputed root's L2 block and, for
 *   legacy challenges (whose event names the node only), its root.
 * - proposer = the transaction's sender (validators often stake through a wallet contract: the
 *   EOA behind it is what is recorded).
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog, RawTransaction } from '../types.ts';
import { machineStatus } from './constants.ts';
import type { decoders } from './events.ts';
import type { Memo } from './memo.ts';
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
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
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
  });
}

export function assertionCreatedRow(rollup: ArbitrumRollup, log: RawLog, e: Args<'AssertionCreated'>, tx: RawTransaction): StateRootRow {
  const { beforeStateData, beforeState: before, afterState: after } = e.assertion;
  const blockHash = after.globalState.bytes32Vals[0];
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
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
  });
}

export function stateRootEvent(
  rollup: ArbitrumRollup, log: RawLog, rootIndex: string, status: string, extra?: Record<string, unknown>,
): StateRootEventRow {
  return Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    kind: 'ASSERTION',
    rootIndex,
    status,
    extra: extra ? (json(extra) as Record<string, unknown>) : null,
  });
}

/** Fills l2BlockNumber from the L2 RPC (when configured); unknown hashes stay null. */
async function resolveByHash(rows: StateRootRow[], ctx: DecodeContext): Promise<void> {
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

const positionKey = (row: StateRootRow) => {
  const x = row.extra as { afterBatch?: string; afterPosInBatch?: string } | null;
  return x?.afterBatch === undefined ? undefined : `l2-block-at:${x.afterBatch}:${x.afterPosInBatch ?? '0'}`;
};
const rootKey = (rootIndex: string) => `root:${rootIndex}`;
interface RootMemo { root: string; l2BlockNumber: number | null }

/**
 * After a range's rows are built: L2 block numbers of its state roots (by hash, else by inbox
 * position), remembered per root index; then the disputed roots' L2 block (and legacy root) of
 * its challenges. Rows are in log order, so a rival created after its sibling in the same range
 * sees the sibling's position.
 */
export async function resolveL2Blocks(facts: Facts, ctx: DecodeContext, memo: Memo): Promise<void> {
  await resolveByHash(facts.stateRoots, ctx);
  for (const row of facts.stateRoots) {
    const pos = positionKey(row);
    if (pos !== undefined) {
      if (row.l2BlockNumber != null) await memo.set(pos, row.l2BlockNumber);
      else row.l2BlockNumber = (await memo.get<number>(pos)) ?? null;
    }
    await memo.set(rootKey(row.rootIndex), { root: row.root, l2BlockNumber: row.l2BlockNumber ?? null } satisfies RootMemo);
  }
  for (const c of facts.challenges) {
    if (!c.rootIndex) continue;
    const r = await memo.get<RootMemo>(rootKey(c.rootIndex));
    if (!r) continue;
    c.l2BlockNumber ??= r.l2BlockNumber;
    c.disputedRoot ??= r.root;
  }
}
