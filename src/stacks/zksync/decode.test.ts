import { describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { zkSyncEra } from '../../rollups/zksync-era.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { batchOf, blockHashOf, contextOf, logOf, txOf } from '../zk-common/testing.ts';
import { blockCommit, blockExecution, blocksRevert, blocksVerification, executorAbi, newPriorityRequest } from './abi.ts';
import { zkSyncSources, zkSyncStack, ZERO_ROOT } from './index.ts';

const def = zkSyncEra;
const diamond = def.contracts.diamondProxy.address;
const [batches, queue] = zkSyncSources(def);
const h = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
const validator = '0x0d3250c3d5facb74ac15834096397a3ef790ec99';
const time = (b: number) => 1_700_000_000 + b * 12;

const commitInput = encodeFunctionData({ abi: executorAbi, functionName: 'commitBatchesSharedBridge', args: [diamond, 5n, 6n, '0x00'] });
const commitTx = txOf({ hash: h(0xa1), blockNumber: 100, from: validator, to: '0xa0425d71cB1D6fb80E65a5361a04096E0672De03', input: commitInput, blobVersionedHashes: [h(1), h(2), h(3)], gasUsed: 300_001n, effectiveGasPrice: 7n, blobGasUsed: 393_216n, blobGasPrice: 5n });
const commit7Tx = txOf({ hash: h(0xa4), blockNumber: 103, from: validator, to: diamond, input: '0x0db9eb87', gasUsed: 50_000n, effectiveGasPrice: 2n });
const logs = [
  logOf(blockCommit, { batchNumber: 5n, batchHash: h(0x55), commitment: h(0xc5) }, { address: diamond, blockNumber: 100, logIndex: 3, transactionHash: commitTx.hash }),
  logOf(blockCommit, { batchNumber: 6n, batchHash: h(0x66), commitment: h(0xc6) }, { address: diamond, blockNumber: 100, logIndex: 4, transactionHash: commitTx.hash }),
  logOf(blocksVerification, { previousLastVerifiedBatch: 4n, currentLastVerifiedBatch: 6n }, { address: diamond, blockNumber: 101, logIndex: 0, transactionHash: h(0xa2), transactionIndex: 2 }),
  logOf(blockExecution, { batchNumber: 5n, batchHash: h(0x55), commitment: h(0xc5) }, { address: diamond, blockNumber: 102, logIndex: 1, transactionHash: h(0xa3) }),
  logOf(blockExecution, { batchNumber: 6n, batchHash: h(0x66), commitment: h(0xc6) }, { address: diamond, blockNumber: 102, logIndex: 2, transactionHash: h(0xa3) }),
  logOf(blockCommit, { batchNumber: 7n, batchHash: h(0x77), commitment: h(0xc7) }, { address: diamond, blockNumber: 103, logIndex: 0, transactionHash: commit7Tx.hash }),
  logOf(blocksRevert, { totalBatchesCommitted: 6n, totalBatchesVerified: 5n, totalBatchesExecuted: 5n }, { address: diamond, blockNumber: 103, logIndex: 1, transactionHash: h(0xa5), transactionIndex: 1 }),
];
const otherTxs = [
  txOf({ hash: h(0xa2), blockNumber: 101, from: '0x1111111111111111111111111111111111111111', to: diamond, input: '0x9271e450', transactionIndex: 2 }),
  txOf({ hash: h(0xa3), blockNumber: 102, from: validator, to: diamond, input: '0xa085344d' }),
  txOf({ hash: h(0xa5), blockNumber: 103, from: validator, to: diamond, input: '0x7ca4eff7', transactionIndex: 1 }),
];
const calls = {
  getFirstUnprocessedPriorityTx: (b: number) => (b === 102 ? 42n : 0n),
  getTotalBatchesCommitted: (b: number) => (b === 102 ? 6n : 0n),
  getTotalBatchesVerified: (b: number) => (b === 102 ? 6n : 0n),
};
const l2 = {
  zks_getL1BatchBlockRange: ([n]: readonly unknown[]) => ({ 5: ['0x64', '0x6e'], 6: ['0x6f', '0x6f'], 7: ['0x70', '0x7a'] } as Record<number, [string, string]>)[n as number] ?? null,
  eth_getBlockByNumber: ([n]: readonly unknown[]) => ({ timestamp: `0x${(2_000_000 + Number(n)).toString(16)}` }),
};

describe('zkSync Era stack', () => {
  it('the mainnet definition is valid and reads the diamond from its start block', () => {
    expect(rollupDefinitionSchema.parse(def)).toEqual(def);
    expect(batches).toMatchObject({ kind: 'logs', id: 'batches', chainId: 1, addresses: [diamond], fromBlock: 16_600_000, withTransactions: true, withReceipts: true });
    expect(batches!.kind === 'logs' && batches!.topics).toEqual([
      '0x8f2916b2f2d78cc5890ead36c06c0f6d5d112c7e103589947e8e2f0d6eddb763', '0x22c9005dd88c18b552a1cd7e8b3b937fcde9ca69213c1f658f54d572e4877a81',
      '0x2402307311a4d6604e4e7b4c8a15a7e1213edb39c16a31efa70afb06030d3165', '0x8bd4b15ea7d1bc41ea9abc3fc487ccb89cd678a00786584714faa9d751c84ee5',
    ]);
    expect(queue!.kind === 'logs' && queue!.topics).toEqual(['0x4531cd5795773d7101c17bdeb9f5ab7f47d7056017506f937083be5d6e77a382']);
  });

  it('decodes commits, per-batch proofs, executions and reverts into every column', async () => {
    const ctx = contextOf({ calls, l2 });
    const facts = await zkSyncStack.decode(def, batchOf(batches!, logs, [commitTx, commit7Tx, ...otherTxs]), ctx);
    const prov = (block: number, logIndex: number, tx: Hex, subIndex = 0, txIndex = 0) => ({
      chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: time(block), txHash: tx, txIndex, logIndex, subIndex,
    });
    const txTotals = { batches: 2, blobs: 3, bytes: 393_216, gasUsed: '300001', blobGasUsed: '393216', selector: '0x0db9eb87' };
    expect(facts.sequencerBatches).toEqual([
      {
        ...prov(100, 3, commitTx.hash), rollupId: 'zksync-era', batchNumber: '5', submitter: validator, dataLocation: 'BLOB',
        bytesPosted: 196_608, blobCount: 2, blobGasUsed: '196608', blobBaseFee: '5', l1GasUsed: '150001', l1GasPrice: '7',
        executionFee: '1050004', blobFee: '983040', l2BlockStart: 100, l2BlockEnd: 110, l2TimeStart: 2_000_100, l2TimeEnd: 2_000_110,
        delayedMessagesRead: null, forced: false, extra: { batchHash: h(0x55), commitment: h(0xc5), tx: txTotals },
      },
      {
        ...prov(100, 4, commitTx.hash), rollupId: 'zksync-era', batchNumber: '6', submitter: validator, dataLocation: 'BLOB',
        bytesPosted: 196_608, blobCount: 1, blobGasUsed: '196608', blobBaseFee: '5', l1GasUsed: '150000', l1GasPrice: '7',
        executionFee: '1050003', blobFee: '983040', l2BlockStart: 111, l2BlockEnd: 111, l2TimeStart: 2_000_111, l2TimeEnd: 2_000_111,
        delayedMessagesRead: null, forced: false, extra: { batchHash: h(0x66), commitment: h(0xc6), tx: txTotals },
      },
      {
        ...prov(103, 0, commit7Tx.hash), rollupId: 'zksync-era', batchNumber: '7', submitter: validator, dataLocation: 'CALLDATA',
        bytesPosted: 4, blobCount: 0, blobGasUsed: null, blobBaseFee: null, l1GasUsed: '50000', l1GasPrice: '2',
        executionFee: '100000', blobFee: null, l2BlockStart: 112, l2BlockEnd: 122, l2TimeStart: 2_000_112, l2TimeEnd: 2_000_122,
        delayedMessagesRead: null, forced: false,
        extra: { batchHash: h(0x77), commitment: h(0xc7), tx: { batches: 1, blobs: 0, bytes: 4, gasUsed: '50000', blobGasUsed: null, selector: '0x0db9eb87' } },
      },
    ]);
    // Shares sum to the transaction's totals.
    const [b5, b6] = facts.sequencerBatches;
    expect(BigInt(b5!.l1GasUsed!) + BigInt(b6!.l1GasUsed!)).toBe(300_001n);
    expect(BigInt(b5!.executionFee!) + BigInt(b6!.executionFee!)).toBe(300_001n * 7n);

    const root = (p: ReturnType<typeof prov>, kind: string, index: string, r: Hex, l2: number | null, proposer: string, extra: unknown, parentIndex: string | null = null) =>
      ({ ...p, rollupId: 'zksync-era', kind, rootIndex: index, parentIndex, root: r, l2BlockNumber: l2, l2BlockHash: null, proposer, extra });
    const prover = '0x1111111111111111111111111111111111111111';
    expect(facts.stateRoots).toEqual([
      root(prov(100, 3, commitTx.hash), 'ZK_COMMIT', '5', h(0x55), 110, validator, { commitment: h(0xc5) }, '4'),
      root(prov(100, 4, commitTx.hash), 'ZK_COMMIT', '6', h(0x66), 111, validator, { commitment: h(0xc6) }, '5'),
      root(prov(101, 0, h(0xa2), 0, 2), 'ZK_PROOF', '5', ZERO_ROOT, 110, prover, { previousLastVerifiedBatch: '4', currentLastVerifiedBatch: '6' }),
      root(prov(101, 0, h(0xa2), 1, 2), 'ZK_PROOF', '6', ZERO_ROOT, 111, prover, { previousLastVerifiedBatch: '4', currentLastVerifiedBatch: '6' }),
      root(prov(102, 1, h(0xa3)), 'ZK_EXECUTE', '5', h(0x55), 110, validator, { commitment: h(0xc5), priorityTxsProcessed: '42' }),
      root(prov(102, 2, h(0xa3)), 'ZK_EXECUTE', '6', h(0x66), 111, validator, { commitment: h(0xc6), priorityTxsProcessed: '42' }),
      root(prov(103, 0, commit7Tx.hash), 'ZK_COMMIT', '7', h(0x77), 122, validator, { commitment: h(0xc7) }, '6'),
    ]);
    const revertExtra = { totalBatchesCommitted: '6', totalBatchesVerified: '5', totalBatchesExecuted: '5' };
    // committed before = max(6 at block 102, batch 7 committed earlier in block 103) => batch 7; verified before = 6 => proof of 6.
    expect(facts.stateRootEvents).toEqual([
      { ...prov(103, 1, h(0xa5), 0, 1), rollupId: 'zksync-era', kind: 'ZK_COMMIT', rootIndex: '7', status: 'REVERTED', extra: revertExtra },
      { ...prov(103, 1, h(0xa5), 1, 1), rollupId: 'zksync-era', kind: 'ZK_PROOF', rootIndex: '6', status: 'REVERTED', extra: revertExtra },
    ]);
    // One eth_call per (getter, block).
    expect(ctx.seen).toEqual([
      { functionName: 'getFirstUnprocessedPriorityTx', blockNumber: 102 },
      { functionName: 'getTotalBatchesCommitted', blockNumber: 102 },
      { functionName: 'getTotalBatchesVerified', blockNumber: 102 },
    ]);
    expect(facts.forcedMessages).toEqual([]);
  });

  it('leaves L2 ranges null without an L2 RPC', async () => {
    const facts = await zkSyncStack.decode(def, batchOf(batches!, logs.slice(0, 2), [commitTx]), contextOf({ calls }));
    expect(facts.sequencerBatches.map((b) => [b.l2BlockStart, b.l2BlockEnd, b.l2TimeStart, b.l2TimeEnd])).toEqual([[null, null, null, null], [null, null, null, null]]);
    expect(facts.stateRoots.map((r) => r.l2BlockNumber)).toEqual([null, null]);
  });

  it('decodes NewPriorityRequest as a forced message with its expiration as deadline', async () => {
    const transaction = {
      txType: 255n, from: 0xabcdef0123456789abcdef0123456789abcdef01n, to: 0x1234n, gasLimit: 300_000n, gasPerPubdataByteLimit: 800n,
      maxFeePerGas: 250_000_000n, maxPriorityFeePerGas: 0n, paymaster: 0n, nonce: 77n, value: 10n ** 18n,
      reserved: [10n ** 18n + 5n, 0xfeedn, 0n, 0n] as const, data: '0x1234' as Hex, signature: '0x' as Hex, factoryDeps: [] as bigint[], paymasterInput: '0x' as Hex, reservedDynamic: '0x' as Hex,
    };
    const log = logOf(newPriorityRequest, { txId: 77n, txHash: h(0xfee), expirationTimestamp: BigInt(time(104) + 86_400), transaction, factoryDeps: [] }, { address: diamond, blockNumber: 104, logIndex: 9, transactionHash: h(0xb1), transactionIndex: 3 });
    const facts = await zkSyncStack.decode(def, batchOf(queue!, [log]), contextOf());
    expect(facts.forcedMessages).toEqual([{
      chainId: 1, blockNumber: 104, blockHash: blockHashOf(104), blockTime: time(104), txHash: h(0xb1), txIndex: 3, logIndex: 9, subIndex: 0,
      rollupId: 'zksync-era', queueIndex: '77', kind: 'PRIORITY_TX', sender: '0xabcdef0123456789abcdef0123456789abcdef01',
      deadline: time(104) + 86_400, windowSeconds: 86_400, windowBlocks: null, messageHash: h(0xfee),
      extra: {
        expirationTimestamp: time(104) + 86_400,
        to: '0x0000000000000000000000000000000000001234', txType: '255', gasLimit: '300000', gasPerPubdataByteLimit: '800', maxFeePerGas: '250000000',
        l2Value: '1000000000000000000', mintValue: '1000000000000000005', refundRecipient: '0x000000000000000000000000000000000000feed',
      },
    }]);
  });

  it('gives no deadline to a priority request whose expiration is its own block time (mainnet PRIORITY_EXPIRATION = 0)', async () => {
    const transaction = {
      txType: 255n, from: 1n, to: 2n, gasLimit: 1n, gasPerPubdataByteLimit: 800n, maxFeePerGas: 1n, maxPriorityFeePerGas: 0n, paymaster: 0n, nonce: 5n, value: 0n,
      reserved: [0n, 0n, 0n, 0n] as const, data: '0x' as Hex, signature: '0x' as Hex, factoryDeps: [] as bigint[], paymasterInput: '0x' as Hex, reservedDynamic: '0x' as Hex,
    };
    const log = logOf(newPriorityRequest, { txId: 5n, txHash: h(0xfef), expirationTimestamp: BigInt(time(105)), transaction, factoryDeps: [] }, { address: diamond, blockNumber: 105, logIndex: 0, transactionHash: h(0xb2) });
    const [f] = (await zkSyncStack.decode(def, batchOf(queue!, [log]), contextOf())).forcedMessages;
    expect(f).toMatchObject({ queueIndex: '5', deadline: null, windowSeconds: null, extra: { expirationTimestamp: time(105) } });
  });

  it('rejects malformed logs with an error naming the event and the block', async () => {
    const bad = { ...logs[0]!, topics: logs[0]!.topics.slice(0, 3) };
    await expect(zkSyncStack.decode(def, batchOf(batches!, [bad], [commitTx]), contextOf({ calls }))).rejects.toThrow(/BlockCommit.*block 100/);
    const reversed = logOf(blocksVerification, { previousLastVerifiedBatch: 9n, currentLastVerifiedBatch: 3n }, { address: diamond, blockNumber: 101, logIndex: 0, transactionHash: h(0xa2) });
    await expect(zkSyncStack.decode(def, batchOf(batches!, [reversed], otherTxs), contextOf())).rejects.toThrow(/BlocksVerification \(block 101.*reversed/);
    await expect(zkSyncStack.decode(def, batchOf(batches!, [logs[0]!], []), contextOf())).rejects.toThrow(/BlockCommit at block 100 .* has no transaction/);
  });

  it('ignores logs of other contracts', async () => {
    const foreign = { ...logs[0]!, address: '0x000000000000000000000000000000000000dead' as const };
    const facts = await zkSyncStack.decode(def, batchOf(batches!, [foreign], [commitTx]), contextOf());
    expect(facts.stateRoots).toEqual([]);
  });
});
