/**
 * Decode vectors for every OP Stack log source, built with viem from the reference signatures
 * (abi.ts, checked against events.md by abi.test.ts). Every column of every row is asserted.
 */
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, encodeFunctionData, encodePacked, pad, type Hex } from 'viem';
import { getL2TransactionHash, getSourceHash } from 'viem/op-stack';
import { opMainnet } from '../../rollups/op-mainnet.ts';
import type { Address } from '../../rollups/types.ts';
import type { RawLog, RawTransaction, Source } from '../types.ts';
import {
  disputeGameFactoryEvents, disputeGameFactoryFunctions, eventOf, faultDisputeGameEvents, faultDisputeGameViews, l1StandardBridgeEvents,
  l2OutputOracleEvents, messengerFunctions, portalEvents, portalFunctions, standardBridgeFunctions, systemConfigEvents,
} from './abi.ts';
import { definitionBatcherHistory } from './batcher-history.ts';
import { createOpStack } from './index.ts';
import { opStackSources } from './sources.ts';
import { encodeLog, fakeHash, issueCollector, makeTx, revert, sourceBatch, testContext, blockHashOf, blockTimeOf } from './testing.ts';
import { withdrawalHash } from './withdrawals.ts';
import { topics } from './events.ts';

const rollup = opMainnet;
const sources = opStackSources(rollup, { batchers: definitionBatcherHistory() });
const source = (id: string) => sources.find((s) => s.id === id)! as Source;
const C = {
  portal: rollup.contracts.optimismPortal.address.toLowerCase() as Address,
  bridge: rollup.contracts.l1StandardBridge!.address.toLowerCase() as Address,
  systemConfig: rollup.contracts.systemConfig.address.toLowerCase() as Address,
  oracle: rollup.contracts.l2OutputOracle!.address.toLowerCase() as Address,
  factory: rollup.contracts.disputeGameFactory!.address.toLowerCase() as Address,
  l1Messenger: '0x25ace71c97b33cc4729cf772ae268934f7ab5fa1' as Address,
};
const L2_MESSENGER = '0x4200000000000000000000000000000000000007' as Address;
const L2_BRIDGE = '0x4200000000000000000000000000000000000010' as Address;
const ALIASED_L1_MESSENGER = `0x${((BigInt(C.l1Messenger) + 0x1111000000000000000000000000000000001111n) % (1n << 160n)).toString(16).padStart(40, '0')}` as Address;
const USER = '0x1111111111111111111111111111111111111111' as Address;
const RECIPIENT = '0x2222222222222222222222222222222222222222' as Address;
const USDC_L1 = '0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48' as Address;
const USDC_L2 = '0x7f5c764cbc14f9669b88837ca1490cca17c31607' as Address;

/** Logs emitted by transactions, with those transactions (one tx per call, logIndex running per block). */
class Chain {
  logs: RawLog[] = [];
  txs: RawTransaction[] = [];
  private nextLog = new Map<number, number>();
  send(args: { from: Address; to: Address; block: number; input?: Hex; txIndex?: number }, emit: (at: { blockNumber: number; transactionHash: Hex; transactionIndex: number; readonly logIndex: number }) => RawLog[]): Hex {
    const hash = fakeHash('tx');
    const txIndex = args.txIndex ?? 0;
    this.txs.push(makeTx({ hash, from: args.from, to: args.to, blockNumber: args.block, input: args.input ?? '0x', transactionIndex: txIndex }));
    const nextLog = this.nextLog;
    const block = args.block;
    const at = { blockNumber: block, transactionHash: hash, transactionIndex: txIndex, get logIndex() { const n = nextLog.get(block) ?? 0; nextLog.set(block, n + 1); return n; } };
    this.logs.push(...emit(at));
    return hash;
  }
}

const opaque = (d: { mint: bigint; value: bigint; gasLimit: bigint; isCreation: boolean; data: Hex }) =>
  encodePacked(['uint256', 'uint256', 'uint64', 'bool', 'bytes'], [d.mint, d.value, d.gasLimit, d.isCreation, d.data]);
const relay = (nonce: bigint, sender: Address, target: Address, value: bigint, minGasLimit: bigint, message: Hex) =>
  encodeFunctionData({ abi: messengerFunctions, functionName: 'relayMessage', args: [nonce, sender, target, value, minGasLimit, message] });
const MESSENGER_NONCE = (1n << 240n) + 77n;

describe('deposits source', () => {
  it('portal, ETH bridge and ERC20 bridge deposits → forced_messages + DEPOSIT INITIATED (every column); a malformed deposit is reported, the rest decode', async () => {
    const chain = new Chain();
    const deposited = eventOf(portalEvents, 'TransactionDeposited');
    // 1. A direct portal deposit from an EOA: 0.5 ETH minted, 0.2 ETH sent to RECIPIENT.
    const direct = { mint: 5n * 10n ** 17n, value: 2n * 10n ** 17n, gasLimit: 100_000n, isCreation: false, data: '0xabcdef' as Hex };
    chain.send({ from: USER, to: C.portal, block: 20_000_100, txIndex: 3 }, (at) => [
      encodeLog(deposited, { from: USER, to: RECIPIENT, version: 0n, opaqueData: opaque(direct) }, { address: C.portal, ...at }),
    ]);
    // 2. ETH through the L1StandardBridge: legacy + Bridge events, then the messenger's deposit.
    const ethMsg = encodeFunctionData({ abi: standardBridgeFunctions, functionName: 'finalizeBridgeETH', args: [USER, RECIPIENT, 10n ** 18n, '0x'] });
    const ethDeposit = { mint: 10n ** 18n, value: 10n ** 18n, gasLimit: 200_000n, isCreation: false, data: relay(MESSENGER_NONCE, C.bridge, L2_BRIDGE, 10n ** 18n, 200_000n, ethMsg) };
    chain.send({ from: USER, to: C.bridge, block: 20_000_100, txIndex: 7 }, (at) => [
      encodeLog(eventOf(l1StandardBridgeEvents, 'ETHDepositInitiated'), { from: USER, to: RECIPIENT, amount: 10n ** 18n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(eventOf(l1StandardBridgeEvents, 'ETHBridgeInitiated'), { from: USER, to: RECIPIENT, amount: 10n ** 18n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(deposited, { from: ALIASED_L1_MESSENGER, to: L2_MESSENGER, version: 0n, opaqueData: opaque(ethDeposit) }, { address: C.portal, ...at }),
    ]);
    // 3. A malformed deposit (opaqueData too short) in its own tx.
    const badTx = chain.send({ from: USER, to: C.portal, block: 20_000_101 }, (at) => [
      encodeLog(deposited, { from: USER, to: RECIPIENT, version: 0n, opaqueData: '0x01' }, { address: C.portal, ...at }),
    ]);
    // 4. USDC through the bridge (only the Bridge* event, as in recent bridges).
    const erc20Msg = encodeFunctionData({ abi: standardBridgeFunctions, functionName: 'finalizeBridgeERC20', args: [USDC_L2, USDC_L1, USER, USER, 2_500_000n, '0x'] });
    const erc20Deposit = { mint: 0n, value: 0n, gasLimit: 250_000n, isCreation: false, data: relay(MESSENGER_NONCE + 1n, C.bridge, L2_BRIDGE, 0n, 200_000n, erc20Msg) };
    chain.send({ from: USER, to: C.bridge, block: 20_000_102 }, (at) => [
      encodeLog(eventOf(l1StandardBridgeEvents, 'ERC20BridgeInitiated'), { localToken: USDC_L1, remoteToken: USDC_L2, from: USER, to: USER, amount: 2_500_000n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(deposited, { from: ALIASED_L1_MESSENGER, to: L2_MESSENGER, version: 0n, opaqueData: opaque(erc20Deposit) }, { address: C.portal, ...at }),
    ]);

    const { issues, sink } = issueCollector();
    const stack = createOpStack({ onIssue: sink });
    const store = new Map<string, unknown>();
    const facts = await stack.decode(rollup, sourceBatch(source('deposits'), chain.logs), testContext({ store }));
    expect(store.get('depositCount')).toBe('3');
    // The next range continues the queue index.
    const next = new Chain();
    next.send({ from: USER, to: C.portal, block: 20_000_300 }, (at) => [
      encodeLog(deposited, { from: USER, to: RECIPIENT, version: 0n, opaqueData: opaque(direct) }, { address: C.portal, ...at }),
    ]);
    const more = await stack.decode(rollup, sourceBatch(source('deposits'), next.logs), testContext({ store }));
    expect(more.forcedMessages.map((f) => f.queueIndex)).toEqual(['3']);
    const depositLogs = chain.logs.filter((l) => l.topics[0] === topics.TransactionDeposited && l.transactionHash !== badTx);
    const l2Hash = (log: RawLog) => getL2TransactionHash({
      log: { ...log, args: { from: `0x${log.topics[1]!.slice(26)}` as Address, to: `0x${log.topics[2]!.slice(26)}` as Address, version: 0n, opaqueData: decodeOpaque(log.data) } } as never,
    });
    const [h1, h2, h4] = depositLogs.map(l2Hash);
    const [s1, s2, s4] = depositLogs.map((l) => getSourceHash({ domain: 'userDeposit', l1BlockHash: l.blockHash, l1LogIndex: l.logIndex }));
    const prov = (log: RawLog) => ({
      chainId: 1, blockNumber: log.blockNumber, blockHash: blockHashOf(log.blockNumber), blockTime: blockTimeOf(log.blockNumber),
      txHash: log.transactionHash, txIndex: log.transactionIndex, logIndex: log.logIndex, subIndex: 0,
    });
    const deadline = (log: RawLog) => blockTimeOf(log.blockNumber) + 3600 * 12;
    expect(facts.forcedMessages).toEqual([
      {
        ...prov(depositLogs[0]!), rollupId: 'op-mainnet', queueIndex: '0', kind: 'DEPOSIT', sender: USER, deadline: deadline(depositLogs[0]!),
        windowSeconds: 43_200, windowBlocks: 3600, messageHash: s1,
        extra: { l2TxHash: h1, l1Position: '20000100000000', to: RECIPIENT, messageKind: 'PORTAL', mint: '500000000000000000', value: '200000000000000000', gasLimit: '100000', isCreation: false },
      },
      {
        ...prov(depositLogs[1]!), rollupId: 'op-mainnet', queueIndex: '1', kind: 'DEPOSIT', sender: ALIASED_L1_MESSENGER, deadline: deadline(depositLogs[1]!),
        windowSeconds: 43_200, windowBlocks: 3600, messageHash: s2,
        extra: { l2TxHash: h2, l1Position: '20000100000003', to: L2_MESSENGER, messageKind: 'ETH', mint: '1000000000000000000', value: '1000000000000000000', gasLimit: '200000', isCreation: false },
      },
      {
        ...prov(depositLogs[2]!), rollupId: 'op-mainnet', queueIndex: '2', kind: 'DEPOSIT', sender: ALIASED_L1_MESSENGER, deadline: deadline(depositLogs[2]!),
        windowSeconds: 43_200, windowBlocks: 3600, messageHash: s4,
        extra: { l2TxHash: h4, l1Position: '20000102000001', to: L2_MESSENGER, messageKind: 'ERC20', mint: '0', value: '0', gasLimit: '250000', isCreation: false },
      },
    ]);
    expect(facts.bridgeMessages).toEqual([
      {
        ...prov(depositLogs[0]!), rollupId: 'op-mainnet', direction: 'DEPOSIT', kind: 'PORTAL', messageId: s1, stage: 'INITIATED',
        sender: USER, recipient: RECIPIENT, token: null, amount: '500000000000000000', l2TxHash: h1,
        extra: { from: USER, to: RECIPIENT, mint: '500000000000000000', value: '200000000000000000', gasLimit: '100000', isCreation: false, dataBytes: 3 },
      },
      {
        ...prov(depositLogs[1]!), rollupId: 'op-mainnet', direction: 'DEPOSIT', kind: 'ETH', messageId: s2, stage: 'INITIATED',
        sender: USER, recipient: RECIPIENT, token: null, amount: '1000000000000000000', l2TxHash: h2,
        extra: {
          from: ALIASED_L1_MESSENGER, to: L2_MESSENGER, mint: '1000000000000000000', value: '1000000000000000000', gasLimit: '200000', isCreation: false,
          dataBytes: (ethDeposit.data.length - 2) / 2, messengerNonce: MESSENGER_NONCE.toString(), messengerSender: C.bridge, messengerTarget: L2_BRIDGE,
        },
      },
      {
        ...prov(depositLogs[2]!), rollupId: 'op-mainnet', direction: 'DEPOSIT', kind: 'ERC20', messageId: s4, stage: 'INITIATED',
        sender: USER, recipient: USER, token: USDC_L1, amount: '2500000', l2TxHash: h4,
        extra: {
          from: ALIASED_L1_MESSENGER, to: L2_MESSENGER, mint: '0', value: '0', gasLimit: '250000', isCreation: false,
          dataBytes: (erc20Deposit.data.length - 2) / 2, l2Token: USDC_L2, messengerNonce: (MESSENGER_NONCE + 1n).toString(), messengerSender: C.bridge, messengerTarget: L2_BRIDGE,
        },
      },
    ]);
    expect(issues).toEqual([{
      rollupId: 'op-mainnet', source: 'deposits', what: 'log', blockNumber: 20_000_101, txHash: badTx, logIndex: 0, code: 'DEPOSIT_DATA',
      message: 'opaqueData must hold at least 73 bytes (mint, value, gasLimit, isCreation), got 1',
    }]);
    expect(Object.values(facts).flat().length).toBe(6);
  });

  it('a deposit with an unknown version or wrong topic count is reported, not decoded', async () => {
    const chain = new Chain();
    const deposited = eventOf(portalEvents, 'TransactionDeposited');
    chain.send({ from: USER, to: C.portal, block: 20_000_200 }, (at) => {
      const good = encodeLog(deposited, { from: USER, to: RECIPIENT, version: 1n, opaqueData: opaque({ mint: 0n, value: 0n, gasLimit: 21_000n, isCreation: false, data: '0x' }) }, { address: C.portal, ...at });
      const truncated = { ...encodeLog(deposited, { from: USER, to: RECIPIENT, version: 0n, opaqueData: '0x' }, { address: C.portal, ...at }), topics: [good.topics[0]!, good.topics[1]!] as Hex[] };
      return [good, truncated];
    });
    const { issues, sink } = issueCollector();
    const facts = await createOpStack({ onIssue: sink }).decode(rollup, sourceBatch(source('deposits'), chain.logs), testContext());
    expect(facts.forcedMessages).toEqual([]);
    expect(issues.map((i) => [i.code, i.logIndex, i.blockNumber])).toEqual([['DEPOSIT_DATA', 0, 20_000_200], ['LogDecodeError', 1, 20_000_200]]);
    expect(issues[0]!.message).toBe('unknown deposit version 1 (derivation accepts only 0)');
    expect(issues[1]!.message).toMatch(/TransactionDeposited.*block 20000200.*log 1.*wrong number of topics/);
  });
});

/** The bytes argument of TransactionDeposited's data. */
function decodeOpaque(data: Hex): Hex {
  const len = Number(BigInt(`0x${data.slice(66, 130)}`));
  return `0x${data.slice(130, 130 + len * 2)}`;
}

describe('withdrawals source', () => {
  const w = {
    nonce: (1n << 240n) + 9n,
    sender: L2_MESSENGER,
    target: C.l1Messenger,
    value: 3n * 10n ** 18n,
    gasLimit: 287_000n,
    data: relay((1n << 240n) + 5n, L2_BRIDGE, C.bridge, 3n * 10n ** 18n, 0n,
      encodeFunctionData({ abi: standardBridgeFunctions, functionName: 'finalizeBridgeETH', args: [USER, RECIPIENT, 3n * 10n ** 18n, '0x'] })),
  };
  const hash = withdrawalHash(w);
  const portalW = { nonce: (1n << 240n) + 10n, sender: USER, target: RECIPIENT, value: 7n, gasLimit: 100_000n, data: '0x' as Hex };
  const portalHash = withdrawalHash(portalW);
  const PROVER = '0x3333333333333333333333333333333333333333' as Address;
  const GAME = '0x4444444444444444444444444444444444444444' as Address;

  it('proven (Portal2 + Extension1, proof index from the input), finalized with bridge detail, blacklist, respected game type — every column', async () => {
    const chain = new Chain();
    const proveInput = encodeFunctionData({
      abi: portalFunctions, functionName: 'proveWithdrawalTransaction',
      args: [w, 4_242n, { version: pad('0x0'), stateRoot: fakeHash('s'), messagePasserStorageRoot: fakeHash('m'), latestBlockhash: fakeHash('b') }, ['0xf8']],
    });
    const proveTx = chain.send({ from: PROVER, to: C.portal, block: 20_100_000, input: proveInput, txIndex: 2 }, (at) => [
      encodeLog(eventOf(portalEvents, 'WithdrawalProven'), { withdrawalHash: hash, from: L2_MESSENGER, to: C.l1Messenger }, { address: C.portal, ...at }),
      encodeLog(eventOf(portalEvents, 'WithdrawalProvenExtension1'), { withdrawalHash: hash, proofSubmitter: PROVER }, { address: C.portal, ...at }),
    ]);
    // A proof through a contract: no decodable input, the topics only.
    chain.send({ from: PROVER, to: '0x5555555555555555555555555555555555555555', block: 20_100_001 }, (at) => [
      encodeLog(eventOf(portalEvents, 'WithdrawalProven'), { withdrawalHash: portalHash, from: USER, to: RECIPIENT }, { address: C.portal, ...at }),
    ]);
    const finalizeInput = encodeFunctionData({ abi: portalFunctions, functionName: 'finalizeWithdrawalTransaction', args: [w] });
    const finTx = chain.send({ from: USER, to: C.portal, block: 20_200_000, input: finalizeInput }, (at) => [
      encodeLog(eventOf(l1StandardBridgeEvents, 'ETHWithdrawalFinalized'), { from: USER, to: RECIPIENT, amount: 3n * 10n ** 18n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(eventOf(l1StandardBridgeEvents, 'ETHBridgeFinalized'), { from: USER, to: RECIPIENT, amount: 3n * 10n ** 18n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(eventOf(portalEvents, 'WithdrawalFinalized'), { withdrawalHash: hash, success: true }, { address: C.portal, ...at }),
    ]);
    const failTx = chain.send({ from: USER, to: '0x5555555555555555555555555555555555555555', block: 20_200_001 }, (at) => [
      encodeLog(eventOf(portalEvents, 'WithdrawalFinalized'), { withdrawalHash: portalHash, success: false }, { address: C.portal, ...at }),
    ]);
    chain.send({ from: USER, to: C.portal, block: 20_200_002 }, (at) => [
      encodeLog(eventOf(portalEvents, 'DisputeGameBlacklisted'), { disputeGame: GAME }, { address: C.portal, ...at }),
      encodeLog(eventOf(portalEvents, 'RespectedGameTypeSet'), { newGameType: 1, updatedAt: 1_720_000_000n }, { address: C.portal, ...at }),
    ]);
    const facts = await createOpStack().decode(rollup, sourceBatch(source('withdrawals'), chain.logs, chain.txs), testContext());
    const base = (block: number, txHash: Hex, logIndex: number, txIndex = 0) => ({
      chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: blockTimeOf(block), txHash, txIndex, logIndex, subIndex: 0,
    });
    expect(facts.bridgeMessages).toEqual([
      {
        ...base(20_100_000, proveTx, 0, 2), rollupId: 'op-mainnet', direction: 'WITHDRAWAL', kind: 'ETH', messageId: hash, stage: 'PROVEN',
        sender: USER, recipient: RECIPIENT, token: null, amount: '3000000000000000000', l2TxHash: null,
        extra: {
          from: L2_MESSENGER, to: C.l1Messenger, prover: PROVER, proofIndex: '4242', withdrawalNonce: w.nonce.toString(), gasLimit: '287000',
          value: '3000000000000000000', messengerNonce: ((1n << 240n) + 5n).toString(),
        },
      },
      {
        ...base(20_100_001, chain.txs[1]!.hash, 0), rollupId: 'op-mainnet', direction: 'WITHDRAWAL', kind: 'PORTAL', messageId: portalHash, stage: 'PROVEN',
        sender: USER, recipient: RECIPIENT, token: null, amount: null, l2TxHash: null, extra: { from: USER, to: RECIPIENT, prover: PROVER },
      },
      {
        ...base(20_200_000, finTx, 2), rollupId: 'op-mainnet', direction: 'WITHDRAWAL', kind: 'ETH', messageId: hash, stage: 'FINALIZED',
        sender: USER, recipient: RECIPIENT, token: null, amount: '3000000000000000000', l2TxHash: null,
        extra: { success: true, finalizer: USER, withdrawalNonce: w.nonce.toString(), value: '3000000000000000000', messengerNonce: ((1n << 240n) + 5n).toString() },
      },
      {
        ...base(20_200_001, failTx, 0), rollupId: 'op-mainnet', direction: 'WITHDRAWAL', kind: 'UNKNOWN', messageId: portalHash, stage: 'FINALIZED',
        sender: null, recipient: null, token: null, amount: null, l2TxHash: null, extra: { success: false, finalizer: USER },
      },
    ]);
    expect(facts.stateRootEvents).toEqual([{
      ...base(20_200_002, chain.txs[4]!.hash, 0), rollupId: 'op-mainnet', kind: 'OUTPUT', rootIndex: GAME, status: 'REJECTED', extra: { reason: 'blacklisted' },
    }]);
    expect(facts.parameterChanges).toEqual([{ ...base(20_200_002, chain.txs[4]!.hash, 1), rollupId: 'op-mainnet', name: 'respectedGameType', value: 1 }]);
  });

  it('an ERC20 withdrawal finalized through the bridge carries the L1 token', async () => {
    const chain = new Chain();
    const erc20 = {
      ...w, value: 0n,
      data: relay((1n << 240n) + 6n, L2_BRIDGE, C.bridge, 0n, 0n,
        encodeFunctionData({ abi: standardBridgeFunctions, functionName: 'finalizeBridgeERC20', args: [USDC_L1, USDC_L2, USER, RECIPIENT, 9_000_000n, '0x'] })),
    };
    const h = withdrawalHash(erc20);
    const input = encodeFunctionData({ abi: portalFunctions, functionName: 'finalizeWithdrawalTransactionExternalProof', args: [erc20, PROVER] });
    chain.send({ from: USER, to: C.portal, block: 20_300_000, input }, (at) => [
      encodeLog(eventOf(l1StandardBridgeEvents, 'ERC20BridgeFinalized'), { localToken: USDC_L1, remoteToken: USDC_L2, from: USER, to: RECIPIENT, amount: 9_000_000n, extraData: '0x' }, { address: C.bridge, ...at }),
      encodeLog(eventOf(portalEvents, 'WithdrawalFinalized'), { withdrawalHash: h, success: true }, { address: C.portal, ...at }),
    ]);
    const facts = await createOpStack().decode(rollup, sourceBatch(source('withdrawals'), chain.logs, chain.txs), testContext());
    expect(facts.bridgeMessages).toHaveLength(1);
    expect(facts.bridgeMessages[0]).toMatchObject({
      kind: 'ERC20', messageId: h, stage: 'FINALIZED', sender: USER, recipient: RECIPIENT, token: USDC_L1, amount: '9000000',
      extra: { success: true, finalizer: USER, withdrawalNonce: erc20.nonce.toString(), value: '0', l2Token: USDC_L2, messengerNonce: ((1n << 240n) + 6n).toString() },
    });
  });
});

describe('system-config source', () => {
  it('ConfigUpdate → parameter_changes (batcher and others); a malformed BATCHER payload is reported', async () => {
    const chain = new Chain();
    const ev = eventOf(systemConfigEvents, 'ConfigUpdate');
    const NEW_BATCHER = '0x6666666666666666666666666666666666666666' as Address;
    const word = (v: bigint) => encodeAbiParameters([{ type: 'uint256' }], [v]);
    const tx = chain.send({ from: USER, to: C.systemConfig, block: 20_400_000 }, (at) => [
      encodeLog(ev, { version: 0n, updateType: 0, data: pad(NEW_BATCHER) }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 2, data: word(30_000_000n) }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 1, data: encodeAbiParameters([{ type: 'uint256' }, { type: 'uint256' }], [188n, (1n << 248n) + 0x14n]) }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 4, data: word((250n << 32n) | 6n) }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 3, data: pad(RECIPIENT) }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 0, data: `0x01${'00'.repeat(11)}${NEW_BATCHER.slice(2)}` }, { address: C.systemConfig, ...at }),
      encodeLog(ev, { version: 0n, updateType: 42, data: '0xbeef' }, { address: C.systemConfig, ...at }),
    ]);
    const { issues, sink } = issueCollector();
    const facts = await createOpStack({ onIssue: sink }).decode(rollup, sourceBatch(source('system-config'), chain.logs), testContext());
    const p = (logIndex: number) => ({ chainId: 1, blockNumber: 20_400_000, blockHash: blockHashOf(20_400_000), blockTime: blockTimeOf(20_400_000), txHash: tx, txIndex: 0, logIndex, subIndex: 0, rollupId: 'op-mainnet' });
    expect(facts.parameterChanges).toEqual([
      { ...p(0), name: 'batcher', value: NEW_BATCHER },
      { ...p(1), name: 'gasLimit', value: '30000000' },
      { ...p(2), name: 'feeScalars', value: { overhead: '188', scalar: `0x01${'0'.repeat(60)}14` } },
      { ...p(3), name: 'eip1559Params', value: { denominator: 250, elasticity: 6 } },
      { ...p(4), name: 'unsafeBlockSigner', value: RECIPIENT },
      { ...p(6), name: 'configUpdate42', value: { updateType: 42, data: '0xbeef' } },
    ]);
    expect(issues).toEqual([{
      rollupId: 'op-mainnet', source: 'system-config', what: 'log', blockNumber: 20_400_000, txHash: tx, logIndex: 5, code: 'CONFIG_UPDATE',
      message: `ConfigUpdate BATCHER payload is not an address (upper 12 bytes not zero): 0x01${'00'.repeat(11)}${NEW_BATCHER.slice(2)}`,
    }]);
  });
});

describe('output-oracle source', () => {
  it('OutputProposed → OUTPUT roots, OutputsDeleted → DELETED events, finality parameters read once and only when changed', async () => {
    const chain = new Chain();
    const PROPOSER = '0x473300df21d047806a082244b417f96b32f13a33' as Address;
    const roots = [fakeHash('out'), fakeHash('out'), fakeHash('out')];
    const txs = roots.map((root, i) => chain.send({ from: PROPOSER, to: C.oracle, block: 19_000_000 + i * 300 }, (at) => [
      encodeLog(eventOf(l2OutputOracleEvents, 'OutputProposed'), { outputRoot: root, l2OutputIndex: 5_000n + BigInt(i), l2BlockNumber: 117_000_000n + BigInt(i) * 1800n, l1Timestamp: BigInt(blockTimeOf(19_000_000 + i * 300)) }, { address: C.oracle, ...at }),
    ]));
    const del = chain.send({ from: '0x9ba6e03d8b90de867373db8cf1a58d2f7f006b3a', to: C.oracle, block: 19_001_000 }, (at) => [
      encodeLog(eventOf(l2OutputOracleEvents, 'OutputsDeleted'), { prevNextOutputIndex: 5_003n, newNextOutputIndex: 5_001n }, { address: C.oracle, ...at }),
    ]);
    const ctx = testContext({
      read: (fn) => {
        if (fn === 'finalizationPeriodSeconds') throw revert(fn, []);
        if (fn === 'FINALIZATION_PERIOD_SECONDS') return 604_800n;
        if (fn === 'submissionInterval') return 1800n;
        throw new Error(`unexpected read ${fn}`);
      },
    });
    const stack = createOpStack();
    const facts = await stack.decode(rollup, sourceBatch(source('output-oracle'), chain.logs, chain.txs), ctx);
    const at = (i: number, txHash: Hex, block: number, sub = 0) => ({ chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: blockTimeOf(block), txHash, txIndex: 0, logIndex: 0, subIndex: sub, rollupId: 'op-mainnet' });
    expect(facts.stateRoots).toEqual(roots.map((root, i) => ({
      ...at(i, txs[i]!, 19_000_000 + i * 300), kind: 'OUTPUT', rootIndex: String(5_000 + i), parentIndex: null, root, l2BlockNumber: 117_000_000 + i * 1800,
      l2BlockHash: null, proposer: PROPOSER, extra: { l1Timestamp: String(blockTimeOf(19_000_000 + i * 300)), oracle: C.oracle },
    })));
    expect(facts.stateRootEvents).toEqual([5_001, 5_002].map((index, i) => ({
      ...at(0, del, 19_001_000, i), kind: 'OUTPUT', rootIndex: String(index), status: 'DELETED', extra: { prevNextOutputIndex: '5003', newNextOutputIndex: '5001' },
    })));
    expect(facts.parameterChanges).toEqual([
      { ...at(0, txs[0]!, 19_000_000, 0), name: 'finalizationPeriodSeconds', value: '604800' },
      { ...at(0, txs[0]!, 19_000_000, 1), name: 'submissionInterval', value: '1800' },
    ]);
    expect(ctx.reads.map((r) => [r.functionName, r.address, r.blockNumber])).toEqual([
      ['finalizationPeriodSeconds', C.oracle, 19_000_000], ['FINALIZATION_PERIOD_SECONDS', C.oracle, 19_000_000], ['submissionInterval', C.oracle, 19_000_000],
    ]);
    // The next range reads again, but unchanged values write nothing.
    const later = new Chain();
    later.send({ from: PROPOSER, to: C.oracle, block: 19_010_000 }, (a) => [
      encodeLog(eventOf(l2OutputOracleEvents, 'OutputProposed'), { outputRoot: fakeHash('o'), l2OutputIndex: 5_001n, l2BlockNumber: 117_001_800n, l1Timestamp: 1n }, { address: C.oracle, ...a }),
    ]);
    const again = await stack.decode(rollup, sourceBatch(source('output-oracle'), later.logs, later.txs), ctx);
    expect(again.stateRoots).toHaveLength(1);
    expect(again.parameterChanges).toEqual([]);
  });
});

describe('game-factory and games sources', () => {
  const PROPOSER = '0x473300df21d047806a082244b417f96b32f13a33' as Address;
  const CHALLENGER = '0x9ba6e03d8b90de867373db8cf1a58d2f7f006b3a' as Address;
  const GAME_A = '0xaaaa00000000000000000000000000000000aaaa' as Address;
  const GAME_B = '0xbbbb00000000000000000000000000000000bbbb' as Address;
  const rootA = fakeHash('rootA');
  const rootB = fakeHash('rootB');

  it('DisputeGameCreated → OUTPUT root (game address) + challenge; L2 block from create() extraData or the game; fault-proof parameters', async () => {
    const chain = new Chain();
    const created = eventOf(disputeGameFactoryEvents, 'DisputeGameCreated');
    const extraData = encodeAbiParameters([{ type: 'uint256' }], [121_000_000n]);
    const createInput = encodeFunctionData({ abi: disputeGameFactoryFunctions, functionName: 'create', args: [0, rootA, extraData] });
    const txA = chain.send({ from: PROPOSER, to: C.factory, block: 20_500_000, input: createInput }, (at) => [
      encodeLog(created, { disputeProxy: GAME_A, gameType: 0, rootClaim: rootA }, { address: C.factory, ...at }),
    ]);
    // Created through a proxy contract: the L2 block is read from the game.
    const txB = chain.send({ from: PROPOSER, to: '0x7777777777777777777777777777777777777777', block: 20_500_005, input: '0x12345678' }, (at) => [
      encodeLog(created, { disputeProxy: GAME_B, gameType: 1, rootClaim: rootB }, { address: C.factory, ...at }),
      encodeLog(eventOf(disputeGameFactoryEvents, 'InitBondUpdated'), { gameType: 1, newBond: 8n * 10n ** 16n }, { address: C.factory, ...at }),
      encodeLog(eventOf(disputeGameFactoryEvents, 'ImplementationSet'), { impl: GAME_A, gameType: 0 }, { address: C.factory, ...at }),
    ]);
    const ctx = testContext({
      read: (fn, address, block) => {
        const answers: Record<string, unknown> = {
          [`l2BlockNumber:${GAME_B}:20500005`]: 121_001_800n,
          [`respectedGameType:${C.portal}:20500000`]: 0,
          [`proofMaturityDelaySeconds:${C.portal}:20500000`]: 604_800n,
          [`disputeGameFinalityDelaySeconds:${C.portal}:20500000`]: 302_400n,
          [`maxClockDuration:${GAME_A}:20500000`]: 302_400n,
        };
        const key = `${fn}:${address}:${block}`;
        if (!(key in answers)) throw new Error(`unexpected read ${key}`);
        return answers[key];
      },
    });
    const facts = await createOpStack().decode(rollup, sourceBatch(source('game-factory'), chain.logs, chain.txs), ctx);
    const p = (block: number, txHash: Hex, logIndex: number, subIndex = 0) => ({ chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: blockTimeOf(block), txHash, txIndex: 0, logIndex, subIndex, rollupId: 'op-mainnet' });
    expect(facts.stateRoots).toEqual([
      { ...p(20_500_000, txA, 0), kind: 'OUTPUT', rootIndex: GAME_A, parentIndex: null, root: rootA, l2BlockNumber: 121_000_000, l2BlockHash: null, proposer: PROPOSER, extra: { gameType: 0, gameTypeName: 'CANNON', extraData } },
      { ...p(20_500_005, txB, 0), kind: 'OUTPUT', rootIndex: GAME_B, parentIndex: null, root: rootB, l2BlockNumber: 121_001_800, l2BlockHash: null, proposer: PROPOSER, extra: { gameType: 1, gameTypeName: 'PERMISSIONED_CANNON' } },
    ]);
    expect(facts.challenges).toEqual([
      { ...p(20_500_000, txA, 0), challengeId: GAME_A, type: '0', address: GAME_A, disputedRoot: rootA, rootIndex: GAME_A, l2BlockNumber: 121_000_000, creator: PROPOSER, extra: { gameType: 0, gameTypeName: 'CANNON' } },
      { ...p(20_500_005, txB, 0), challengeId: GAME_B, type: '1', address: GAME_B, disputedRoot: rootB, rootIndex: GAME_B, l2BlockNumber: 121_001_800, creator: PROPOSER, extra: { gameType: 1, gameTypeName: 'PERMISSIONED_CANNON' } },
    ]);
    expect(facts.parameterChanges).toEqual([
      { ...p(20_500_005, txB, 1), name: 'initBond.1', value: '80000000000000000' },
      { ...p(20_500_005, txB, 2), name: 'gameImplementation.0', value: GAME_A },
      { ...p(20_500_000, txA, 0, 0), name: 'proofMaturityDelaySeconds', value: '604800' },
      { ...p(20_500_000, txA, 0, 1), name: 'disputeGameFinalityDelaySeconds', value: '302400' },
      { ...p(20_500_000, txA, 0, 2), name: 'respectedGameType', value: 0 },
      { ...p(20_500_000, txA, 0, 3), name: 'maxClockDurationSeconds', value: '302400' },
    ]);
  });

  it('Move → MOVE with claim index and position from claimData, first move → CHALLENGED once (across ranges), Resolved → outcome (CONFIRMED / REJECTED)', async () => {
    const stack = createOpStack();
    const store = new Map<string, unknown>();
    const move = eventOf(faultDisputeGameEvents, 'Move');
    const resolved = eventOf(faultDisputeGameEvents, 'Resolved');
    const c1 = fakeHash('claim');
    const c2 = fakeHash('claim');
    const c3 = fakeHash('claim');
    // Range 1: two moves on game A in one block (claims 1 and 2), one on game B.
    const r1 = new Chain();
    const m1 = r1.send({ from: CHALLENGER, to: GAME_A, block: 20_600_000 }, (at) => [encodeLog(move, { parentIndex: 0n, claim: c1, claimant: CHALLENGER }, { address: GAME_A, ...at })]);
    const m2 = r1.send({ from: PROPOSER, to: GAME_A, block: 20_600_000, txIndex: 1 }, (at) => [encodeLog(move, { parentIndex: 1n, claim: c2, claimant: PROPOSER }, { address: GAME_A, ...at })]);
    const claims: Record<string, unknown[]> = {
      [`${GAME_A}:1`]: [0, '0x0000000000000000000000000000000000000000', CHALLENGER, 1n, c1, 2n, 0n],
      [`${GAME_A}:2`]: [1, '0x0000000000000000000000000000000000000000', PROPOSER, 1n, c2, 4n, 0n],
    };
    const ctx1 = testContext({
      store,
      read: (fn, address, block, args) => {
        if (fn === 'claimDataLen' && address === GAME_A && block === 20_600_000) return 3n;
        if (fn === 'claimData') return claims[`${address}:${String(args![0])}`];
        throw revert(fn, faultDisputeGameViews);
      },
    });
    const f1 = await stack.decode(rollup, sourceBatch(source('games'), r1.logs, []), ctx1);
    const p = (block: number, txHash: Hex, logIndex: number, txIndex = 0) => ({ chainId: 1, blockNumber: block, blockHash: blockHashOf(block), blockTime: blockTimeOf(block), txHash, txIndex, logIndex, subIndex: 0, rollupId: 'op-mainnet' });
    expect(f1.challengeMoves).toEqual([
      { ...p(20_600_000, m1, 0), challengeId: GAME_A, action: 'MOVE', claimant: CHALLENGER, parentIndex: '0', claim: c1, status: null, extra: { claimIndex: '1', position: '2', depth: 1 } },
      { ...p(20_600_000, m2, 1, 1), challengeId: GAME_A, action: 'MOVE', claimant: PROPOSER, parentIndex: '1', claim: c2, status: null, extra: { claimIndex: '2', position: '4', depth: 2 } },
    ]);
    expect(f1.stateRootEvents).toEqual([{ ...p(20_600_000, m1, 0), kind: 'OUTPUT', rootIndex: GAME_A, status: 'CHALLENGED', extra: { challenger: CHALLENGER } }]);
    expect(store.get('challengedGames')).toEqual([GAME_A]);

    // Range 2: another move on A (no CHALLENGED again; this game answers no claimDataLen), game B resolves unchallenged, A resolves.
    const r2 = new Chain();
    const m3 = r2.send({ from: CHALLENGER, to: GAME_A, block: 20_600_100 }, (at) => [encodeLog(move, { parentIndex: 2n, claim: c3, claimant: CHALLENGER }, { address: GAME_A, ...at })]);
    const rb = r2.send({ from: USER, to: GAME_B, block: 20_700_000 }, (at) => [encodeLog(resolved, { status: 2 }, { address: GAME_B, ...at })]);
    const ra = r2.send({ from: USER, to: GAME_A, block: 20_700_001 }, (at) => [encodeLog(resolved, { status: 1 }, { address: GAME_A, ...at })]);
    const f2 = await stack.decode(rollup, sourceBatch(source('games'), r2.logs, []), testContext({ store }));
    expect(f2.challengeMoves).toEqual([
      { ...p(20_600_100, m3, 0), challengeId: GAME_A, action: 'MOVE', claimant: CHALLENGER, parentIndex: '2', claim: c3, status: null, extra: {} },
      { ...p(20_700_000, rb, 0), challengeId: GAME_B, action: 'RESOLVED', claimant: null, parentIndex: null, claim: null, status: 'DEFENDER_WINS', extra: null },
      { ...p(20_700_001, ra, 0), challengeId: GAME_A, action: 'RESOLVED', claimant: null, parentIndex: null, claim: null, status: 'CHALLENGER_WINS', extra: null },
    ]);
    expect(f2.stateRootEvents).toEqual([
      { ...p(20_700_000, rb, 0), kind: 'OUTPUT', rootIndex: GAME_B, status: 'CONFIRMED', extra: { status: 'DEFENDER_WINS' } },
      { ...p(20_700_001, ra, 0), kind: 'OUTPUT', rootIndex: GAME_A, status: 'REJECTED', extra: { status: 'CHALLENGER_WINS' } },
    ]);
    expect(store.get('challengedGames')).toEqual([]);
  });

  it('a transport error while reading a game propagates (the engine retries the range)', async () => {
    const chain = new Chain();
    chain.send({ from: CHALLENGER, to: GAME_A, block: 20_800_000 }, (at) => [encodeLog(eventOf(faultDisputeGameEvents, 'Move'), { parentIndex: 0n, claim: fakeHash('c'), claimant: CHALLENGER }, { address: GAME_A, ...at })]);
    const ctx = testContext({ read: () => { throw new Error('fetch failed: ECONNRESET'); } });
    await expect(createOpStack().decode(rollup, sourceBatch(source('games'), chain.logs, []), ctx)).rejects.toThrow('ECONNRESET');
  });
});
