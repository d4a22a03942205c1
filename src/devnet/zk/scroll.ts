/**
 * Scroll simulator on ScrollChainEmulator + two message queues (V1, V2): codec v4 commits with
 * chunks in calldata, codec v7 multi-batch commits (one blob per batch), bundle finalization,
 * both revert overloads, QueueTransaction messages, enforced mode and a forced commit.
 */
import { keccak256, toHex, type Hex } from 'viem';
import type { Address, ScrollRollup } from '../../rollups/types.ts';
import { encodeChunk, encodeLegacyBatchHeader } from '../../stacks/scroll/calldata.ts';
import { scrollAbi } from '../../stacks/scroll/index.ts';
import type { DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import type { TruthStateRoot } from '../truth.ts';
import { eventRef, fillerBlobs, l2Model, share, word, zkAccounts, type L2Model } from './common.ts';

export interface ScrollSim {
  definition: ScrollRollup;
  l2: L2Model;
  /** Codec v4 commit of one batch: chunks of `blocksPerChunk` blocks; `l1Messages` popped in its first block. */
  commitV4(blocksPerChunk: number[], l1Messages?: number): Promise<void>;
  /** Codec v7 commit of `count` batches (one blob each) of `blocksPerBatch` blocks. */
  commitV7(count: number, blocksPerBatch?: number): Promise<void>;
  /** EuclidV2 bundle finalization (finalizeBundlePostEuclidV2) up to `toBatch`. */
  finalize(toBatch: number, totalL1MessagesPopped: number): Promise<void>;
  /** Darwin bundle finalization (finalizeBundleWithProof, codec v4 header) up to `toBatch`. */
  finalizeLegacy(toBatch: number): Promise<void>;
  revertLegacy(fromBatch: number): Promise<void>;
  revertRange(keepBatch: number): Promise<void>;
  queueMessage(queue: 'V1' | 'V2'): Promise<void>;
  setEnforcedMode(enabled: boolean): Promise<void>;
  /** Anyone commits and finalizes one v7 batch in enforced mode (the forced path). */
  forceCommitAndFinalize(totalL1MessagesPopped: number): Promise<void>;
  state: { committed: number; finalized: number; popped: number; queued: number };
}

export async function createScrollSim(ctx: DevnetContext, opts: { id?: string; maxDelayMessageQueueSeconds?: number } = {}): Promise<ScrollSim> {
  const a = zkAccounts(ctx);
  const id = opts.id ?? 'scroll-devnet';
  const chain = await ctx.deploy({ artifact: 'ScrollChainEmulator', args: [a.scrollSequencer.address, a.scrollProver.address, ctx.accounts.deployer.address], name: `${id}:chain` });
  const q1 = await ctx.deploy({ artifact: 'ScrollMessageQueueEmulator', args: [0n], name: `${id}:queueV1` });
  // Queue indices are global: V1 holds the first messages, V2 continues (scenarios enqueue on V1
  // only before any V2 message: V1 starts at 0, V2 at 1).
  const q2 = await ctx.deploy({ artifact: 'ScrollMessageQueueEmulator', args: [1n], name: `${id}:queueV2` });
  const from = chain.tx.ref.blockNumber;
  const window = opts.maxDelayMessageQueueSeconds ?? 3_600;
  const definition: ScrollRollup = {
    id, name: 'Scroll (devnet)', stack: 'scroll', l1ChainId: ctx.l1.chainId, l2ChainId: 534_352_001, startBlock: from,
    contracts: { scrollChain: { address: chain.address, fromBlock: from }, l1MessageQueueV1: { address: q1.address, fromBlock: from }, l1MessageQueueV2: { address: q2.address, fromBlock: from } },
    forcedPath: 'enforced-batch-mode',
    enforcedBatchParameters: { maxDelayEnterEnforcedModeSeconds: window, maxDelayMessageQueueSeconds: window },
  };
  ctx.recorder.addRollup(definition);
  const abi = loadArtifact('ScrollChainEmulator').abi;
  const queueAbi = loadArtifact('ScrollMessageQueueEmulator').abi;
  const truth = ctx.recorder.truth;
  const l2 = l2Model(1, chain.tx.ref.timestamp);
  const state = { committed: 0, finalized: 0, popped: 0, queued: 0 };
  const hashes = new Map<number, Hex>([[0, word(0)]]);
  const roots = new Map<number, TruthStateRoot>();
  const l2Ends = new Map<number, number>([[0, 0]]);
  const v7Header = (index: number) => `0x07${index.toString(16).padStart(16, '0')}` as Hex;

  const recordCommit = (tx: Parameters<NonNullable<Parameters<DevnetContext['write']>[0]['build']>>[0], planned: { index: number; range: ReturnType<L2Model['take']> }[], forced = false) => {
    const blobCount = tx.receipt.blobGasUsed ? Number(tx.receipt.blobGasUsed / 131_072n) : 0;
    // Every commit of this simulator carries blobs (bytesPosted of a calldata commit would be its input size).
    if (blobCount === 0) throw new Error(`scroll simulator: commit ${tx.hash} carries no blob`);
    planned.forEach((p, i) => {
      const l1 = eventRef(tx, 'CommitBatch', i);
      const ev = tx.eventsNamed('CommitBatch')[i]!;
      hashes.set(p.index, ev.args.batchHash as Hex);
      l2Ends.set(p.index, p.range.end);
      truth.batches.push({
        rollupId: id, batchNumber: String(p.index), l1, submitter: tx.from.toLowerCase() as Address, dataLocation: 'BLOB',
        bytesPosted: share(blobCount * 131_072, i, planned.length), blobCount: share(blobCount, i, planned.length),
        l2BlockStart: p.range.start, l2BlockEnd: p.range.end, l2TimeStart: p.range.startTime, l2TimeEnd: p.range.endTime,
        ...(forced ? { delayedMessagesRead: String(state.popped), forced: true } : {}),
      });
      const root: TruthStateRoot = { rollupId: id, kind: 'ZK_COMMIT', index: String(p.index), root: ev.args.batchHash as Hex, l2BlockNumber: p.range.end, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] };
      truth.stateRoots.push(root);
      roots.set(p.index, root);
    });
  };
  const recordFinalize = (tx: Parameters<typeof recordCommit>[0], index: number, stateRoot: Hex) => {
    const l1 = eventRef(tx, 'FinalizeBatch');
    for (const kind of ['ZK_PROOF', 'ZK_EXECUTE'] as const) {
      truth.stateRoots.push({ rollupId: id, kind, index: String(index), root: stateRoot, l2BlockNumber: l2Ends.get(index), l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] });
    }
  };
  /** Messages a batch consumed: those below its total popped count, included by its commit. */
  const includeUpTo = (popped: number, l1: ReturnType<typeof eventRef>, forced: boolean) => {
    for (const f of truth.forcedMessages) {
      if (f.rollupId === id && !f.included && Number(f.queueIndex) < popped) {
        f.included = l1;
        f.forced = forced;
      }
    }
  };

  return {
    definition, l2, state,
    async commitV4(blocksPerChunk, l1Messages = 0) {
      const index = state.committed + 1;
      const parent = encodeLegacyBatchHeader({ version: 4, batchIndex: BigInt(index - 1), l1MessagePopped: 0n, totalL1MessagePopped: BigInt(state.popped) });
      const ranges = blocksPerChunk.map((n) => l2.take(n));
      const chunks = ranges.map((r, ci) => encodeChunk(Array.from({ length: r.end - r.start + 1 }, (_, k) => ({
        number: r.start + k, timestamp: r.startTime + k * l2.blockTime, numTransactions: 1, numL1Messages: ci === 0 && k === 0 ? l1Messages : 0,
      }))));
      const range = { start: ranges[0]!.start, end: ranges[ranges.length - 1]!.end, startTime: ranges[0]!.startTime, endTime: ranges[ranges.length - 1]!.endTime };
      state.popped += l1Messages;
      const popped = state.popped;
      await ctx.write({
        account: a.scrollSequencer, address: chain.address, abi, functionName: 'commitBatchWithBlobProof', args: [4, parent, chunks, '0x', '0x00'], blobs: fillerBlobs(1, 10_000 + index),
        build: (tx) => {
          recordCommit(tx, [{ index, range }]);
          truth.batches[truth.batches.length - 1]!.delayedMessagesRead = String(popped);
          includeUpTo(popped, eventRef(tx, 'CommitBatch'), false);
        },
      });
      state.committed = index;
    },
    async commitV7(count, blocksPerBatch = 5) {
      const planned = Array.from({ length: count }, (_, i) => ({ index: state.committed + 1 + i, range: l2.take(blocksPerBatch) }));
      const last = keccak256(toHex(`scroll-v7-${planned[planned.length - 1]!.index}`));
      await ctx.write({
        account: a.scrollSequencer, address: chain.address, abi, functionName: 'commitBatches', args: [7, hashes.get(state.committed)!, last], blobs: fillerBlobs(count, 20_000 + planned[0]!.index),
        build: (tx) => recordCommit(tx, planned),
      });
      state.committed += count;
    },
    async finalize(toBatch, totalL1MessagesPopped) {
      const stateRoot = keccak256(toHex(`scroll-state-${toBatch}`));
      await ctx.write({
        account: a.scrollProver, address: chain.address, abi, functionName: 'finalizeBundlePostEuclidV2', args: [v7Header(toBatch), BigInt(totalL1MessagesPopped), stateRoot, word(0x3a), '0x'],
        build: (tx) => recordFinalize(tx, toBatch, stateRoot),
      });
      state.finalized = toBatch;
    },
    async finalizeLegacy(toBatch) {
      const stateRoot = keccak256(toHex(`scroll-state-${toBatch}`));
      const header = encodeLegacyBatchHeader({ version: 4, batchIndex: BigInt(toBatch), l1MessagePopped: 0n, totalL1MessagePopped: BigInt(state.popped) });
      await ctx.write({
        account: a.scrollProver, address: chain.address, abi, functionName: 'finalizeBundleWithProof', args: [header, stateRoot, word(0x3a), '0x'],
        build: (tx) => recordFinalize(tx, toBatch, stateRoot),
      });
      state.finalized = toBatch;
    },
    async revertLegacy(fromBatch) {
      const count = state.committed - fromBatch + 1;
      const header = encodeLegacyBatchHeader({ version: 4, batchIndex: BigInt(fromBatch), l1MessagePopped: 0n, totalL1MessagePopped: 0n });
      await ctx.write({
        account: ctx.accounts.deployer, address: chain.address, abi, functionName: 'revertBatch', args: [header, BigInt(count)],
        build: (tx) => {
          for (let i = 0; i < count; i++) roots.get(fromBatch + i)!.statusChanges.push({ status: 'REVERTED', l1: eventRef(tx, 'RevertBatch', i) });
        },
      });
      state.committed = fromBatch - 1;
    },
    async revertRange(keepBatch) {
      const upTo = state.committed;
      await ctx.write({
        account: ctx.accounts.deployer, address: chain.address, abi: scrollAbi.scrollChainAdminCalls, functionName: 'revertBatch', args: [v7Header(keepBatch)],
        build: (tx) => {
          const l1 = eventRef(tx, 'RevertBatch');
          for (let b = keepBatch + 1; b <= upTo; b++) roots.get(b)!.statusChanges.push({ status: 'REVERTED', l1 });
        },
      });
      state.committed = keepBatch;
    },
    async queueMessage(queue) {
      const q = queue === 'V1' ? q1 : q2;
      if (queue === 'V1' && state.queued > 0) throw new Error('scroll simulator: V1 messages must come before any V2 message (one V1 message, index 0)');
      const queueIndex = state.queued++;
      await ctx.write({
        account: a.user, address: q.address, abi: queueAbi, functionName: 'appendCrossDomainMessage', args: [a.user.address, 200_000n, '0xc0ffee'],
        build: (tx) => {
          const enqueued = eventRef(tx, 'QueueTransaction');
          truth.forcedMessages.push({ rollupId: id, queueIndex: String(queueIndex), enqueued, deadline: queue === 'V2' ? enqueued.timestamp + window : 0, forced: false });
        },
      });
    },
    async setEnforcedMode(enabled) {
      await ctx.write({ account: ctx.accounts.deployer, address: chain.address, abi, functionName: 'setEnforcedMode', args: [enabled] });
    },
    async forceCommitAndFinalize(totalL1MessagesPopped) {
      const index = state.committed + 1;
      const range = l2.take(3);
      const stateRoot = keccak256(toHex(`scroll-forced-state-${index}`));
      state.popped = totalL1MessagesPopped;
      await ctx.write({
        account: a.user, address: chain.address, abi, functionName: 'commitAndFinalizeBatch',
        args: [7, hashes.get(state.committed)!, { batchHeader: v7Header(index), totalL1MessagesPoppedOverall: BigInt(totalL1MessagesPopped), postStateRoot: stateRoot, withdrawRoot: word(0x3b), zkProof: '0x' }],
        blobs: fillerBlobs(1, 30_000 + index),
        build: (tx) => {
          recordCommit(tx, [{ index, range }], true);
          recordFinalize(tx, index, stateRoot);
          includeUpTo(totalL1MessagesPopped, eventRef(tx, 'CommitBatch'), true);
        },
      });
      state.committed = index;
      state.finalized = index;
    },
  };
}
