import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, keccak256, type Hex } from 'viem';
import { starknet } from '../../rollups/starknet.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { batchOf, blockHashOf, contextOf, logOf, txOf } from '../zk-common/testing.ts';
import { consumedMessageToL1, consumedMessageToL2, logMessageToL1, logMessageToL2, logMessageToL2Legacy, logStateUpdate } from './abi.ts';
import { l1ToL2MessageHash, l2ToL1MessageHash, starknetSources, starknetStack } from './index.ts';

const def = starknet;
const core = def.contracts.core.address;
const [stateSource, messageSource] = starknetSources(def);
const h = (n: number | bigint): Hex => `0x${n.toString(16).padStart(64, '0')}`;
const time = (b: number) => 1_700_000_000 + b * 12;
const prov = (block: number, logIndex: number, tx: Hex, subIndex = 0) => ({
  chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: time(block), txHash: tx, txIndex: 0, logIndex, subIndex,
});
const operator = '0x2c169dfe5fbba12957bdd0ba47d9cedbfe260ca7';
const bridge = '0xae0ee0a63a2ce6baeeffe56e7714fb4efe48d419';

describe('Starknet stack', () => {
  it('the mainnet definition is valid and says there is no forced path', () => {
    expect(rollupDefinitionSchema.parse(def)).toEqual(def);
    expect(def.forcedPath).toBe('none');
    expect(stateSource).toMatchObject({ id: 'state', addresses: [core], fromBlock: 13_627_224, withTransactions: true, withReceipts: true, topics: ['0xd342ddf7a308dec111745b00315c14b7efb2bdae570a6856e088ed0c65a3576c'] });
    expect(messageSource!.kind === 'logs' && messageSource!.topics).toHaveLength(5);
  });

  it('computes message hashes as StarknetMessaging (abi.encodePacked of 32-byte words)', () => {
    const payload = [0xabcn, 10n ** 18n, 0n];
    const packed = (words: bigint[]) => keccak256(encodeAbiParameters(words.map(() => ({ type: 'uint256' })), words));
    expect(l1ToL2MessageHash({ fromAddress: bridge, toAddress: 0x73n, nonce: 9n, selector: 0x2dn, payload })).toBe(packed([BigInt(bridge), 0x73n, 9n, 0x2dn, 3n, ...payload]));
    expect(l2ToL1MessageHash({ fromAddress: 0x73n, toAddress: bridge, payload })).toBe(packed([0x73n, BigInt(bridge), 3n, ...payload]));
  });

  it('decodes a state update as batch, STATE_UPDATE and ZK_PROOF with every column', async () => {
    const tx = txOf({ hash: h(0xa1), blockNumber: 500, from: operator, to: core, input: '0x507ee528', blobVersionedHashes: [h(1), h(2)], gasUsed: 400_000n, effectiveGasPrice: 3n, blobGasPrice: 7n });
    const log = logOf(logStateUpdate, { globalRoot: 0x1234n, blockNumber: 900_010n, blockHash: 0xb10cn }, { address: core, blockNumber: 500, logIndex: 2, transactionHash: tx.hash });
    const ctx = contextOf({ calls: { stateBlockNumber: (b) => (b === 499 ? 900_000n : -1n) } });
    const facts = await starknetStack.decode(def, batchOf(stateSource!, [log], [tx]), ctx);
    expect(ctx.seen).toEqual([{ functionName: 'stateBlockNumber', blockNumber: 499 }]);
    expect(facts.sequencerBatches).toEqual([{
      ...prov(500, 2, tx.hash), rollupId: 'starknet', batchNumber: '900010', submitter: operator, dataLocation: 'BLOB', bytesPosted: 262_144, blobCount: 2,
      blobGasUsed: '262144', blobBaseFee: '7', l1GasUsed: '400000', l1GasPrice: '3', executionFee: '1200000', blobFee: '1835008',
      l2BlockStart: 900_001, l2BlockEnd: 900_010, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
      extra: { globalRoot: h(0x1234), blockHash: h(0xb10c), tx: { batches: 1, blobs: 2, bytes: 262_144, gasUsed: '400000', blobGasUsed: '262144', selector: '0x507ee528' } },
    }]);
    const row = (subIndex: number, kind: string) => ({
      ...prov(500, 2, tx.hash, subIndex), rollupId: 'starknet', kind, rootIndex: '900010', parentIndex: '900000', root: h(0x1234),
      l2BlockNumber: 900_010, l2BlockHash: h(0xb10c), proposer: operator, extra: { firstL2Block: 900_001 },
    });
    expect(facts.stateRoots).toEqual([row(0, 'STATE_UPDATE'), row(1, 'ZK_PROOF')]);
  });

  it('decodes both LogMessageToL2 versions, consumption, and L2→L1 messages keyed by their hashes', async () => {
    const payload = [0xdeadn, 5n, 0n];
    const toAddress = 0x073314940630fd6dcda0d772d4c972c4e0a9946bef9dabf4ef84eda8ef542b82n;
    const selector = 0x02d757788a8d8d6f21d1cd40bce38a8222d70654214e96ff95d8086e684fbee5n;
    const logs = [
      logOf(logMessageToL2, { fromAddress: bridge, toAddress, selector, payload, nonce: 11n, fee: 1_000n }, { address: core, blockNumber: 600, logIndex: 0, transactionHash: h(0xb1) }),
      logOf(logMessageToL2Legacy, { from_address: bridge, to_address: toAddress, selector, payload, nonce: 3n }, { address: core, blockNumber: 601, logIndex: 0, transactionHash: h(0xb2) }),
      logOf(consumedMessageToL2, { fromAddress: bridge, toAddress, selector, payload, nonce: 11n }, { address: core, blockNumber: 602, logIndex: 5, transactionHash: h(0xb3) }),
      logOf(logMessageToL1, { fromAddress: toAddress, toAddress: bridge, payload }, { address: core, blockNumber: 602, logIndex: 6, transactionHash: h(0xb3) }),
      logOf(consumedMessageToL1, { fromAddress: toAddress, toAddress: bridge, payload }, { address: core, blockNumber: 603, logIndex: 1, transactionHash: h(0xb4) }),
    ];
    const facts = await starknetStack.decode(def, batchOf(messageSource!, logs), contextOf());
    const id11 = l1ToL2MessageHash({ fromAddress: bridge, toAddress, nonce: 11n, selector, payload });
    const id3 = l1ToL2MessageHash({ fromAddress: bridge, toAddress, nonce: 3n, selector, payload });
    const out = l2ToL1MessageHash({ fromAddress: toAddress, toAddress: bridge, payload });
    const words = { payload: payload.map((p) => h(p)), payloadLength: 3 };
    const dep = { direction: 'DEPOSIT', kind: 'MESSAGE', sender: bridge, recipient: h(toAddress), token: null, amount: null, l2TxHash: null, rollupId: 'starknet' };
    const wd = { direction: 'WITHDRAWAL', kind: 'MESSAGE', sender: h(toAddress), recipient: bridge, token: null, amount: null, l2TxHash: null, rollupId: 'starknet', extra: words };
    expect(facts.bridgeMessages).toEqual([
      { ...prov(600, 0, h(0xb1)), ...dep, messageId: id11, stage: 'INITIATED', extra: { nonce: '11', selector: h(selector), ...words, fee: '1000', version: 'current' } },
      { ...prov(601, 0, h(0xb2)), ...dep, messageId: id3, stage: 'INITIATED', extra: { nonce: '3', selector: h(selector), ...words, fee: null, version: 'legacy' } },
      { ...prov(602, 5, h(0xb3)), ...dep, messageId: id11, stage: 'INCLUDED', extra: { nonce: '11', selector: h(selector), ...words } },
      { ...prov(602, 6, h(0xb3)), ...wd, messageId: out, stage: 'PROVEN' },
      { ...prov(603, 1, h(0xb4)), ...wd, messageId: out, stage: 'FINALIZED' },
    ]);
  });

  it('rejects malformed logs with an error naming the event and the block', async () => {
    const log = logOf(logStateUpdate, { globalRoot: 1n, blockNumber: 2n, blockHash: 3n }, { address: core, blockNumber: 500, logIndex: 2, transactionHash: h(0xa1) });
    await expect(starknetStack.decode(def, batchOf(stateSource!, [{ ...log, data: log.data.slice(0, 100) as Hex }]), contextOf())).rejects.toThrow(/LogStateUpdate.*block 500/);
  });
});
