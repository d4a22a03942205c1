/**
 * The decoders against a real node: a probe contract on anvil emits the real Arbitrum events and
 * serves the views the decoders read (maxTimeVariation, getAssertion). Logs, transactions and
 * receipts come from JSON-RPC exactly as a node returns them; contract reads go through viem's
 * readContract — so the shapes the decoders rely on (tuple outputs as arrays, struct outputs as
 * objects, revert errors) are the real ones.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, http, parseEther, type Abi, type Hex, type PublicClient } from 'viem';
import { mnemonicToAccount } from 'viem/accounts';
import { startAnvil, DEVNET_MNEMONIC, type Anvil } from '../../devnet/anvil.ts';
import { orbitChain } from '../../rollups/templates/orbit.ts';
import type { Address, ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, LogSource, RawLog, RawTransaction } from '../types.ts';
import { arbitrumStack } from './index.ts';

const PROBE = `
// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;
contract ArbProbe {
  struct TimeBounds { uint64 minTimestamp; uint64 maxTimestamp; uint64 minBlockNumber; uint64 maxBlockNumber; }
  struct MaxTimeVariation { uint256 delayBlocks; uint256 futureBlocks; uint256 delaySeconds; uint256 futureSeconds; }
  struct AssertionNode { uint64 firstChildBlock; uint64 secondChildBlock; uint64 createdAtBlock; bool isFirstChild; uint8 status; bytes32 configHash; }
  event SequencerBatchDelivered(uint256 indexed batchSequenceNumber, bytes32 indexed beforeAcc, bytes32 indexed afterAcc, bytes32 delayedAcc, uint256 afterDelayedMessagesRead, TimeBounds timeBounds, uint8 dataLocation);
  event MaxTimeVariationSet(MaxTimeVariation maxTimeVariation);
  event MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp);
  event InboxMessageDelivered(uint256 indexed messageNum, bytes data);
  event EdgeAdded(bytes32 indexed edgeId, bytes32 indexed mutualId, bytes32 indexed originId, bytes32 claimId, uint256 length, uint8 level, bool hasRival, bool isLayerZero);
  event EdgeConfirmedByTime(bytes32 indexed edgeId, bytes32 indexed mutualId, uint256 totalTimeUnrivaled);

  MaxTimeVariation private mtv;
  uint256 private delayedCount;
  bool private firstChild;
  bool private revertGetAssertion;

  function maxTimeVariation() external view returns (uint256, uint256, uint256, uint256) {
    return (mtv.delayBlocks, mtv.futureBlocks, mtv.delaySeconds, mtv.futureSeconds);
  }
  function setMaxTimeVariation(MaxTimeVariation calldata v) external { mtv = v; emit MaxTimeVariationSet(v); }
  function depositEth() external payable returns (uint256 n) {
    bytes memory data = abi.encodePacked(msg.sender, msg.value);
    n = delayedCount++;
    address aliased;
    unchecked { aliased = address(uint160(msg.sender) + uint160(0x1111000000000000000000000000000000001111)); }
    emit MessageDelivered(n, bytes32(0), address(this), 12, aliased, keccak256(data), block.basefee, uint64(block.timestamp));
    emit InboxMessageDelivered(n, data);
  }
  function addSequencerL2BatchFromOrigin(uint256 sequenceNumber, bytes calldata data, uint256 afterDelayedMessagesRead, address, uint256, uint256) external {
    emit SequencerBatchDelivered(sequenceNumber, bytes32(sequenceNumber), keccak256(data), bytes32(0), afterDelayedMessagesRead,
      TimeBounds(0, uint64(block.timestamp + 3600), 0, uint64(block.number + 300)), 0);
  }
  function setAssertion(bool isFirst, bool reverts) external { firstChild = isFirst; revertGetAssertion = reverts; }
  function getAssertion(bytes32) external view returns (AssertionNode memory) {
    require(!revertGetAssertion, "ASSERTION_NOT_EXIST");
    return AssertionNode(1, 2, 3, firstChild, 1, bytes32(0));
  }
  function edge(bytes32 edgeId, bytes32 mutualId, bytes32 originId, bytes32 claimId) external {
    emit EdgeAdded(edgeId, mutualId, originId, claimId, 1 << 26, 0, true, true);
  }
  function confirm(bytes32 edgeId, bytes32 mutualId) external { emit EdgeConfirmedByTime(edgeId, mutualId, 45818); }
}`;

function compileProbe(): { abi: Abi; bytecode: Hex } {
  const solc = createRequire(import.meta.url)('solc') as { compile(input: string): string };
  const out = JSON.parse(solc.compile(JSON.stringify({
    language: 'Solidity',
    sources: { 'ArbProbe.sol': { content: PROBE } },
    settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  })));
  const errors = (out.errors ?? []).filter((e: { severity: string }) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e: { formattedMessage: string }) => e.formattedMessage).join('\n'));
  const c = out.contracts['ArbProbe.sol'].ArbProbe;
  return { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
}

let anvil: Anvil;
let client: PublicClient;
let probe: Address;
let rollup: ArbitrumRollup;
let abi: Abi;
const account = mnemonicToAccount(DEVNET_MNEMONIC);
const E1 = `0x${'e1'.repeat(32)}` as Hex;
const E2 = `0x${'e2'.repeat(32)}` as Hex;
const PARENT = `0x${'aa'.repeat(32)}` as Hex;

/** Runs the source over the whole chain the way the engine would: eth_getLogs, headers, transactions, receipts. */
async function ingest(source: LogSource, ctx: DecodeContext): Promise<Facts> {
  const rpc = (method: string, params: unknown[]) => client.request({ method, params } as never) as Promise<Record<string, unknown>>;
  const raw = (await rpc('eth_getLogs', [{ address: source.addresses, topics: [source.topics], fromBlock: '0x0', toBlock: 'latest' }])) as unknown as Record<string, string & string[]>[];
  const times = new Map<string, number>();
  const logs: RawLog[] = [];
  for (const l of raw) {
    if (!times.has(l.blockNumber)) times.set(l.blockNumber, parseInt((await rpc('eth_getBlockByNumber', [l.blockNumber, false])).timestamp as string, 16));
    logs.push({
      address: l.address as Address, topics: l.topics as Hex[], data: l.data as Hex, blockNumber: parseInt(l.blockNumber, 16), blockHash: l.blockHash as Hex,
      blockTime: times.get(l.blockNumber)!, transactionHash: l.transactionHash as Hex, transactionIndex: parseInt(l.transactionIndex, 16), logIndex: parseInt(l.logIndex, 16),
    });
  }
  const transactions = new Map<Hex, RawTransaction>();
  if (source.withTransactions) {
    for (const hash of new Set(logs.map((l) => l.transactionHash))) {
      const t = (await rpc('eth_getTransactionByHash', [hash])) as Record<string, string>;
      const r = (await rpc('eth_getTransactionReceipt', [hash])) as Record<string, string>;
      transactions.set(hash, {
        hash, blockNumber: parseInt(t.blockNumber!, 16), blockHash: t.blockHash as Hex, blockTime: times.get(t.blockNumber!)!, transactionIndex: parseInt(t.transactionIndex!, 16),
        from: t.from as Address, to: t.to as Address, input: t.input as Hex, type: t.type!, value: BigInt(t.value!),
        receipt: source.withReceipts ? { status: r.status === '0x1' ? 'success' : 'reverted', gasUsed: BigInt(r.gasUsed!), effectiveGasPrice: BigInt(r.effectiveGasPrice!) } : undefined,
      });
    }
  }
  return arbitrumStack.decode(rollup, { source, fromBlock: 0, toBlock: Number(await client.getBlockNumber()), logs, transactions }, ctx);
}

function context(store = new Map<string, unknown>()): DecodeContext {
  return {
    readContract: (a) => client.readContract({ address: a.address, abi: a.abi as Abi, functionName: a.functionName, args: a.args as never, blockNumber: BigInt(a.blockNumber) }) as never,
    state: { get: async (k) => store.get(k) as never, set: async (k, v) => { store.set(k, v); } },
  };
}

beforeAll(async () => {
  const compiled = compileProbe();
  abi = compiled.abi;
  anvil = await startAnvil({ chainId: 31_337 });
  client = createPublicClient({ transport: http(anvil.rpcUrl), cacheTime: 0 }) as PublicClient;
  const wallet = createWalletClient({ account, transport: http(anvil.rpcUrl), chain: { id: 31_337, name: 'anvil', nativeCurrency: { name: 'ETH', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [anvil.rpcUrl] } } } });
  const deploy = await wallet.deployContract({ abi, bytecode: compiled.bytecode });
  probe = (await client.waitForTransactionReceipt({ hash: deploy })).contractAddress!;
  const send = async (functionName: string, args: unknown[], value?: bigint) =>
    client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: probe, abi, functionName, args, value } as never) });
  await send('setMaxTimeVariation', [{ delayBlocks: 7200n, futureBlocks: 64n, delaySeconds: 86_400n, futureSeconds: 768n }]);
  await send('depositEth', [], parseEther('1.25'));
  await send('setMaxTimeVariation', [{ delayBlocks: 100n, futureBlocks: 1n, delaySeconds: 1_200n, futureSeconds: 1n }]);
  await send('depositEth', [], parseEther('0.5'));
  await send('addSequencerL2BatchFromOrigin', [3n, '0x00c0ffee', 2n, '0x0000000000000000000000000000000000000000', 1_000n, 1_010n]);
  await send('edge', [E1, `0x${'0f'.repeat(32)}`, PARENT, `0x${'a1'.repeat(32)}`]);
  await send('confirm', [E1, `0x${'0f'.repeat(32)}`]);
  const tracked = { address: probe, fromBlock: 0 };
  rollup = orbitChain({
    id: 'probe', name: 'Probe', l1ChainId: 31_337, l2ChainId: 412_346, l2GenesisBlock: 0,
    contracts: { sequencerInbox: tracked, bridge: tracked, inbox: tracked, outbox: tracked, boldRollup: tracked, edgeChallengeManager: tracked },
  });
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

const sourceNamed = (name: string) => arbitrumStack.sources(rollup).find((s) => s.id === name) as LogSource;

describe('Arbitrum decoders on a real node', () => {
  it('delayed inbox: deposits, and deadlines from the maxTimeVariation read at each message block', async () => {
    const facts = await ingest(sourceNamed('delayed-inbox'), context());
    expect(facts.forcedMessages.map((m) => [m.queueIndex, m.kind, m.windowSeconds, m.windowBlocks, m.deadline! - m.blockTime])).toEqual([
      ['0', 'ETH_DEPOSIT', 86_400, 7_200, 86_400], ['1', 'ETH_DEPOSIT', 1_200, 100, 1_200],
    ]);
    expect(facts.bridgeMessages.map((m) => [m.messageId, m.sender, m.recipient, m.amount])).toEqual([
      ['0', account.address.toLowerCase(), account.address.toLowerCase(), parseEther('1.25').toString()],
      ['1', account.address.toLowerCase(), account.address.toLowerCase(), parseEther('0.5').toString()],
    ]);
  });

  it('sequencer inbox: batch joined with its real transaction and receipt; window changes as parameter rows', async () => {
    const facts = await ingest(sourceNamed('sequencer-inbox'), context());
    const receipt = await client.getTransactionReceipt({ hash: facts.sequencerBatches[0]!.txHash as Hex });
    expect(facts.sequencerBatches).toEqual([expect.objectContaining({
      batchNumber: '3', submitter: account.address.toLowerCase(), dataLocation: 'CALLDATA', bytesPosted: 4, l2BlockStart: 1_000, l2BlockEnd: 1_009,
      delayedMessagesRead: '2', l1GasUsed: receipt.gasUsed.toString(), l1GasPrice: receipt.effectiveGasPrice.toString(),
      executionFee: (receipt.gasUsed * receipt.effectiveGasPrice).toString(), blockNumber: Number(receipt.blockNumber), txIndex: receipt.transactionIndex,
    })]);
    expect(facts.parameterChanges.map((p) => [p.name, (p.value as Record<string, string>).delaySeconds])).toEqual([['maxTimeVariation', '86400'], ['maxTimeVariation', '1200']]);
  });

  it('BoLD: with no state, getAssertion (a real struct output, read at the confirmation block) decides the winner; a real revert leaves it open', async () => {
    const source = sourceNamed('rollup-bold');
    const wallet = createWalletClient({ account, transport: http(anvil.rpcUrl) });
    const call = async (functionName: string, args: unknown[]) =>
      client.waitForTransactionReceipt({ hash: await wallet.writeContract({ address: probe, abi, functionName, args, chain: null } as never) });
    const MUTUAL = `0x${'0f'.repeat(32)}` as Hex;

    // E1 was confirmed while getAssertion(...).isFirstChild was false (the default) → the rival won.
    let facts = await ingest(source, context());
    expect(facts.challengeMoves.find((m) => m.action === 'CONFIRMED_BY_TIME')).toMatchObject({ challengeId: PARENT, claim: E1, status: 'CHALLENGER_WINS' });

    await call('setAssertion', [true, false]);
    await call('edge', [E2, MUTUAL, PARENT, `0x${'a2'.repeat(32)}`]);
    await call('confirm', [E2, MUTUAL]); // isFirstChild true at this block
    await call('setAssertion', [true, true]);
    await call('confirm', [E2, MUTUAL]); // getAssertion reverts at this block

    facts = await ingest(source, context());
    const confirmations = facts.challengeMoves.filter((m) => m.action === 'CONFIRMED_BY_TIME');
    expect(confirmations.map((m) => [m.claim, m.status])).toEqual([[E1, 'CHALLENGER_WINS'], [E2, 'DEFENDER_WINS'], [E2, null]]);
    expect((confirmations[2]!.extra as Record<string, unknown>).reason).toMatch(/Rollup.getAssertion failed: .*ASSERTION_NOT_EXIST/);
  });
});
