/**
 * End to end on anvil: each ZK scenario drives the emulators, then every stack's decoder reads the
 * chain back and must reproduce the simulator's ground truth exactly (batches, roots, reverts,
 * forced messages with deadlines and inclusion, bridge messages).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Facts } from '../../stacks/types.ts';
import { zkSyncStack } from '../../stacks/zksync/index.ts';
import { scrollStack } from '../../stacks/scroll/index.ts';
import { lineaStack } from '../../stacks/linea/index.ts';
import { starknetStack } from '../../stacks/starknet/index.ts';
import type { RecordedTruth } from '../recorder.ts';
import { decodeFromChain } from './readBack.ts';
import { DEVNET_PRIORITY_EXPIRATION, DEVNET_SCROLL_WINDOW, runZkScenario, type ZkWorld } from './scenarios.ts';

type Decoded = Record<'zksync' | 'scroll' | 'linea' | 'starknet', Facts>;

async function decodeAll(w: ZkWorld): Promise<Decoded> {
  return {
    zksync: await decodeFromChain(w.ctx.l1, zkSyncStack, w.zksync.definition, { l2RpcUrl: w.zksync.l2RpcUrl }),
    scroll: await decodeFromChain(w.ctx.l1, scrollStack, w.scroll.definition),
    linea: await decodeFromChain(w.ctx.l1, lineaStack, w.linea.definition),
    starknet: await decodeFromChain(w.ctx.l1, starknetStack, w.starknet.definition),
  };
}

const sorted = (xs: string[]) => [...xs].sort();

/** Every fact of the truth for `rollupId` is decoded, and nothing else. */
function expectTruth(truth: RecordedTruth, rollupId: string, facts: Facts) {
  const batches = truth.batches.filter((b) => b.rollupId === rollupId);
  expect(facts.sequencerBatches).toHaveLength(batches.length);
  for (const b of batches) {
    const row = facts.sequencerBatches.find((r) => r.txHash === b.l1.txHash.toLowerCase() && r.logIndex === b.l1.logIndex);
    expect(row, `${rollupId} batch ${b.batchNumber}`).toBeDefined();
    expect(row).toMatchObject({
      batchNumber: b.batchNumber, blockNumber: b.l1.blockNumber, blockHash: b.l1.blockHash.toLowerCase(), blockTime: b.l1.timestamp,
      submitter: b.submitter, dataLocation: b.dataLocation, bytesPosted: b.bytesPosted, blobCount: b.blobCount,
    });
    if (row!.l2BlockEnd !== null) expect([row!.l2BlockStart, row!.l2BlockEnd]).toEqual([b.l2BlockStart, b.l2BlockEnd]);
    if (row!.l2TimeEnd !== null) expect([row!.l2TimeStart, row!.l2TimeEnd]).toEqual([b.l2TimeStart, b.l2TimeEnd]);
    if (b.delayedMessagesRead !== undefined) expect(row!.delayedMessagesRead).toBe(b.delayedMessagesRead);
  }
  const roots = truth.stateRoots.filter((r) => r.rollupId === rollupId);
  expect(sorted(facts.stateRoots.map((r) => `${r.kind}:${r.rootIndex}:${r.blockNumber}:${r.logIndex}:${r.root}:${r.proposer}`)))
    .toEqual(sorted(roots.map((r) => `${r.kind}:${r.index}:${r.l1.blockNumber}:${r.l1.logIndex}:${r.root.toLowerCase()}:${r.proposer}`)));
  for (const r of facts.stateRoots.filter((x) => x.l2BlockNumber !== null)) {
    const t = roots.find((x) => x.kind === r.kind && x.index === r.rootIndex && x.l1.txHash.toLowerCase() === r.txHash);
    expect(r.l2BlockNumber, `${r.kind} ${r.rootIndex}`).toBe(t!.l2BlockNumber);
  }
  expect(sorted(facts.stateRootEvents.map((e) => `${e.kind}:${e.rootIndex}:${e.status}:${e.txHash}`)))
    .toEqual(sorted(roots.flatMap((r) => r.statusChanges.map((s) => `${r.kind}:${r.index}:${s.status}:${s.l1.txHash.toLowerCase()}`))));
  const forced = truth.forcedMessages.filter((f) => f.rollupId === rollupId);
  expect(sorted(facts.forcedMessages.map((f) => `${f.queueIndex}:${f.txHash}:${f.logIndex}:${f.deadline}`)))
    .toEqual(sorted(forced.map((f) => `${f.queueIndex}:${f.enqueued.txHash.toLowerCase()}:${f.enqueued.logIndex}:${f.deadline === 0 ? null : f.deadline}`)));
  const bridge = truth.bridgeMessages.filter((m) => m.rollupId === rollupId);
  expect(sorted(facts.bridgeMessages.map((m) => `${m.direction}:${m.messageId}:${m.stage}:${m.txHash}:${m.logIndex}`)))
    .toEqual(sorted(bridge.flatMap((m) => Object.entries(m.stages).map(([stage, ref]) => `${m.direction}:${m.messageId}:${stage}:${ref!.txHash.toLowerCase()}:${ref!.logIndex}`))));
}

/** The inclusion rules the API applies, checked against the truth. */
function expectInclusions(truth: RecordedTruth, w: ZkWorld, d: Decoded) {
  for (const f of truth.forcedMessages.filter((x) => x.rollupId === w.zksync.definition.id)) {
    // zkSync: processed by the first execution (L1 order) whose priorityTxsProcessed exceeds the index.
    const exec = d.zksync.stateRoots
      .filter((r) => r.kind === 'ZK_EXECUTE' && BigInt((r.extra as { priorityTxsProcessed: string }).priorityTxsProcessed) > BigInt(f.queueIndex))
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)[0];
    expect(exec?.blockNumber, `zkSync priority tx ${f.queueIndex}`).toBe(f.included?.blockNumber);
  }
  for (const f of truth.forcedMessages.filter((x) => x.rollupId === w.scroll.definition.id)) {
    // Scroll: included by the first batch whose delayedMessagesRead (total L1 messages popped) exceeds the index.
    const batch = d.scroll.sequencerBatches
      .filter((b) => b.delayedMessagesRead !== null && BigInt(b.delayedMessagesRead!) > BigInt(f.queueIndex))
      .sort((a, b) => a.blockNumber - b.blockNumber || a.logIndex - b.logIndex)[0];
    expect(batch?.txHash, `Scroll message ${f.queueIndex}`).toBe(f.included?.txHash.toLowerCase());
    if (batch) expect(batch.forced).toBe(f.forced);
  }
}

describe.each(['zk-steady', 'zk-outage', 'zk-reverted-batch', 'zk-delayed-priority-queue'])('%s on anvil', (scenario) => {
  let w: ZkWorld;
  let d: Decoded;
  beforeAll(async () => {
    w = await runZkScenario(scenario);
    d = await decodeAll(w);
  }, 120_000);
  afterAll(async () => {
    await w?.ctx.stop();
  });

  it('decodes exactly the ground truth of every stack', () => {
    const truth = w.ctx.recorder.truth;
    expectTruth(truth, w.zksync.definition.id, d.zksync);
    expectTruth(truth, w.scroll.definition.id, d.scroll);
    expectTruth(truth, w.linea.definition.id, d.linea);
    expectTruth(truth, w.starknet.definition.id, d.starknet);
    expect(truth.batches.length).toBeGreaterThan(0);
    // The zkSync node answered every batch's L2 range.
    expect(d.zksync.sequencerBatches.every((b) => b.l2BlockEnd !== null && b.l2TimeEnd !== null)).toBe(true);
  });

  it('reproduces forced-message inclusion from the decoded facts', () => {
    expectInclusions(w.ctx.recorder.truth, w, d);
  });

  if (scenario === 'zk-reverted-batch') {
    it('marks reverted commits and proofs of both stacks', () => {
      expect(sorted(d.zksync.stateRootEvents.map((e) => `${e.kind}:${e.rootIndex}`))).toEqual(['ZK_COMMIT:1', 'ZK_COMMIT:2', 'ZK_PROOF:1']);
      expect(sorted(d.scroll.stateRootEvents.map((e) => `${e.kind}:${e.rootIndex}`))).toEqual(['ZK_COMMIT:2', 'ZK_COMMIT:3', 'ZK_COMMIT:4']);
    });
  }

  if (scenario === 'zk-delayed-priority-queue') {
    it('shows priority requests included after their deadline and a forced Scroll batch', () => {
      const truth = w.ctx.recorder.truth;
      const late = truth.forcedMessages.filter((f) => f.rollupId === w.zksync.definition.id);
      expect(late).toHaveLength(2);
      for (const f of late) expect(f.included!.timestamp).toBeGreaterThan(f.deadline);
      expect(d.zksync.forcedMessages.map((f) => f.windowSeconds)).toEqual([DEVNET_PRIORITY_EXPIRATION, DEVNET_PRIORITY_EXPIRATION]);
      expect(d.scroll.forcedMessages.map((f) => f.windowSeconds).sort()).toEqual([DEVNET_SCROLL_WINDOW, null]);
      expect(d.scroll.sequencerBatches.filter((b) => b.forced).map((b) => b.delayedMessagesRead)).toEqual(['2']);
      expect(d.scroll.parameterChanges.map((p) => p.value)).toEqual([{ enabled: true, lastCommittedBatchIndex: '1' }]);
    });
  }
});
