import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, encodePacked, keccak256, type Hex } from 'viem';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { bridgeEvents, eventOf, inboxEvents, sequencerInboxEvents } from './abi.ts';
import { ALIAS_OFFSET, undoAlias } from './constants.ts';
import { windowsAtBlocks } from './force-window.ts';
import { arbitrumStack } from './index.ts';
import { arbitrumSources } from './sources.ts';
import { encodeLog, fakeHash, sourceBatch, testContext } from './testing.ts';
import { decodeInSlices, viewOf } from '../../ingest/slices.ts';
import { emptyFacts, type Facts, type RawLog } from '../types.ts';

const rollup = arbitrumOne;
const source = arbitrumSources(rollup).find((s) => s.id === 'delayed-inbox')!;
const { bridge, inbox, sequencerInbox } = rollup.contracts;
const messageDelivered = eventOf(bridgeEvents, 'MessageDelivered');
const inboxMessage = eventOf(inboxEvents, 'InboxMessageDelivered');
const alias = (a: string) => `0x${((BigInt(a) + ALIAS_OFFSET) % (1n << 160n)).toString(16).padStart(40, '0')}` as Hex;

const DEPOSITOR = '0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be';
const L1_GATEWAY = '0xa3a7b6f88361f48403514059f1f16c8e78d60eec';
const L2_GATEWAY = '0x09e9222e96e7b4ae2a407b98d48e330053351eee';

/** A delayed message as the Inbox delivers it: Bridge.MessageDelivered then Inbox.InboxMessageDelivered. */
function message(opts: { index: bigint; kind: number; l1Sender: string; data: Hex; block: number; time: number; logIndex: number; inboxAddress?: string; aliased?: boolean }) {
  const hash = fakeHash('deposit-tx');
  const at = { blockNumber: opts.block, blockTime: opts.time, transactionHash: hash, transactionIndex: 7 };
  return [
    encodeLog(messageDelivered, {
      messageIndex: opts.index, beforeInboxAcc: fakeHash('acc'), inbox: opts.inboxAddress ?? inbox.address, kind: opts.kind,
      sender: opts.aliased === false ? (opts.l1Sender as Hex) : alias(opts.l1Sender), messageDataHash: keccak256(opts.data),
      baseFeeL1: 9_100_000_000n, timestamp: BigInt(opts.time),
    }, { ...at, address: bridge.address, logIndex: opts.logIndex }),
    encodeLog(inboxMessage, { messageNum: opts.index, data: opts.data }, { ...at, address: (opts.inboxAddress ?? inbox.address) as Hex, logIndex: opts.logIndex + 1 }),
  ];
}

const ethDepositData = encodePacked(['address', 'uint256'], [DEPOSITOR, 1_500_000_000_000_000_000n]);
const l2Calldata = `0x2e567b36${'00'.repeat(32 * 5)}` as Hex;
const retryableData = encodePacked(
  ['uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'bytes'],
  [BigInt(L2_GATEWAY), 0n, 412_000_000_000_000n, 112_000_000_000_000n, BigInt(DEPOSITOR), BigInt(DEPOSITOR), 300_000n, 1_000_000_000n, BigInt((l2Calldata.length - 2) / 2), l2Calldata],
);
const window = [7_200n, 64n, 86_400n, 768n] as const;

describe('delayed inbox → forced_messages + deposits', () => {
  it('an ETH deposit: forced message with deadline from maxTimeVariation at its block, DEPOSIT row with amount and un-aliased sender', async () => {
    const logs = message({ index: 1_870_556n, kind: 12, l1Sender: DEPOSITOR, data: ethDepositData, block: 21_520_100, time: 1_735_201_211, logIndex: 300 });
    const ctx = testContext({ read: (fn) => { expect(fn).toBe('maxTimeVariation'); return window; } });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, logs), ctx);
    expect(ctx.reads).toEqual([{ functionName: 'maxTimeVariation', address: sequencerInbox.address, blockNumber: 21_520_100, args: undefined }]);
    expect(facts.forcedMessages).toEqual([{
      chainId: 1, blockNumber: 21_520_100, blockHash: logs[0]!.blockHash, blockTime: 1_735_201_211, txHash: logs[0]!.transactionHash, txIndex: 7, logIndex: 300, subIndex: 0,
      rollupId: 'arbitrum-one', queueIndex: '1870556', kind: 'ETH_DEPOSIT', sender: alias(DEPOSITOR),
      deadline: 1_735_201_211 + 86_400, windowSeconds: 86_400, windowBlocks: 7_200, messageHash: keccak256(ethDepositData),
      extra: {
        kindCode: 12, inbox: inbox.address.toLowerCase(), l1Sender: DEPOSITOR, beforeInboxAcc: expect.any(String),
        baseFeeL1: '9100000000', timestamp: '1735201211', deadlineBlock: String(21_520_100 + 7_200),
      },
    }]);
    expect(facts.bridgeMessages).toEqual([{
      chainId: 1, blockNumber: 21_520_100, blockHash: logs[0]!.blockHash, blockTime: 1_735_201_211, txHash: logs[0]!.transactionHash, txIndex: 7, logIndex: 300, subIndex: 0,
      rollupId: 'arbitrum-one', direction: 'DEPOSIT', kind: 'ETH_DEPOSIT', messageId: '1870556', stage: 'INITIATED',
      sender: DEPOSITOR, recipient: DEPOSITOR, token: null, amount: '1500000000000000000', l2TxHash: null,
      extra: { l2Sender: alias(DEPOSITOR), inbox: inbox.address.toLowerCase() },
    }]);
  });

  it('a retryable ticket (token gateway deposit): recipient = to, amount = l2CallValue, fee fields in extra', async () => {
    const logs = message({ index: 1_870_557n, kind: 9, l1Sender: L1_GATEWAY, data: retryableData, block: 21_520_101, time: 1_735_201_223, logIndex: 12 });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, logs), testContext({ read: () => window }));
    expect(facts.forcedMessages[0]).toMatchObject({ queueIndex: '1870557', kind: 'SUBMIT_RETRYABLE', sender: alias(L1_GATEWAY) });
    expect(facts.bridgeMessages[0]).toMatchObject({
      kind: 'RETRYABLE', messageId: '1870557', sender: L1_GATEWAY, recipient: L2_GATEWAY, amount: '0',
      extra: {
        deposit: '412000000000000', maxSubmissionCost: '112000000000000', excessFeeRefundAddress: DEPOSITOR, callValueRefundAddress: DEPOSITOR,
        gasLimit: '300000', maxFeePerGas: '1000000000', dataLength: '164', l2CallSelector: '0x2e567b36',
      },
    });
  });

  it('batch-spending reports (kind 13 from the SequencerInbox) are not forced messages; plain L2 messages are, without a deposit row', async () => {
    const report = message({ index: 1_870_558n, kind: 13, l1Sender: '0xc1b634853cb333d3ad8663715b08f41a3aec47cc', data: `0x${'11'.repeat(140)}`, block: 21_520_102, time: 1_735_201_235, logIndex: 1, inboxAddress: sequencerInbox.address, aliased: false });
    const l2msg = message({ index: 1_870_559n, kind: 3, l1Sender: DEPOSITOR, data: '0x04f86b', block: 21_520_102, time: 1_735_201_235, logIndex: 5 });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, [...report, ...l2msg]), testContext({ read: () => window }));
    expect(facts.forcedMessages.map((m) => [m.queueIndex, m.kind])).toEqual([['1870559', 'L2_MESSAGE']]);
    expect(facts.bridgeMessages).toEqual([]);
  });

  it('a payload missing, or from another transaction, is reported, not trusted', async () => {
    const logs = message({ index: 5n, kind: 12, l1Sender: DEPOSITOR, data: ethDepositData, block: 100, time: 1_000, logIndex: 0 });
    const elsewhere = encodeLog(inboxMessage, { messageNum: 5n, data: encodePacked(['address', 'uint256'], [DEPOSITOR, 9n]) }, { address: inbox.address, blockNumber: 100, blockTime: 1_000, transactionHash: fakeHash('other'), logIndex: 1 });
    const foreign = await arbitrumStack.decode(rollup, sourceBatch(source, [logs[0]!, elsewhere]), testContext({ read: () => window }));
    expect(foreign.bridgeMessages[0]).toMatchObject({ amount: null, recipient: null, extra: { reason: 'InboxMessageDelivered payload of this message comes from another transaction' } });
    const missing = await arbitrumStack.decode(rollup, sourceBatch(source, [logs[0]!]), testContext({ read: () => window }));
    expect(missing.bridgeMessages[0]).toMatchObject({ amount: null, extra: { reason: 'InboxMessageDelivered payload of this message not found' } });
    expect(missing.forcedMessages).toHaveLength(1);
  });

  it('a window change announced inside the range splits the reads; deadlines follow the window of each block', async () => {
    const before = message({ index: 10n, kind: 12, l1Sender: DEPOSITOR, data: ethDepositData, block: 1_000, time: 10_000, logIndex: 0 });
    const after = message({ index: 11n, kind: 12, l1Sender: DEPOSITOR, data: ethDepositData, block: 1_050, time: 10_600, logIndex: 0 });
    const change = encodeLog(eventOf(sequencerInboxEvents, 'MaxTimeVariationSet'), { maxTimeVariation: { delayBlocks: 100n, futureBlocks: 1n, delaySeconds: 1_200n, futureSeconds: 1n } }, { address: sequencerInbox.address, blockNumber: 1_040, blockTime: 10_480, transactionHash: fakeHash('admin'), logIndex: 0 });
    const ctx = testContext({ read: (_fn, _a, block) => (block < 1_040 ? window : [100n, 1n, 1_200n, 1n]) });
    const facts = await arbitrumStack.decode(rollup, sourceBatch(source, [...before, change, ...after]), ctx);
    expect(facts.forcedMessages.map((m) => [m.queueIndex, m.deadline, m.windowBlocks])).toEqual([['10', 10_000 + 86_400, 7_200], ['11', 10_600 + 1_200, 100]]);
    expect(ctx.reads.map((r) => r.blockNumber).sort()).toEqual([1_000, 1_050]);
    // the SequencerInbox's own parameter rows come from the sequencer-inbox source only
    expect(facts.parameterChanges).toEqual([]);
  });
});

describe('windowsAtBlocks', () => {
  const w = (delaySeconds: bigint) => ({ delayBlocks: 1n, futureBlocks: 1n, delaySeconds, futureSeconds: 1n });

  it('reads a constant window twice for a whole run, whatever its length', async () => {
    const reads: number[] = [];
    const blocks = Array.from({ length: 500 }, (_, i) => 1_000 + i * 3);
    const out = await windowsAtBlocks(blocks, [], async (b) => { reads.push(b); return w(86_400n); });
    expect(reads.sort((a, b) => a - b)).toEqual([1_000, 1_000 + 499 * 3]);
    expect(out.size).toBe(500);
  });

  it('bisects an unannounced change (e.g. an upgrade) down to the block', async () => {
    const blocks = Array.from({ length: 64 }, (_, i) => 100 + i);
    const reads: number[] = [];
    const out = await windowsAtBlocks(blocks, [], async (b) => { reads.push(b); return w(b < 137 ? 86_400n : 345_600n); });
    for (const b of blocks) expect(out.get(b)!.delaySeconds).toBe(b < 137 ? 86_400n : 345_600n);
    expect(new Set(reads).size).toBeLessThanOrEqual(2 + 2 * Math.ceil(Math.log2(64)));
  });

  it('an announced change starts a new run even when both ends agree (A → B → A)', async () => {
    const out = await windowsAtBlocks([10, 20, 30], [20, 30], async (b) => w(b === 20 ? 1n : 2n));
    expect([10, 20, 30].map((b) => out.get(b)!.delaySeconds)).toEqual([2n, 1n, 2n]);
  });
});

describe('delayed inbox decoded in slices', () => {
  /** Decodes as the engine does (decodeInSlices), slices of about `size` logs; also returns their count. */
  async function decodeSliced(logs: RawLog[], size: number): Promise<Facts> {
    const batch = sourceBatch(source, logs);
    const out = emptyFacts();
    let slices = 0;
    for await (const facts of decodeInSlices(arbitrumStack, rollup, batch, viewOf(batch.logs), testContext({ read: () => window }), size)) {
      slices++;
      for (const key of Object.keys(facts) as (keyof Facts)[]) (out[key] as unknown[]).push(...facts[key]);
    }
    expect(slices).toBeGreaterThan(1);
    return out;
  }
  const byKey = (rows: { logIndex: number }[]) => [...rows].sort((a, b) => a.logIndex - b.logIndex);

  it('equal the whole range, also when payloads follow a run of messages (a bulk transaction) or never come', async () => {
    // One transaction: three messages (two deposits) and then their payloads, as a bulk delivery
    // would emit them; then a deposit with its payload right after; then a deposit without one.
    const tx = fakeHash('bulk-tx');
    const at = (logIndex: number, address: string) => ({ blockNumber: 21_520_100, blockTime: 1_735_201_211, transactionHash: tx, transactionIndex: 3, logIndex, address: address as Hex });
    const md = (index: bigint, kind: number, data: Hex, logIndex: number) => encodeLog(messageDelivered, {
      messageIndex: index, beforeInboxAcc: fakeHash('acc'), inbox: inbox.address, kind, sender: alias(DEPOSITOR), messageDataHash: keccak256(data),
      baseFeeL1: 9_100_000_000n, timestamp: 1_735_201_211n,
    }, at(logIndex, bridge.address));
    const payload = (index: bigint, data: Hex, logIndex: number) => encodeLog(inboxMessage, { messageNum: index, data }, at(logIndex, inbox.address));
    const l2Msg = '0x1234' as Hex;
    const logs = [
      md(10n, 12, ethDepositData, 0), md(11n, 9, retryableData, 1), md(12n, 3, l2Msg, 2),
      payload(10n, ethDepositData, 3), payload(11n, retryableData, 4), payload(12n, l2Msg, 5),
      md(13n, 12, ethDepositData, 6), payload(13n, ethDepositData, 7),
      md(14n, 12, ethDepositData, 8),
    ];
    const whole = await arbitrumStack.decode(rollup, sourceBatch(source, logs), testContext({ read: () => window }));
    expect(whole.bridgeMessages.map((r) => [r.messageId, r.recipient, (r.extra as { reason?: string }).reason])).toEqual([
      ['10', DEPOSITOR, undefined], ['11', L2_GATEWAY, undefined], ['13', DEPOSITOR, undefined], ['14', null, 'InboxMessageDelivered payload of this message not found'],
    ]);
    for (const size of [1, 2, 4]) {
      const sliced = await decodeSliced(logs, size);
      expect(byKey(sliced.forcedMessages)).toEqual(byKey(whole.forcedMessages));
      expect(byKey(sliced.bridgeMessages)).toEqual(byKey(whole.bridgeMessages));
      expect(byKey(sliced.parameterChanges)).toEqual(byKey(whole.parameterChanges));
    }
  });
});

describe('undoAlias', () => {
  it('inverts applyL1ToL2Alias, including wrap-around', () => {
    expect(undoAlias(alias(DEPOSITOR))).toBe(DEPOSITOR);
    const high = '0xffffffffffffffffffffffffffffffffffffffff';
    expect(undoAlias(alias(high))).toBe(high);
    expect(encodeAbiParameters([{ type: 'address' }], [undoAlias(alias(L1_GATEWAY))])).toContain(L1_GATEWAY.slice(2));
  });

  it('equals the BigInt definition (address − offset mod 2^160) on addresses around every word boundary', () => {
    const byBigInt = (a: string) => `0x${((BigInt(a) - ALIAS_OFFSET + (1n << 160n)) % (1n << 160n)).toString(16).padStart(40, '0')}`;
    const samples = ['0x0000000000000000000000000000000000000000', '0x1111000000000000000000000000000000001111', '0x1111000000000000000000000000000000001110', '0xABCDEF0123456789abcdef0123456789ABCDEF01'];
    for (let k = 0; k < 160; k += 8) for (const d of [-1n, 0n, 1n]) samples.push(`0x${(((1n << BigInt(k)) + d + ALIAS_OFFSET) % (1n << 160n)).toString(16).padStart(40, '0')}`);
    let x = 0x1234567n;
    for (let i = 0; i < 200; i++) samples.push(`0x${(x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 160n)).toString(16).padStart(40, '0')}`);
    for (const a of samples) expect(undoAlias(a)).toBe(byBigInt(a));
    expect(() => undoAlias('0x1234')).toThrow(/not an address/);
  });
});
