/**
 * The OP Stack emulator against real anvil chains: one rollup driven through the legacy era
 * (outputs, a deleted output, a withdrawal finalized after FINALIZATION_PERIOD_SECONDS), the
 * fault-proof upgrade, games resolved both ways with real positions, a bridge withdrawal finalized
 * after the OptimismPortal2 delays, deposits, a batcher change and every batch encoding.
 * The assertions re-derive facts from the chains independently of the emulator's bookkeeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { bytesToHex, hexToBytes, toEventSelector, toEventSignature, type AbiEvent, type Hex } from 'viem';
import { createDevnetContext, type DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import type { Address } from '../../rollups/types.ts';
import type { TruthBatch } from '../truth.ts';
import {
  createChannelAssembler,
  decodeBlob,
  decodeChannel,
  parseBatcherData,
  type AssembledChannel,
} from '../../stacks/opstack/derivation/index.ts';
import { createOpStackEmulator, type OpStackEmulator } from './emulator.ts';
import type { OpGame, OpWithdrawal } from './state.ts';
import type { PostedBatch } from './batcher.ts';
import { L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE, L2_TO_L1_MESSAGE_PASSER, depositSourceHash } from './protocol.ts';
import { EVENTS_MD } from '../../testing/reference.ts';

const ARTIFACTS = [
  'OptimismPortal', 'OptimismPortal2', 'OpProxy', 'L2OutputOracle', 'DisputeGameFactory', 'FaultDisputeGame', 'SystemConfig',
  'L1CrossDomainMessenger', 'L1StandardBridge', 'OpTestToken', 'L2ToL1MessagePasser', 'L2CrossDomainMessenger', 'L2StandardBridge',
];
/** Emitted events that events.md does not list (generic OpenZeppelin/ERC20 events, L2-side bridge event). */
const NOT_IN_REFERENCE = new Set(['OwnershipTransferred(address,address)', 'Upgraded(address)', 'AdminChanged(address,address)', 'Transfer(address,address,uint256)', 'Approval(address,address,uint256)', 'WithdrawalInitiated(address,address,address,address,uint256,bytes)']);

let ctx: DevnetContext;
let op: OpStackEmulator;
const posted: PostedBatch[] = [];
const games: OpGame[] = [];
let legacyWithdrawal: OpWithdrawal;
let bridgeWithdrawal: OpWithdrawal;
const early: { legacy?: string; faultProofs?: string } = {};
let forcedDepositHash: Hex;

async function advanceTo(t: number): Promise<void> {
  const now = await ctx.clock.now();
  if (t > now) await ctx.clock.advance(t - now);
}

async function expectRevert(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return String((e as Error).message);
  }
  throw new Error('expected the call to revert');
}

beforeAll(async () => {
  ctx = await createDevnetContext({ scenario: 'opstack-emulator-test' });
  op = await createOpStackEmulator({ ctx, id: 'op-devnet', l2ChainId: 9010, era: 'legacy', params: { submissionInterval: 10, sequencingWindowBlocks: 20 } });
  const user = op.state.accounts.users[0]!;

  // Legacy era: deposits, multi-frame multi-tx calldata channel of singular zlib batches.
  await op.produceL2Blocks({ count: 6 });
  await op.depositETH({ via: 'portal', amount: 3n * 10n ** 18n });
  await op.depositETH({ via: 'bridge', amount: 2n * 10n ** 18n });
  await op.depositERC20({ amount: 5n * 10n ** 18n });
  posted.push((await op.postBatch({ target: 'calldata', batchType: 'singular', compression: 'zlib', maxFrameSize: 200 }))!);
  // Multi-blob, multi-tx channel of a span batch, brotli.
  await op.produceL2Blocks({ count: 6, txsPerBlock: 3 });
  posted.push((await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli', maxFrameSize: 180, blobsPerTx: 2 }))!);

  // Legacy withdrawal: initiated on L2, proven against an output, finalized after 7 days.
  legacyWithdrawal = await op.initiateWithdrawal({ via: 'portal', amount: 10n ** 17n });
  await op.produceL2Blocks({ count: 30 - op.l2Head().number + op.definition.genesis.l2Block });
  await op.proposeOutput();
  await op.proposeOutput();
  const bad = await op.proposeOutput({ invalid: true });
  await op.deleteOutputs(bad.index);
  await op.proveWithdrawal(legacyWithdrawal);
  early.legacy = await expectRevert(op.finalizeWithdrawal(legacyWithdrawal));
  const forced = await op.depositETH({ via: 'portal', amount: 10n ** 16n });
  forcedDepositHash = forced.sourceHash;
  await advanceTo(op.withdrawalFinalizableAt(legacyWithdrawal));
  await op.finalizeWithdrawal(legacyWithdrawal);

  // Batcher change: the stale batcher's post is ignored; the new one posts a calldata span batch with 2 frames per tx.
  await op.changeBatcher();
  await op.postBatch({ target: 'calldata', asStaleBatcher: true, batchType: 'span', compression: 'zlib' });
  posted.push((await op.postBatch({ target: 'calldata', batchType: 'span', compression: 'zlib', maxFrameSize: 300, framesPerTx: 2 }))!);

  // Fault proofs.
  await op.upgradeToFaultProofs();
  await op.produceL2Blocks({ count: 4 });
  await op.depositETH({ via: 'bridge', amount: 10n ** 18n, from: op.state.accounts.users[1] });
  bridgeWithdrawal = await op.initiateWithdrawal({ via: 'bridge', amount: 5n * 10n ** 17n, from: user });
  await op.produceL2Blocks({ count: 2 });
  games.push(await op.createGame()); // valid, unchallenged
  await op.proveWithdrawal(bridgeWithdrawal, { game: games[0] });
  games.push(await op.createGame({ l2Block: op.l2Head().number - 1, invalid: true }));
  await op.challenge(games[1]!);
  games.push(await op.createGame({ l2Block: op.l2Head().number - 2 }));
  const g = games[2]!;
  await op.challenge(g); // claim 1 at position 2 (dishonest challenger)
  await op.move({ game: g, parentIndex: 1 }); // claim 2 at position 4 (proposer)
  await op.move({ game: g, parentIndex: 2, attack: false }); // claim 3 at position 10 (challenger defends)
  await op.move({ game: g, parentIndex: 3 }); // claim 4 at position 20 (proposer)
  posted.push((await op.postBatch({ target: 'blobs', batchType: 'singular', compression: 'zlib' }))!);

  early.faultProofs = await expectRevert(op.resolveGame(games[0]!));
  const resolvable = Math.max(...(await Promise.all(games.map((x) => op.gameResolvableAt(x)))));
  await advanceTo(resolvable);
  for (const x of games) await op.resolveGame(x);
  const tooEarly = await expectRevert(op.finalizeWithdrawal(bridgeWithdrawal));
  early.faultProofs += ` | ${tooEarly}`;
  await advanceTo(op.withdrawalFinalizableAt(bridgeWithdrawal));
  await op.finalizeWithdrawal(bridgeWithdrawal);
}, 300_000);

afterAll(async () => {
  await ctx?.stop();
});

function referenceTopics(): Map<string, Hex> {
  const ref = new Map<string, Hex>();
  for (const line of readFileSync(EVENTS_MD, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const sig = /^`([A-Za-z0-9_]+\(.*\))`$/.exec(cells[3]!)?.[1];
    const topic = /^`(0x[0-9a-f]{64})`$/.exec(cells[4]!)?.[1];
    if (sig && topic) ref.set(sig, topic as Hex);
  }
  return ref;
}

function eventAbisByTopic(): Map<Hex, AbiEvent> {
  const m = new Map<Hex, AbiEvent>();
  for (const name of ARTIFACTS) for (const item of loadArtifact(name).abi) if (item.type === 'event') m.set(toEventSelector(item), item as AbiEvent);
  return m;
}

async function allLogs() {
  const s = op.state;
  const l1Addresses = [
    s.addresses.systemConfig, s.addresses.optimismPortal, s.addresses.l1CrossDomainMessenger, s.addresses.l1StandardBridge,
    s.addresses.l2OutputOracle!, s.addresses.disputeGameFactory!, s.addresses.testToken, ...games.map((g) => g.address),
  ] as Address[];
  const l1 = await ctx.l1.public.getLogs({ address: l1Addresses, fromBlock: BigInt(op.definition.startBlock), toBlock: 'latest' });
  const l2 = await s.l2.public.getLogs({ address: [L2_TO_L1_MESSAGE_PASSER, L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE], fromBlock: 0n, toBlock: 'latest' });
  return [...l1.map((l) => ({ ...l, chainId: ctx.l1.chainId })), ...l2.map((l) => ({ ...l, chainId: s.l2.chainId }))];
}

describe('OP Stack emulator events', () => {
  it('emits every OP event with the topic0 of events.md (canonical signatures from the emulator ABIs)', async () => {
    const ref = referenceTopics();
    const abis = eventAbisByTopic();
    const seen = new Set<string>();
    for (const log of await allLogs()) {
      const abi = abis.get(log.topics[0]!);
      expect(abi, `log ${log.topics[0]} of ${log.address} is not an emulator event`).toBeDefined();
      const sig = toEventSignature(abi!);
      seen.add(sig);
      if (ref.has(sig)) expect(log.topics[0], sig).toBe(ref.get(sig));
      else expect(NOT_IN_REFERENCE.has(sig), `${sig} is neither in events.md nor a known generic event`).toBe(true);
    }
    for (const sig of [
      'TransactionDeposited(address,address,uint256,bytes)', 'WithdrawalProven(bytes32,address,address)', 'WithdrawalProvenExtension1(bytes32,address)',
      'WithdrawalFinalized(bytes32,bool)', 'OutputProposed(bytes32,uint256,uint256,uint256)', 'OutputsDeleted(uint256,uint256)',
      'DisputeGameCreated(address,uint32,bytes32)', 'ImplementationSet(address,uint32)', 'InitBondUpdated(uint32,uint256)', 'Move(uint256,bytes32,address)',
      'Resolved(uint8)', 'ConfigUpdate(uint256,uint8,bytes)', 'ETHDepositInitiated(address,address,uint256,bytes)', 'ETHBridgeInitiated(address,address,uint256,bytes)',
      'ERC20DepositInitiated(address,address,address,address,uint256,bytes)', 'ERC20BridgeInitiated(address,address,address,address,uint256,bytes)',
      'ETHWithdrawalFinalized(address,address,uint256,bytes)', 'ETHBridgeFinalized(address,address,uint256,bytes)',
      'SentMessage(address,address,bytes,uint256,uint256)', 'SentMessageExtension1(address,uint256)', 'RelayedMessage(bytes32)',
      'MessagePassed(uint256,address,address,uint256,uint256,bytes,bytes32)',
    ]) {
      expect(ref.has(sig), `${sig} in events.md`).toBe(true);
      expect(seen.has(sig), `${sig} emitted`).toBe(true);
    }
  });

  it('records exactly the logs on chain: counts per (chain, address, topic0) from eth_getLogs equal the truth', async () => {
    const onChain = new Map<string, number>();
    for (const log of await allLogs()) {
      const k = `${log.chainId}:${log.address.toLowerCase()}:${log.topics[0]}`;
      onChain.set(k, (onChain.get(k) ?? 0) + 1);
    }
    const truth = new Map<string, number>();
    for (const e of ctx.recorder.truth.events) {
      const k = `${e.chainId}:${e.address.toLowerCase()}:${e.topic0}`;
      truth.set(k, (truth.get(k) ?? 0) + 1);
    }
    expect(Object.fromEntries(truth)).toEqual(Object.fromEntries(onChain));
    const counts = Object.fromEntries(ctx.recorder.truth.eventCounts.filter((c) => c.count > 0).map((c) => [`${c.chainId}:${c.address.toLowerCase()}:${c.topic0}`, c.count]));
    expect(counts).toEqual(Object.fromEntries(onChain));
  });

  it('packs TransactionDeposited opaqueData as encodePacked(mint, value, gasLimit, isCreation, data), version 0', async () => {
    const deposits = ctx.recorder.truth.events.filter((e) => e.eventName === 'TransactionDeposited');
    expect(deposits.length).toBe(5);
    const logs = await ctx.l1.public.getLogs({ address: op.state.addresses.optimismPortal, fromBlock: BigInt(op.definition.startBlock), toBlock: 'latest' });
    const dep = logs.filter((l) => l.topics[0] === deposits[0]!.topic0);
    expect(dep.every((l) => BigInt(l.topics[3]!) === 0n)).toBe(true);
    const portalDirect = deposits[0]!.args.opaqueData as Hex;
    const b = hexToBytes(portalDirect);
    expect(b.length).toBe(32 + 32 + 8 + 1);
    expect(BigInt(bytesToHex(b.slice(0, 32)))).toBe(3n * 10n ** 18n); // mint
    expect(BigInt(bytesToHex(b.slice(32, 64)))).toBe(3n * 10n ** 18n); // value
    expect(BigInt(bytesToHex(b.slice(64, 72)))).toBe(100_000n); // gasLimit
    expect(b[72]).toBe(0); // isCreation
    // Bridge deposits come from the aliased L1CrossDomainMessenger to the L2 messenger.
    const viaBridge = deposits[1]!;
    const alias = (BigInt(op.state.addresses.l1CrossDomainMessenger) + 0x1111000000000000000000000000000000001111n) & ((1n << 160n) - 1n);
    expect(BigInt(viaBridge.args.from as string)).toBe(alias);
    expect((viaBridge.args.to as string).toLowerCase()).toBe(L2_CROSS_DOMAIN_MESSENGER);
  });

  it('encodes SystemConfig ConfigUpdate(BATCHER) as version 0, type 0, abi.encode(bytes(abi.encode(batcherHash)))', async () => {
    const sc = op.state.addresses.systemConfig;
    const logs = await ctx.l1.public.getLogs({ address: sc, fromBlock: BigInt(op.definition.startBlock), toBlock: 'latest' });
    const batcherUpdates = logs.filter((l) => l.topics.length === 3 && BigInt(l.topics[1]!) === 0n && BigInt(l.topics[2]!) === 0n);
    expect(batcherUpdates.map((l) => l.data)).toEqual(
      [op.state.accounts.batchers[0]!, op.state.accounts.batchers[1]!].map(
        (a) => `0x${'20'.padStart(64, '0')}${'20'.padStart(64, '0')}${a.address.slice(2).toLowerCase().padStart(64, '0')}`,
      ),
    );
    const batcherHash = await ctx.l1.public.readContract({ address: sc, abi: loadArtifact('SystemConfig').abi, functionName: 'batcherHash' });
    expect(BigInt(batcherHash as Hex)).toBe(BigInt(op.state.accounts.batchers[1]!.address));
  });
});

/** Independent batch derivation from the L1: batcher txs in L1 order, valid sender per ConfigUpdate(BATCHER). */
async function deriveBatchRows(): Promise<{ rows: Omit<TruthBatch, 'rollupId'>[]; channels: AssembledChannel[] }> {
  const def = op.definition;
  const batcherAt: { block: number; batcher: string }[] = [{ block: 0, batcher: def.initialBatcher }];
  for (const e of ctx.recorder.truth.events) {
    if (e.eventName === 'ConfigUpdate' && e.address === def.contracts.systemConfig.address && String(e.args.updateType) === '0') {
      const data = e.args.data as Hex;
      batcherAt.push({ block: e.blockNumber, batcher: `0x${data.slice(-40)}` });
    }
  }
  const validBatcher = (block: number) => batcherAt.filter((b) => b.block <= block).at(-1)!.batcher;
  const head = Number(await ctx.l1.public.getBlockNumber());
  const asm = createChannelAssembler({ params: { channelTimeout: 300 } });
  const rows: Omit<TruthBatch, 'rollupId'>[] = [];
  const channels: AssembledChannel[] = [];
  const perChannel = new Map<string, { bytes: number; blobs: number }>();
  for (let n = def.startBlock; n <= head; n++) {
    const block = await ctx.l1.public.getBlock({ blockNumber: BigInt(n), includeTransactions: true });
    for (const tx of block.transactions) {
      if (tx.to?.toLowerCase() !== def.batchInbox || tx.from.toLowerCase() !== validBatcher(n)) continue;
      const l1 = { blockNumber: n, timestamp: Number(block.timestamp), blockHash: block.hash!, txHash: tx.hash, txIndex: tx.transactionIndex };
      let items: Uint8Array[];
      let bytes: number;
      if (tx.type === 'eip4844') {
        const res = await fetch(`${def.beaconUrl}/eth/v1/beacon/blobs/${n}`);
        const blobs = ((await res.json()) as { data: Hex[] }).data;
        items = blobs.map((b) => hexToBytes(b));
        // The blobs read back are the tx's: their KZG commitments hash to its versioned hashes.
        const cKzg = createRequire(import.meta.url)('c-kzg') as { blobToKzgCommitment(b: Uint8Array): Uint8Array };
        const versioned = items.map((b) => `0x01${createHash('sha256').update(cKzg.blobToKzgCommitment(b)).digest('hex').slice(2)}`);
        expect(versioned).toEqual(tx.blobVersionedHashes);
        const byTx = await ctx.l1.rpc<Hex[]>('anvil_getBlobsByTransactionHash', [tx.hash]);
        expect(byTx).toEqual(blobs);
        items = items.map(decodeBlob);
        bytes = 131_072 * items.length;
      } else {
        expect(tx.type).toBe('eip1559');
        items = [hexToBytes(tx.input)];
        bytes = items[0]!.length;
      }
      for (const item of items) {
        const data = parseBatcherData(item);
        if (data.kind !== 'frames') throw new Error('unexpected alt-DA data');
        for (const f of data.frames) {
          const acc = perChannel.get(f.channelId) ?? { bytes: 0, blobs: 0 };
          perChannel.set(f.channelId, acc);
        }
        const ids = new Set(data.frames.map((f) => f.channelId));
        const done = asm.addFrames(data.frames, l1);
        for (const id of ids) {
          const acc = perChannel.get(id)!;
          if (tx.type === 'eip4844') {
            acc.bytes += 131_072;
            acc.blobs += 1;
          } else if (item === items[0]) acc.bytes += bytes;
        }
        for (const ch of done) {
          channels.push(ch);
          const decoded = await decodeChannel(ch.data, { genesis: def.genesis, spanBatchTxs: 'full' });
          expect(decoded.error).toBeUndefined();
          const blocks = decoded.batches.flatMap((b) => b.blocks);
          const acc = perChannel.get(ch.id)!;
          rows.push({
            batchNumber: String(rows.length),
            l1: { chainId: ctx.l1.chainId, blockNumber: n, blockHash: block.hash!, txHash: tx.hash, timestamp: Number(block.timestamp) },
            submitter: tx.from.toLowerCase() as Address,
            dataLocation: tx.type === 'eip4844' ? 'BLOB' : 'CALLDATA',
            bytesPosted: acc.bytes,
            blobCount: acc.blobs,
            l2BlockStart: blocks[0]!.number!,
            l2BlockEnd: blocks.at(-1)!.number!,
            l2TimeStart: blocks[0]!.timestamp,
            l2TimeEnd: blocks.at(-1)!.timestamp,
          });
        }
      }
    }
  }
  return { rows, channels };
}

describe('OP Stack emulator batches', () => {
  it('posts channels that an independent derivation pass turns into exactly the truth batch rows', async () => {
    const { rows, channels } = await deriveBatchRows();
    const truth = ctx.recorder.truth.batches.filter((b) => b.rollupId === 'op-devnet').map(({ rollupId: _, ...b }) => b);
    expect(rows).toEqual(truth);
    expect(truth.map((b) => b.dataLocation)).toEqual(['CALLDATA', 'BLOB', 'CALLDATA', 'BLOB']);
    // multi-frame / multi-tx channels really happened
    expect(channels[0]!.frames.length).toBeGreaterThan(2);
    expect(new Set(channels[0]!.frames.map((f) => f.l1.txHash)).size).toBe(channels[0]!.frames.length);
    expect(channels[1]!.frames.length).toBeGreaterThan(2);
    expect(new Set(channels[1]!.frames.map((f) => f.l1.txHash)).size).toBeLessThan(channels[1]!.frames.length);
    expect(new Set(channels[2]!.frames.map((f) => f.l1.txHash)).size).toBeLessThan(channels[2]!.frames.length);
    // every produced L2 block is in exactly one batch, with its real timestamp
    const covered = truth.flatMap((b) => Array.from({ length: b.l2BlockEnd - b.l2BlockStart + 1 }, (_, i) => b.l2BlockStart + i));
    expect(covered).toEqual(op.state.l2Blocks.map((b) => b.number));
    for (const b of op.state.l2Blocks) {
      const onL2 = await op.state.l2.public.getBlock({ blockNumber: BigInt(b.number) });
      expect(Number(onL2.timestamp)).toBe(op.definition.genesis.l2Time + (b.number - op.definition.genesis.l2Block) * 2);
    }
    expect(ctx.recorder.truth.l2Blocks.map((b) => [b.number, b.timestamp])).toEqual(op.state.l2Blocks.map((b) => [b.number, b.timestamp]));
  });

  it('blob batches decode (with their span batch txs) to the L2 blocks and transactions that were produced', async () => {
    const blobRows = posted.filter((p) => p.truth?.dataLocation === 'BLOB');
    expect(blobRows.length).toBe(2);
    for (const p of blobRows) {
      const items: Uint8Array[] = [];
      for (const tx of p.txs) {
        const blobs = await ctx.l1.rpc<Hex[]>('anvil_getBlobsByTransactionHash', [tx.hash]);
        items.push(...blobs.map((b) => decodeBlob(hexToBytes(b))));
      }
      const asm = createChannelAssembler({ params: { channelTimeout: 300 } });
      const out = items.flatMap((item, i) => {
        const d = parseBatcherData(item);
        return d.kind === 'frames' ? asm.addFrames(d.frames, { blockNumber: i, timestamp: 0 }) : [];
      });
      expect(out.length).toBe(1);
      const decoded = await decodeChannel(out[0]!.data, { genesis: op.definition.genesis, spanBatchTxs: 'full' });
      const blocks = decoded.batches.flatMap((b) => b.blocks);
      expect(blocks.map((b) => [b.number, b.timestamp, b.l1OriginNumber, b.txCount])).toEqual(
        p.blocks.map((b) => [b.number, b.timestamp, b.l1Origin.number, b.transactions.length]),
      );
      expect([blocks[0]!.number, blocks.at(-1)!.number]).toEqual([p.truth!.l2BlockStart, p.truth!.l2BlockEnd]);
    }
  });

  it('ignores the stale batcher after SystemConfig changes the batcher', () => {
    const batches = ctx.recorder.truth.batches;
    expect(batches[2]!.submitter).toBe(op.state.accounts.batchers[1]!.address.toLowerCase());
    expect(batches.slice(0, 2).every((b) => b.submitter === op.definition.initialBatcher)).toBe(true);
  });
});

describe('OP Stack emulator deposits', () => {
  it('records each deposit as a forced message included by the first batch after it, and as a bridge message', () => {
    const t = ctx.recorder.truth;
    expect(t.forcedMessages.map((f) => f.queueIndex)).toEqual(['0', '1', '2', '3', '4']);
    for (const f of t.forcedMessages) {
      expect(f.deadline).toBe(f.enqueued.timestamp + 20 * 12);
      const firstAfter = t.batches.find((b) => b.l1.blockNumber > f.enqueued.blockNumber)!;
      expect(f.included).toEqual(firstAfter.l1);
      expect(f.forced).toBe(firstAfter.l1.timestamp > f.deadline);
    }
    // The deposit made before the 7-day wait was forced in by derivation.
    const forcedMsg = t.bridgeMessages.find((m) => m.messageId === forcedDepositHash)!;
    const forcedIdx = t.forcedMessages.findIndex((f) => f.enqueued.txHash === forcedMsg.stages.INITIATED!.txHash);
    expect(t.forcedMessages[forcedIdx]!.forced).toBe(true);
    expect(t.forcedMessages.filter((f) => f.forced).length).toBe(1);
    const deposits = t.bridgeMessages.filter((m) => m.direction === 'DEPOSIT');
    expect(deposits.map((m) => m.kind)).toEqual(['PORTAL', 'ETH', 'ERC20', 'PORTAL', 'ETH']);
    for (const m of deposits) {
      expect(m.messageId).toBe(depositSourceHash(m.stages.INITIATED!.blockHash, m.stages.INITIATED!.logIndex!));
      expect(m.stages.INCLUDED).toBeDefined();
    }
    expect(deposits[2]!.token).toBe(op.state.addresses.testToken);
    expect(deposits[2]!.amount).toBe(String(5n * 10n ** 18n));
  });
});

describe('OP Stack emulator state roots, games and withdrawals', () => {
  it('records legacy outputs, the deleted one, and the fault-proof upgrade in the definition', () => {
    const outputs = ctx.recorder.truth.stateRoots.filter((r) => /^\d+$/.test(r.index));
    expect(outputs.map((r) => [r.index, r.l2BlockNumber, r.statusChanges.map((c) => c.status)])).toEqual([
      ['0', op.definition.genesis.l2Block + 10, []],
      ['1', op.definition.genesis.l2Block + 20, []],
      ['2', op.definition.genesis.l2Block + 30, ['DELETED']],
    ]);
    const c = op.definition.contracts;
    expect(c.l2OutputOracle!.toBlock).toBeGreaterThan(c.l2OutputOracle!.fromBlock);
    expect(c.disputeGameFactory!.fromBlock).toBeLessThanOrEqual(c.l2OutputOracle!.toBlock!);
    expect(ctx.recorder.truth.rollups).toContain(op.definition);
  });

  it('resolves games both ways, with moves at real positions', async () => {
    const t = ctx.recorder.truth;
    const challenges = games.map((g) => t.challenges.find((c) => c.challengeId === g.address)!);
    expect(challenges.map((c) => [c.status, c.moves.length])).toEqual([['DEFENDER_WINS', 0], ['CHALLENGER_WINS', 1], ['DEFENDER_WINS', 4]]);
    const roots = games.map((g) => t.stateRoots.find((r) => r.index === g.address)!);
    expect(roots.map((r) => r.statusChanges.map((c) => c.status))).toEqual([['CONFIRMED'], ['CHALLENGED', 'REJECTED'], ['CHALLENGED', 'CONFIRMED']]);
    const abi = loadArtifact('FaultDisputeGame').abi;
    const positions: bigint[] = [];
    for (let i = 0; i < 5; i++) {
      const c = (await ctx.l1.public.readContract({ address: games[2]!.address, abi, functionName: 'claimData', args: [BigInt(i)] })) as readonly unknown[];
      positions.push(c[5] as bigint);
    }
    expect(positions).toEqual([1n, 2n, 4n, 10n, 20n]);
    for (const g of games) {
      const status = await ctx.l1.public.readContract({ address: g.address, abi, functionName: 'status' });
      expect(status).toBe(g.status === 'DEFENDER_WINS' ? 2 : 1);
      expect(Number(await ctx.l1.public.readContract({ address: g.address, abi, functionName: 'l2BlockNumber' }))).toBe(g.l2BlockNumber);
    }
    expect(games[0]!.rootClaim).toBe(await op.outputRootAt(games[0]!.l2BlockNumber));
  });

  it('finalizes withdrawals only after the portal delays, passed with the L1 clock', () => {
    expect(early.legacy).toMatch(/finalization period has not elapsed/);
    expect(early.faultProofs).toMatch(/clock not expired/);
    expect(early.faultProofs).toMatch(/not matured yet|air-gap/);
    const t = ctx.recorder.truth;
    const [legacy, bridged] = [legacyWithdrawal, bridgeWithdrawal].map((w) => t.bridgeMessages.find((m) => m.messageId === w.withdrawalHash)!);
    expect(legacy!.kind).toBe('PORTAL');
    expect(bridged!.kind).toBe('ETH');
    for (const m of [legacy!, bridged!]) {
      expect(Object.keys(m.stages).sort()).toEqual(['FINALIZED', 'INITIATED', 'PROVEN']);
      expect(m.stages.INITIATED!.chainId).toBe(op.definition.l2ChainId);
      expect(m.stages.FINALIZED!.timestamp - m.stages.PROVEN!.timestamp).toBeGreaterThanOrEqual(604_800);
    }
    expect(bridged!.stages.FINALIZED!.timestamp - bridgeWithdrawal.proven!.at).toBeGreaterThan(604_800);
    const fin = t.events.find((e) => e.eventName === 'ETHWithdrawalFinalized')!;
    expect(fin.txHash).toBe(bridged!.stages.FINALIZED!.txHash);
    expect(fin.args.amount).toBe(String(5n * 10n ** 17n));
    expect(t.events.find((e) => e.eventName === 'WithdrawalFinalized' && e.txHash === fin.txHash)!.args.success).toBe(true);
  });
});
