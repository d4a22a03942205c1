/**
 * zkSync Era simulator on the ZkSyncDiamond emulator: commits (several batches per tx, one blob
 * per batch), proofs, executions, reverts and priority requests, with their ground truth.
 *
 * The L2 is an anvil (chain 324001) whose blocks are the batches' L2 blocks (mined with the L2
 * model's timestamps when a batch is sealed), behind the devnet zkSync node (zksyncNode.ts) that
 * answers zks_getL1BatchBlockRange from the sealed batches: `l2RpcUrl` is the rollup's L2 RPC.
 * A revert rolls the L2 anvil back to the end of the last kept batch (evm_revert to the snapshot
 * taken when that batch was sealed): the reverted blocks are sequenced again by later batches.
 */
import { encodeAbiParameters, concatHex, keccak256, toHex, type Hex } from 'viem';
import type { Address, ZkSyncRollup } from '../../rollups/types.ts';
import type { DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import type { TruthStateRoot } from '../truth.ts';
import { mineAt } from '../clock.ts';
import { eventRef, fillerBlobs, l2Model, share, word, zkAccounts, type L2Model } from './common.ts';
import { startZkSyncNode } from './zksyncNode.ts';

/** Chain id of the zkSync devnet L2. */
export const ZKSYNC_DEVNET_L2_CHAIN_ID = 324_001;

export interface ZkSyncSim {
  definition: ZkSyncRollup;
  diamond: Address;
  l2: L2Model;
  /** JSON-RPC of the zkSync L2 (anvil + zks_ methods). */
  l2RpcUrl: string;
  /** Commits `blocksPerBatch.length` batches in one tx; `priorityOps[i]` priority txs are processed by batch i. */
  commit(blocksPerBatch: number[], priorityOps?: number[]): Promise<void>;
  prove(toBatch: number): Promise<void>;
  execute(toBatch: number): Promise<void>;
  revert(newLastBatch: number): Promise<void>;
  requestL2Transaction(): Promise<void>;
  state: { committed: number; verified: number; executed: number; priorityTxs: number; processed: number };
}

export async function createZkSyncSim(ctx: DevnetContext, opts: { id?: string; priorityExpirationSeconds?: number } = {}): Promise<ZkSyncSim> {
  const a = zkAccounts(ctx);
  const id = opts.id ?? 'zksync-devnet';
  const { address: diamond, tx: deployTx } = await ctx.deploy({ artifact: 'ZkSyncDiamond', args: [a.zkValidator.address, BigInt(opts.priorityExpirationSeconds ?? 86_400)], name: `${id}:diamond` });
  const definition: ZkSyncRollup = {
    id, name: 'zkSync (devnet)', stack: 'zksync', l1ChainId: ctx.l1.chainId, l2ChainId: ZKSYNC_DEVNET_L2_CHAIN_ID, startBlock: deployTx.ref.blockNumber,
    contracts: { diamondProxy: { address: diamond, fromBlock: deployTx.ref.blockNumber } }, forcedPath: 'priority-queue',
  };
  ctx.recorder.addRollup(definition);
  const abi = loadArtifact('ZkSyncDiamond').abi;
  const expiration = opts.priorityExpirationSeconds ?? 86_400;
  const truth = ctx.recorder.truth;
  const l2 = l2Model(1, deployTx.ref.timestamp);
  const state = { committed: 0, verified: 0, executed: 0, priorityTxs: 0, processed: 0 };
  const batches = new Map<number, { hash: Hex; commitment: Hex; l2End: number; priorityOps: number; root?: TruthStateRoot }>();
  const proofs = new Map<number, TruthStateRoot>();

  const l2Chain = await ctx.addL2({ rollupId: id, chainId: ZKSYNC_DEVNET_L2_CHAIN_ID, blockTime: l2.blockTime });
  /** Sealed batches: L2 range, and the L2 anvil snapshot taken right after its last block. */
  const sealed = new Map<number, { range: readonly [number, number]; snapshot: string }>([[0, { range: [0, 0], snapshot: await l2Chain.rpc<string>('evm_snapshot') }]]);
  const node = await startZkSyncNode({
    upstream: l2Chain.rpcUrl,
    batchRange: (n) => (n > 0 ? sealed.get(n)?.range : undefined),
    lastBatch: () => Math.max(...sealed.keys()),
  });
  // The node is part of the context: stopped with it. Its URL is the rollup's L2 RPC in the truth.
  const stopContext = ctx.stop.bind(ctx);
  ctx.stop = async () => { await node.stop(); await stopContext(); };
  const chainEntry = truth.chains.find((c) => c.chainId === ZKSYNC_DEVNET_L2_CHAIN_ID && c.rollupId === id);
  if (chainEntry) chainEntry.rpcUrl = node.url;

  /** Mines batch b's L2 blocks on the L2 anvil, records them, and seals the batch; returns the blocks' times read back. */
  const seal = async (b: number, range: { start: number; end: number; startTime: number }): Promise<{ startTime: number; endTime: number }> => {
    const times = Array.from({ length: range.end - range.start + 1 }, (_, k) => range.startTime + k * l2.blockTime);
    const mined = await mineAt(l2Chain.rpc, times);
    if (mined.fromBlock !== range.start || mined.toBlock !== range.end) {
      throw new Error(`zkSync simulator: batch ${b} should hold L2 blocks ${range.start}-${range.end}, the L2 anvil mined ${mined.fromBlock}-${mined.toBlock}`);
    }
    const blocks = [];
    for (let n = range.start; n <= range.end; n++) {
      const blk = await l2Chain.rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${n.toString(16)}`, false]);
      blocks.push({ rollupId: id, number: n, timestamp: Number(blk.timestamp) });
    }
    truth.l2Blocks.push(...blocks);
    sealed.set(b, { range: [range.start, range.end], snapshot: await l2Chain.rpc<string>('evm_snapshot') });
    return { startTime: blocks[0]!.timestamp, endTime: blocks[blocks.length - 1]!.timestamp };
  };

  return {
    definition, diamond, l2, state, l2RpcUrl: node.url,
    async commit(blocksPerBatch, priorityOps = []) {
      const from = state.committed + 1;
      const planned = blocksPerBatch.map((n, i) => {
        const range = l2.take(n);
        const b = from + i;
        return { b, range, hash: keccak256(toHex(`zk-batch-${b}-${range.end}`)), commitment: keccak256(toHex(`zk-commitment-${b}`)), ops: priorityOps[i] ?? 0 };
      });
      const data = concatHex(['0x00', encodeAbiParameters([{ type: 'bytes32[]' }, { type: 'bytes32[]' }, { type: 'uint256[]' }], [planned.map((p) => p.hash), planned.map((p) => p.commitment), planned.map((p) => BigInt(p.ops))])]);
      const blobs = fillerBlobs(planned.length, from);
      const times: { startTime: number; endTime: number }[] = [];
      for (const p of planned) times.push(await seal(p.b, p.range));
      await ctx.write({
        account: a.zkValidator, address: diamond, abi, functionName: 'commitBatchesSharedBridge', args: [diamond, BigInt(from), BigInt(from + planned.length - 1), data], blobs,
        build: (tx) => {
          const blobCount = tx.receipt.blobGasUsed ? Number(tx.receipt.blobGasUsed / 131_072n) : 0;
          planned.forEach((p, i) => {
            const l1 = eventRef(tx, 'BlockCommit', i);
            truth.batches.push({
              rollupId: id, batchNumber: String(p.b), l1, submitter: tx.from.toLowerCase() as Address, dataLocation: 'BLOB',
              bytesPosted: share(blobCount * 131_072, i, planned.length), blobCount: share(blobCount, i, planned.length),
              l2BlockStart: p.range.start, l2BlockEnd: p.range.end, l2TimeStart: times[i]!.startTime, l2TimeEnd: times[i]!.endTime,
            });
            const root: TruthStateRoot = { rollupId: id, kind: 'ZK_COMMIT', index: String(p.b), root: p.hash, l2BlockNumber: p.range.end, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] };
            truth.stateRoots.push(root);
            batches.set(p.b, { hash: p.hash, commitment: p.commitment, l2End: p.range.end, priorityOps: p.ops, root });
          });
        },
      });
      state.committed = from + planned.length - 1;
    },
    async prove(toBatch) {
      const from = state.verified + 1;
      await ctx.write({
        account: a.zkValidator, address: diamond, abi, functionName: 'proveBatchesSharedBridge', args: [diamond, BigInt(from), BigInt(toBatch), '0x00'],
        build: (tx) => {
          const l1 = eventRef(tx, 'BlocksVerification');
          for (let b = from; b <= toBatch; b++) {
            const root: TruthStateRoot = { rollupId: id, kind: 'ZK_PROOF', index: String(b), root: word(0), l2BlockNumber: batches.get(b)!.l2End, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] };
            truth.stateRoots.push(root);
            proofs.set(b, root);
          }
        },
      });
      state.verified = toBatch;
    },
    async execute(toBatch) {
      const from = state.executed + 1;
      await ctx.write({
        account: a.zkValidator, address: diamond, abi, functionName: 'executeBatchesSharedBridge', args: [diamond, BigInt(from), BigInt(toBatch), '0x00'],
        build: (tx) => {
          for (let b = from; b <= toBatch; b++) {
            const info = batches.get(b)!;
            const l1 = eventRef(tx, 'BlockExecution', b - from);
            truth.stateRoots.push({ rollupId: id, kind: 'ZK_EXECUTE', index: String(b), root: info.hash, l2BlockNumber: info.l2End, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] });
            const firstUnprocessed = state.processed + info.priorityOps;
            for (const f of truth.forcedMessages) {
              if (f.rollupId === id && !f.included && BigInt(f.queueIndex) < BigInt(firstUnprocessed)) f.included = l1;
            }
            state.processed = firstUnprocessed;
          }
        },
      });
      state.executed = toBatch;
    },
    async revert(newLastBatch) {
      await ctx.write({
        account: a.zkValidator, address: diamond, abi, functionName: 'revertBatchesSharedBridge', args: [diamond, BigInt(newLastBatch)],
        build: (tx) => {
          const l1 = eventRef(tx, 'BlocksRevert');
          for (let b = newLastBatch + 1; b <= state.committed; b++) batches.get(b)!.root!.statusChanges.push({ status: 'REVERTED', l1 });
          for (let b = newLastBatch + 1; b <= state.verified; b++) proofs.get(b)!.statusChanges.push({ status: 'REVERTED', l1 });
        },
      });
      // The reverted L2 blocks are sequenced again in later batches.
      const firstReverted = batches.get(newLastBatch + 1);
      if (firstReverted) {
        const keepEnd = newLastBatch > 0 ? batches.get(newLastBatch)!.l2End : 0;
        l2.time -= (l2.next - (keepEnd + 1)) * l2.blockTime;
        l2.next = keepEnd + 1;
        const kept = sealed.get(newLastBatch)!;
        if (!(await l2Chain.rpc<boolean>('evm_revert', [kept.snapshot]))) throw new Error(`zkSync simulator: L2 snapshot of batch ${newLastBatch} is gone`);
        for (const b of [...sealed.keys()]) if (b > newLastBatch) sealed.delete(b);
        kept.snapshot = await l2Chain.rpc<string>('evm_snapshot');
        for (let i = truth.l2Blocks.length - 1; i >= 0; i--) if (truth.l2Blocks[i]!.rollupId === id && truth.l2Blocks[i]!.number > keepEnd) truth.l2Blocks.splice(i, 1);
      }
      state.committed = newLastBatch;
      state.verified = Math.min(state.verified, newLastBatch);
    },
    async requestL2Transaction() {
      const queueIndex = state.priorityTxs++;
      await ctx.write({
        account: a.user, address: diamond, abi, functionName: 'requestL2Transaction',
        args: [a.user.address, 10n ** 15n, '0x', 300_000n, 800n, [], a.user.address], value: 10n ** 15n,
        build: (tx) => {
          const enqueued = eventRef(tx, 'NewPriorityRequest');
          truth.forcedMessages.push({ rollupId: id, queueIndex: String(queueIndex), enqueued, deadline: enqueued.timestamp + expiration, forced: false });
        },
      });
    },
  };
}
