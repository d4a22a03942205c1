import { describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { linea } from '../../rollups/linea.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { batchOf, blockHashOf, contextOf, logOf, txOf } from '../zk-common/testing.ts';
import { dataFinalizedV3, dataSubmittedV3, messageClaimed, messageSent, rollingHashUpdated } from './abi.ts';
import { lineaSources, lineaStack } from './index.ts';

const def = linea;
const rollup = def.contracts.lineaRollup.address;
const [rollupSource, messageSource] = lineaSources(def);
const h = (n: number): Hex => `0x${n.toString(16).padStart(64, '0')}`;
const time = (b: number) => 1_700_000_000 + b * 12;
const prov = (block: number, logIndex: number, tx: Hex, subIndex = 0) => ({
  chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: time(block), txHash: tx, txIndex: 0, logIndex, subIndex,
});
const submitter = '0x46d2f319fd42165d4318f099e143dea8124e9e3e';
const finalizer = '0x52ff08f313a00a54e3beffb5c4a7f7446efb6754';

describe('Linea stack', () => {
  it('the mainnet definition says there is no forced path', () => {
    expect(rollupDefinitionSchema.parse(def)).toEqual(def);
    expect(def.forcedPath).toBe('none');
    expect(rollupSource).toMatchObject({ id: 'rollup', addresses: [rollup], withTransactions: true, withReceipts: true, topics: ['0x55f4c645c36aa5cd3f443d6be44d7a7a5df9d2100d7139dfc69d4289ee072319', '0xa0262dc79e4ccb71ceac8574ae906311ae338aa4a2044fd4ec4b99fad5ab60cb'] });
    expect(messageSource).toMatchObject({ id: 'messages', topics: ['0xe856c2b8bd4eb0027ce32eeaf595c21b0b6b4644b326e5b7bd80a1cf8db72e6c', '0xea3b023b4c8680d4b4824f0143132c95476359a2bb70a81d6c5a36f6918f6339', '0xa4c827e719e911e8f19393ccdb85b5102f08f0910604d340ba38390b7ff2ab0e'] });
  });

  it('decodes submissions, finalizations and messages into every column', async () => {
    const submitTx = txOf({ hash: h(0xa1), blockNumber: 300, from: submitter, to: rollup, input: '0x99467a35', blobVersionedHashes: [h(1), h(2), h(3), h(4), h(5), h(6)], gasUsed: 200_000n, effectiveGasPrice: 4n, blobGasPrice: 1n });
    const finalizeTx = txOf({ hash: h(0xa2), blockNumber: 305, from: finalizer, to: rollup, input: '0x5603c65f' });
    const logs = [
      logOf(dataSubmittedV3, { parentShnarf: h(0x01), shnarf: h(0x02), finalStateRootHash: h(0x5a) }, { address: rollup, blockNumber: 300, logIndex: 7, transactionHash: submitTx.hash }),
      logOf(dataFinalizedV3, { startBlockNumber: 1_000n, endBlockNumber: 1_999n, shnarf: h(0x02), parentStateRootHash: h(0x59), finalStateRootHash: h(0x5a) }, { address: rollup, blockNumber: 305, logIndex: 3, transactionHash: finalizeTx.hash }),
    ];
    const facts = await lineaStack.decode(def, batchOf(rollupSource!, logs, [submitTx, finalizeTx]), contextOf());
    expect(facts.sequencerBatches).toEqual([{
      ...prov(300, 7, submitTx.hash), rollupId: 'linea', batchNumber: '300000007', submitter, dataLocation: 'BLOB', bytesPosted: 6 * 131_072, blobCount: 6,
      blobGasUsed: '786432', blobBaseFee: '1', l1GasUsed: '200000', l1GasPrice: '4', executionFee: '800000', blobFee: '786432',
      l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
      extra: { shnarf: h(0x02), parentShnarf: h(0x01), finalStateRootHash: h(0x5a), tx: { batches: 1, blobs: 6, bytes: 786_432, gasUsed: '200000', blobGasUsed: '786432', selector: '0x99467a35' } },
    }]);
    const fin = { startBlockNumber: 1_000, parentStateRootHash: h(0x59) };
    expect(facts.stateRoots).toEqual([
      { ...prov(300, 7, submitTx.hash), rollupId: 'linea', kind: 'ZK_COMMIT', rootIndex: h(0x02), parentIndex: h(0x01), root: h(0x5a), l2BlockNumber: null, l2BlockHash: null, proposer: submitter, extra: null },
      { ...prov(305, 3, finalizeTx.hash, 0), rollupId: 'linea', kind: 'ZK_PROOF', rootIndex: h(0x02), parentIndex: null, root: h(0x5a), l2BlockNumber: 1_999, l2BlockHash: null, proposer: finalizer, extra: fin },
      { ...prov(305, 3, finalizeTx.hash, 1), rollupId: 'linea', kind: 'ZK_EXECUTE', rootIndex: h(0x02), parentIndex: null, root: h(0x5a), l2BlockNumber: 1_999, l2BlockHash: null, proposer: finalizer, extra: fin },
    ]);
    expect(facts.forcedMessages).toEqual([]);
  });

  it('keys deposits by message hash with the rolling-hash message number, and claims as finalized withdrawals', async () => {
    const from = '0x051f1d88f0af5763fb888ec4378b4d8b29ea3319';
    const to = '0x353012dc4a9a6cf55c941badc267f82004a8ceb9';
    const logs = [
      logOf(rollingHashUpdated, { messageNumber: 88n, rollingHash: h(0x88), messageHash: h(0x4d) }, { address: rollup, blockNumber: 310, logIndex: 4, transactionHash: h(0xb1) }),
      logOf(messageSent, { _from: from, _to: to, _fee: 100n, _value: 10n ** 17n, _nonce: 88n, _calldata: '0xabcdef', _messageHash: h(0x4d) }, { address: rollup, blockNumber: 310, logIndex: 5, transactionHash: h(0xb1) }),
      logOf(messageClaimed, { _messageHash: h(0x4e) }, { address: rollup, blockNumber: 311, logIndex: 0, transactionHash: h(0xb2) }),
    ];
    const facts = await lineaStack.decode(def, batchOf(messageSource!, logs), contextOf());
    expect(facts.bridgeMessages).toEqual([
      {
        ...prov(310, 5, h(0xb1)), rollupId: 'linea', direction: 'DEPOSIT', kind: 'MESSAGE', messageId: h(0x4d), stage: 'INITIATED', sender: from, recipient: to, token: null,
        amount: '100000000000000000', l2TxHash: null, extra: { fee: '100', nonce: '88', calldataBytes: 3, messageNumber: '88', rollingHash: h(0x88) },
      },
      { ...prov(311, 0, h(0xb2)), rollupId: 'linea', direction: 'WITHDRAWAL', kind: 'MESSAGE', messageId: h(0x4e), stage: 'FINALIZED', sender: null, recipient: null, token: null, amount: null, l2TxHash: null, extra: null },
    ]);
  });

  it('rejects malformed logs with an error naming the event and the block', async () => {
    const log = logOf(dataFinalizedV3, { startBlockNumber: 1n, endBlockNumber: 2n, shnarf: h(2), parentStateRootHash: h(3), finalStateRootHash: h(4) }, { address: rollup, blockNumber: 305, logIndex: 3, transactionHash: h(0xa2) });
    await expect(lineaStack.decode(def, batchOf(rollupSource!, [{ ...log, data: '0x' }]), contextOf())).rejects.toThrow(/DataFinalizedV3.*block 305/);
  });
});
