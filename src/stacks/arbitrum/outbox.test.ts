import { describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { eventOf, outboxEvents, outboxFunctions } from './abi.ts';
import { arbitrumStack } from './index.ts';
import { arbitrumSources } from './sources.ts';
import { encodeLog, fakeHash, sourceBatch, testContext, tx } from './testing.ts';

const rollup = arbitrumOne;
const source = arbitrumSources(rollup).find((s) => s.id === 'outbox')!;
const outbox = rollup.contracts.outbox.address;
const USER = '0x8ba1f109551bd432803012645ac136ddd64dba72';
const L2_SENDER = '0x5288c571fd7ad117bea99bf60fe0846c4e84f933';

function executed(index: bigint, to: string, l2Sender: string, txTo: string, input: Hex) {
  const hash = fakeHash('withdraw');
  const log = encodeLog(eventOf(outboxEvents, 'OutBoxTransactionExecuted'), { to, l2Sender, zero: 0n, transactionIndex: index }, {
    address: outbox, blockNumber: 21_600_000, blockTime: 1_736_000_000, transactionHash: hash, transactionIndex: 3, logIndex: 44,
  });
  return { log, transaction: tx({ hash, from: USER as Hex, to: txTo as Hex, input, blockNumber: 21_600_000, blockTime: 1_736_000_000, transactionIndex: 3 }) };
}

const execute = (index: bigint, value: bigint) => encodeFunctionData({
  abi: outboxFunctions, functionName: 'executeTransaction',
  args: [[fakeHash('p1'), fakeHash('p2')], index, USER, USER, 290_000_000n, 21_550_000n, 1_735_400_000n, value, '0x'],
});

describe('Outbox: executed withdrawals and send roots', () => {
  it('executeTransaction called directly: WITHDRAWAL FINALIZED keyed by transactionIndex, ETH value and L2 context from calldata', async () => {
    const { log, transaction } = executed(163_421n, USER, USER, outbox, execute(163_421n, 250_000_000_000_000_000n));
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, [log], [transaction]), testContext());
    expect(facts.bridgeMessages).toEqual([{
      chainId: 1, blockNumber: 21_600_000, blockHash: log.blockHash, blockTime: 1_736_000_000, txHash: log.transactionHash, txIndex: 3, logIndex: 44, subIndex: 0,
      rollupId: 'arbitrum-one', direction: 'WITHDRAWAL', kind: 'L2_TO_L1_TX', messageId: '163421', stage: 'FINALIZED',
      sender: USER, recipient: USER, token: null, amount: '250000000000000000', l2TxHash: null,
      extra: { l2Block: '290000000', l1Block: '21550000', l2Timestamp: '1735400000', dataLength: 0 },
    }]);
  });

  it('executed through another contract: amount unknown, with the reason', async () => {
    const { log, transaction } = executed(9n, '0xa3a7b6f88361f48403514059f1f16c8e78d60eec', L2_SENDER, '0x000000000000000000000000000000000000dead', '0x12345678');
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, [log], [transaction]), testContext());
    expect(facts.bridgeMessages[0]).toMatchObject({ messageId: '9', sender: L2_SENDER, recipient: '0xa3a7b6f88361f48403514059f1f16c8e78d60eec', amount: null });
    expect((facts.bridgeMessages[0]!.extra as Record<string, unknown>).reason).toMatch(/executed through another contract/);
  });

  it('SendRootUpdated is a parameter change outboxSendRoot', async () => {
    const sendRoot = fakeHash('sr');
    const l2BlockHash = fakeHash('bh');
    const log = encodeLog(eventOf(outboxEvents, 'SendRootUpdated'), { outputRoot: sendRoot, l2BlockHash }, {
      address: outbox, blockNumber: 21_600_001, blockTime: 1_736_000_012, transactionHash: fakeHash('c'), logIndex: 2,
    });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, [log]), testContext());
    expect(facts.parameterChanges).toEqual([expect.objectContaining({ name: 'outboxSendRoot', value: { sendRoot, l2BlockHash }, blockNumber: 21_600_001, logIndex: 2 })]);
  });
});
