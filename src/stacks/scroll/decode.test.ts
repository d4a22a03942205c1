import { describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { scroll } from '../../rollups/scroll.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { batchOf, blockHashOf, contextOf, logOf, txOf } from '../zk-common/testing.ts';
import { commitBatch, finalizeBatch, queueTransaction, revertBatchLegacy, revertBatchRange, scrollChainCalls, updateEnforcedBatchMode } from './abi.ts';
import { encodeChunk, encodeLegacyBatchHeader, parseChunkBlocks } from './calldata.ts';
import { l1MessageTxHash, scrollSources, scrollStack } from './index.ts';

const def = scroll;
const chain = def.contracts.scrollChain.address;
const [chainSource, queueSource] = scrollSources(def);
const h = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
const sequencer = '0xcf2898225ed05be911d3709d9417e86e0b4cfc8f';
const time = (b: number) => 1_700_000_000 + b * 12;
const prov = (block: number, logIndex: number, tx: Hex, subIndex = 0, txIndex = 0) => ({
  chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: time(block), txHash: tx, txIndex, logIndex, subIndex,
});

// Batch 10 (codec v4, blob): two chunks, blocks 500..504, 3 L1 messages; parent (batch 9) had popped 100 in total.
const parentHeader = encodeLegacyBatchHeader({ version: 4, batchIndex: 9n, l1MessagePopped: 2n, totalL1MessagePopped: 100n });
const chunks = [
  encodeChunk([{ number: 500, timestamp: 9_000, numTransactions: 3, numL1Messages: 1 }, { number: 501, timestamp: 9_003, numTransactions: 0, numL1Messages: 0 }]),
  encodeChunk([{ number: 502, timestamp: 9_006, numTransactions: 1, numL1Messages: 2 }, { number: 503, timestamp: 9_009, numTransactions: 0, numL1Messages: 0 }, { number: 504, timestamp: 9_012, numTransactions: 5, numL1Messages: 0 }]),
];
const commit10Input = encodeFunctionData({ abi: scrollChainCalls, functionName: 'commitBatchWithBlobProof', args: [4, parentHeader, chunks, '0x', '0x1234'] });
const commit10Tx = txOf({ hash: h(0xa1), blockNumber: 200, from: sequencer, to: chain, input: commit10Input, blobVersionedHashes: [h(1)], gasUsed: 120_000n, effectiveGasPrice: 9n, blobGasUsed: 131_072n, blobGasPrice: 2n });
// Batches 11 and 12 (codec v7) in one tx with two blobs: no range in calldata.
const commitV7Input = encodeFunctionData({ abi: scrollChainCalls, functionName: 'commitBatches', args: [7, h(0x10), h(0x12)] });
const commitV7Tx = txOf({ hash: h(0xa2), blockNumber: 201, from: sequencer, to: chain, input: commitV7Input, blobVersionedHashes: [h(2), h(3)], gasUsed: 80_001n, effectiveGasPrice: 10n, blobGasUsed: 262_144n, blobGasPrice: 3n });
// Bundle finalization up to batch 12 (EuclidV2 call, 105 messages popped overall).
const finalizeInput = encodeFunctionData({ abi: scrollChainCalls, functionName: 'finalizeBundlePostEuclidV2', args: ['0x07', 105n, h(0x5a), h(0x3a), '0x'] });
const finalizeTx = txOf({ hash: h(0xa3), blockNumber: 202, from: '0x356483dc32b004f32ea0ce58f7f88879886e9074', to: chain, input: finalizeInput });

const logs = [
  logOf(commitBatch, { batchIndex: 10n, batchHash: h(0x10) }, { address: chain, blockNumber: 200, logIndex: 0, transactionHash: commit10Tx.hash }),
  logOf(commitBatch, { batchIndex: 11n, batchHash: h(0x11) }, { address: chain, blockNumber: 201, logIndex: 5, transactionHash: commitV7Tx.hash }),
  logOf(commitBatch, { batchIndex: 12n, batchHash: h(0x12) }, { address: chain, blockNumber: 201, logIndex: 6, transactionHash: commitV7Tx.hash }),
  logOf(finalizeBatch, { batchIndex: 12n, batchHash: h(0x12), stateRoot: h(0x5a), withdrawRoot: h(0x3a) }, { address: chain, blockNumber: 202, logIndex: 1, transactionHash: finalizeTx.hash }),
  logOf(revertBatchLegacy, { batchIndex: 13n, batchHash: h(0x13) }, { address: chain, blockNumber: 203, logIndex: 0, transactionHash: h(0xa4) }),
  logOf(revertBatchRange, { startBatchIndex: 14n, finishBatchIndex: 16n }, { address: chain, blockNumber: 204, logIndex: 2, transactionHash: h(0xa5) }),
  logOf(updateEnforcedBatchMode, { enabled: true, lastCommittedBatchIndex: 13n }, { address: chain, blockNumber: 205, logIndex: 0, transactionHash: h(0xa6) }),
];

describe('Scroll stack', () => {
  it('the mainnet definition is valid with both queues as the forced-path source', () => {
    expect(rollupDefinitionSchema.parse(def)).toEqual(def);
    expect(chainSource).toMatchObject({ id: 'chain', addresses: [chain], fromBlock: 18_318_215, withTransactions: true, withReceipts: true, sequential: true });
    expect(queueSource).toMatchObject({ id: 'message-queue', addresses: ['0x0d7E906BD9cAFa154b048cFa766Cc1E54E39AF9B', '0x56971da63A3C0205184FEF096E9ddFc7A8C2D18a'], topics: ['0x69cfcb8e6d4192b8aba9902243912587f37e550d75c1fa801491fce26717f37e'] });
  });

  it('parses chunks back into their block contexts', () => {
    expect(parseChunkBlocks(chunks[0]!)).toEqual([{ number: 500, timestamp: 9_000, numTransactions: 3, numL1Messages: 1 }, { number: 501, timestamp: 9_003, numTransactions: 0, numL1Messages: 0 }]);
    expect(() => parseChunkBlocks('0x02aa')).toThrow(/chunk of 2 blocks is 2 bytes/);
  });

  it('decodes commits, finalizations, both revert overloads and enforced mode into every column', async () => {
    const facts = await scrollStack.decode(def, batchOf(chainSource!, logs, [commit10Tx, commitV7Tx, finalizeTx]), contextOf());
    const v7Totals = { batches: 2, blobs: 2, bytes: 262_144, gasUsed: '80001', blobGasUsed: '262144', selector: '0x9bbaa2ba' };
    expect(facts.sequencerBatches).toEqual([
      {
        ...prov(200, 0, commit10Tx.hash), rollupId: 'scroll', batchNumber: '10', submitter: sequencer, dataLocation: 'BLOB', bytesPosted: 131_072, blobCount: 1,
        blobGasUsed: '131072', blobBaseFee: '2', l1GasUsed: '120000', l1GasPrice: '9', executionFee: '1080000', blobFee: '262144',
        l2BlockStart: 500, l2BlockEnd: 504, l2TimeStart: 9_000, l2TimeEnd: 9_012, delayedMessagesRead: '103', forced: false,
        extra: { batchHash: h(0x10), call: 'commitBatchWithBlobProof', codecVersion: 4, tx: { batches: 1, blobs: 1, bytes: 131_072, gasUsed: '120000', blobGasUsed: '131072', selector: '0x86b053a9' } },
      },
      {
        ...prov(201, 5, commitV7Tx.hash), rollupId: 'scroll', batchNumber: '11', submitter: sequencer, dataLocation: 'BLOB', bytesPosted: 131_072, blobCount: 1,
        blobGasUsed: '131072', blobBaseFee: '3', l1GasUsed: '40001', l1GasPrice: '10', executionFee: '400005', blobFee: '393216',
        l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
        extra: { batchHash: h(0x11), call: 'commitBatches', codecVersion: 7, tx: v7Totals },
      },
      {
        ...prov(201, 6, commitV7Tx.hash), rollupId: 'scroll', batchNumber: '12', submitter: sequencer, dataLocation: 'BLOB', bytesPosted: 131_072, blobCount: 1,
        blobGasUsed: '131072', blobBaseFee: '3', l1GasUsed: '40000', l1GasPrice: '10', executionFee: '400005', blobFee: '393216',
        l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
        extra: { batchHash: h(0x12), call: 'commitBatches', codecVersion: 7, tx: v7Totals },
      },
    ]);
    const root = (p: ReturnType<typeof prov>, kind: string, index: string, r: Hex, l2: number | null, proposer: string, extra: unknown, parentIndex: string | null = null) =>
      ({ ...p, rollupId: 'scroll', kind, rootIndex: index, parentIndex, root: r, l2BlockNumber: l2, l2BlockHash: null, proposer, extra });
    const finalizer = '0x356483dc32b004f32ea0ce58f7f88879886e9074';
    const fin = { batchHash: h(0x12), withdrawRoot: h(0x3a), totalL1MessagePopped: '105' };
    expect(facts.stateRoots).toEqual([
      root(prov(200, 0, commit10Tx.hash), 'ZK_COMMIT', '10', h(0x10), 504, sequencer, null, '9'),
      root(prov(201, 5, commitV7Tx.hash), 'ZK_COMMIT', '11', h(0x11), null, sequencer, null, '10'),
      root(prov(201, 6, commitV7Tx.hash), 'ZK_COMMIT', '12', h(0x12), null, sequencer, null, '11'),
      root(prov(202, 1, finalizeTx.hash, 0), 'ZK_PROOF', '12', h(0x5a), null, finalizer, fin),
      root(prov(202, 1, finalizeTx.hash, 1), 'ZK_EXECUTE', '12', h(0x5a), null, finalizer, fin),
    ]);
    const range = { startBatchIndex: '14', finishBatchIndex: '16' };
    expect(facts.stateRootEvents).toEqual([
      { ...prov(203, 0, h(0xa4)), rollupId: 'scroll', kind: 'ZK_COMMIT', rootIndex: '13', status: 'REVERTED', extra: { batchHash: h(0x13) } },
      { ...prov(204, 2, h(0xa5), 0), rollupId: 'scroll', kind: 'ZK_COMMIT', rootIndex: '14', status: 'REVERTED', extra: range },
      { ...prov(204, 2, h(0xa5), 1), rollupId: 'scroll', kind: 'ZK_COMMIT', rootIndex: '15', status: 'REVERTED', extra: range },
      { ...prov(204, 2, h(0xa5), 2), rollupId: 'scroll', kind: 'ZK_COMMIT', rootIndex: '16', status: 'REVERTED', extra: range },
    ]);
    expect(facts.parameterChanges).toEqual([{ ...prov(205, 0, h(0xa6)), rollupId: 'scroll', name: 'enforcedBatchMode', value: { enabled: true, lastCommittedBatchIndex: '13' } }]);
  });

  it('gives a finalization the L2 end of its batch from an earlier range\'s legacy commit, and forgets reverted batches', async () => {
    const ctx = contextOf();
    // Range 1: batch 10 committed (codec v4, blocks 500..504).
    await scrollStack.decode(def, batchOf(chainSource!, [logs[0]!], [commit10Tx]), ctx);
    expect(await ctx.state.get('l2Ends')).toEqual({ 10: 504 });
    // Range 2: batch 11 committed (v4, blocks 505..506) and reverted, recommitted as v7; then a bundle finalization up to 10, then up to 11.
    const header10 = encodeLegacyBatchHeader({ version: 4, batchIndex: 10n, l1MessagePopped: 3n, totalL1MessagePopped: 103n });
    const commit11Input = encodeFunctionData({ abi: scrollChainCalls, functionName: 'commitBatchWithBlobProof', args: [4, header10, [encodeChunk([{ number: 505, timestamp: 9_015, numTransactions: 1, numL1Messages: 0 }, { number: 506, timestamp: 9_018, numTransactions: 1, numL1Messages: 0 }])], '0x', '0x'] });
    const commit11Tx = txOf({ hash: h(0xb1), blockNumber: 300, from: sequencer, to: chain, input: commit11Input, blobVersionedHashes: [h(4)] });
    const recommitTx = txOf({ hash: h(0xb3), blockNumber: 302, from: sequencer, to: chain, input: encodeFunctionData({ abi: scrollChainCalls, functionName: 'commitBatches', args: [7, h(0x10), h(0x111)] }), blobVersionedHashes: [h(5)] });
    const fin10Tx = txOf({ hash: h(0xb4), blockNumber: 303, from: sequencer, to: chain, input: encodeFunctionData({ abi: scrollChainCalls, functionName: 'finalizeBundleWithProof', args: [header10, h(0x5b), h(0x3b), '0x'] }) });
    const fin11Tx = txOf({ hash: h(0xb5), blockNumber: 304, from: sequencer, to: chain, input: encodeFunctionData({ abi: scrollChainCalls, functionName: 'finalizeBundlePostEuclidV2', args: ['0x07', 103n, h(0x5c), h(0x3c), '0x'] }) });
    const range2 = [
      logOf(commitBatch, { batchIndex: 11n, batchHash: h(0x11) }, { address: chain, blockNumber: 300, logIndex: 0, transactionHash: commit11Tx.hash }),
      logOf(revertBatchLegacy, { batchIndex: 11n, batchHash: h(0x11) }, { address: chain, blockNumber: 301, logIndex: 0, transactionHash: h(0xb2) }),
      logOf(commitBatch, { batchIndex: 11n, batchHash: h(0x111) }, { address: chain, blockNumber: 302, logIndex: 0, transactionHash: recommitTx.hash }),
      logOf(finalizeBatch, { batchIndex: 10n, batchHash: h(0x10), stateRoot: h(0x5b), withdrawRoot: h(0x3b) }, { address: chain, blockNumber: 303, logIndex: 0, transactionHash: fin10Tx.hash }),
      logOf(finalizeBatch, { batchIndex: 11n, batchHash: h(0x111), stateRoot: h(0x5c), withdrawRoot: h(0x3c) }, { address: chain, blockNumber: 304, logIndex: 0, transactionHash: fin11Tx.hash }),
    ];
    const facts = await scrollStack.decode(def, batchOf(chainSource!, range2, [commit11Tx, recommitTx, fin10Tx, fin11Tx]), ctx);
    expect(facts.stateRoots.map((r) => `${r.kind}:${r.rootIndex}:${r.l2BlockNumber}:${(r.extra as { totalL1MessagePopped?: string } | null)?.totalL1MessagePopped ?? '-'}`)).toEqual([
      'ZK_COMMIT:11:506:-', 'ZK_COMMIT:11:null:-', 'ZK_PROOF:10:504:103', 'ZK_EXECUTE:10:504:103', 'ZK_PROOF:11:null:103', 'ZK_EXECUTE:11:null:103',
    ]);
    expect(await ctx.state.get('l2Ends')).toEqual({});
  });

  it('marks a commitAndFinalizeBatch commit as forced and reads its message count', async () => {
    const input = encodeFunctionData({ abi: scrollChainCalls, functionName: 'commitAndFinalizeBatch', args: [7, h(0x20), { batchHeader: '0x07', totalL1MessagesPoppedOverall: 130n, postStateRoot: h(1), withdrawRoot: h(2), zkProof: '0x' }] });
    const tx = txOf({ hash: h(0xc1), blockNumber: 300, from: '0x2222222222222222222222222222222222222222', to: chain, input, blobVersionedHashes: [h(9)] });
    const log = logOf(commitBatch, { batchIndex: 21n, batchHash: h(0x21) }, { address: chain, blockNumber: 300, logIndex: 0, transactionHash: tx.hash });
    const facts = await scrollStack.decode(def, batchOf(chainSource!, [log], [tx]), contextOf());
    expect(facts.sequencerBatches[0]).toMatchObject({ batchNumber: '21', forced: true, delayedMessagesRead: '130', submitter: '0x2222222222222222222222222222222222222222' });
  });

  it('decodes QueueTransaction with the enforced-mode deadline for the V2 queue only', async () => {
    const args = { sender: '0x7885bcbd5cecef1336b5300fb5186a12ddd8c478', target: '0x781e90f1c8fc4611c9b7497c3b47f99ef6969cbc', value: 5n, queueIndex: 1_000n, gasLimit: 200_000n, data: '0xdeadbeef' } as const;
    const v1 = logOf(queueTransaction, args, { address: def.contracts.l1MessageQueueV1.address, blockNumber: 400, logIndex: 1, transactionHash: h(0xd1) });
    const v2 = logOf(queueTransaction, { ...args, queueIndex: 1_001n }, { address: def.contracts.l1MessageQueueV2!.address, blockNumber: 401, logIndex: 2, transactionHash: h(0xd2) });
    const facts = await scrollStack.decode(def, batchOf(queueSource!, [v1, v2]), contextOf());
    const extra = (queue: string) => ({ queue, target: args.target, value: '5', gasLimit: '200000', dataBytes: 4 });
    expect(facts.forcedMessages).toEqual([
      { ...prov(400, 1, h(0xd1)), rollupId: 'scroll', queueIndex: '1000', kind: 'L1_MESSAGE', sender: args.sender, deadline: null, windowSeconds: null, windowBlocks: null, messageHash: l1MessageTxHash({ ...args }), extra: extra('V1') },
      { ...prov(401, 2, h(0xd2)), rollupId: 'scroll', queueIndex: '1001', kind: 'L1_MESSAGE', sender: args.sender, deadline: time(401) + 604_800, windowSeconds: 604_800, windowBlocks: null, messageHash: l1MessageTxHash({ ...args, queueIndex: 1_001n }), extra: extra('V2') },
    ]);
    // The L2 hash is keccak(0x7e ‖ rlp([queueIndex, gasLimit, to, value, data, sender])).
    expect(l1MessageTxHash({ ...args, queueIndex: 0n, value: 0n })).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('rejects malformed logs with an error naming the event and the block', async () => {
    const bad = { ...logs[3]!, data: logs[3]!.data.slice(0, 66) as Hex };
    await expect(scrollStack.decode(def, batchOf(chainSource!, [bad], [finalizeTx]), contextOf())).rejects.toThrow(/FinalizeBatch.*block 202/);
    const wide = logOf(revertBatchRange, { startBatchIndex: 10n, finishBatchIndex: 5n }, { address: chain, blockNumber: 204, logIndex: 2, transactionHash: h(0xa5) });
    await expect(scrollStack.decode(def, batchOf(chainSource!, [wide]), contextOf())).rejects.toThrow(/RevertBatch \(block 204.*reversed/);
  });
});
