/**
 * The Arbitrum parts of every scenario, on real anvil chains: the ground truth equals what the
 * chains hold (event counts by eth_getLogs, every event canonical with its block hash and log
 * index), every event's topic0 is the mainnet one of events.md, and each scenario's story is
 * really in the truth (blob batches readable back, 7-day window passed, forced inclusion after
 * the deadline, challenges won, reorged facts gone).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { bytesToHex, hexToBytes, sha256, type Hex } from 'viem';
import { runScenario, type ScenarioRun } from './index.ts';
import { BLOB_ENDPOINTS } from '../anvil.ts';
import type { ArbitrumRollup } from '../../rollups/types.ts';
import { eventCountsFromEvents, eventsNotCanonical, logCountsOnChain, truthCounts } from '../testing/truth-checks.ts';
import { parseReferenceEvents, referenceEventsMd } from '../testing/reference.ts';
import { createRawRpc } from '../clock.ts';

const md = referenceEventsMd();
const refByTopic = new Map<string, string[]>();
if (md) for (const [sig, topic] of parseReferenceEvents(md)) refByTopic.set(topic, [...(refByTopic.get(topic) ?? []), sig.split('(')[0]!]);

const arb = (run: ScenarioRun) => run.truth.rollups.find((r): r is ArbitrumRollup => r.stack === 'arbitrum')!;
const arbAddresses = (run: ScenarioRun) => {
  const c = arb(run).contracts;
  return new Set([...Object.values(c).map((x) => x!.address.toLowerCase()), '0x0000000000000000000000000000000000000064']);
};
const l1 = (run: ScenarioRun) => createRawRpc(run.truth.chains.find((c) => c.role === 'l1')!.rpcUrl);
const l2 = (run: ScenarioRun) => createRawRpc(run.truth.chains.find((c) => c.rollupId === arb(run).id)!.rpcUrl);

async function commonChecks(run: ScenarioRun): Promise<void> {
  const t = run.truth;
  // Counts per (chain, contract, topic0): truth == chain, and events == counts.
  const onChain = await logCountsOnChain(t);
  expect(truthCounts(t)).toEqual(onChain);
  expect(eventCountsFromEvents(t.events)).toEqual(truthCounts(t));
  expect(await eventsNotCanonical(t)).toEqual([]);
  // Every Arbitrum event has the mainnet topic0 of its name (events.md parsed, not copied).
  if (md) {
    const addrs = arbAddresses(run);
    const mine = t.events.filter((e) => addrs.has(e.address));
    expect(mine.length).toBeGreaterThan(10);
    for (const e of mine) expect(refByTopic.get(e.topic0) ?? [], `${e.eventName} ${e.topic0}`).toContain(e.eventName);
  }
}

function scenario(name: string, body: (get: () => ScenarioRun) => void) {
  describe(`scenario ${name} (Arbitrum)`, () => {
    let run: ScenarioRun;
    beforeAll(async () => { run = await runScenario(name, { stacks: ['arbitrum'], size: 'small' }); });
    afterAll(async () => { await run?.stop(); });
    it('ground truth matches the chains and the reference topics', async () => { await commonChecks(run); });
    body(() => run);
  });
}

scenario('steady', (get) => {
  it('posts calldata, blob, AnyTrust, Celestia and separate-event batches covering every L2 block once', async () => {
    const run = get();
    const r = arb(run);
    const batches = run.truth.batches.filter((b) => b.rollupId === r.id).sort((a, b) => Number(a.batchNumber) - Number(b.batchNumber));
    expect(new Set(batches.map((b) => b.dataLocation))).toEqual(new Set(['CALLDATA', 'BLOB', 'ANYTRUST', 'CELESTIA']));
    expect(batches[0]!.l2BlockStart).toBe(r.l2GenesisBlock);
    for (let i = 1; i < batches.length; i++) expect(batches[i]!.l2BlockStart).toBe(batches[i - 1]!.l2BlockEnd + 1);
    const rpc = l2(run);
    for (const b of batches) {
      const first = await rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${b.l2BlockStart.toString(16)}`, false]);
      const last = await rpc<{ timestamp: string }>('eth_getBlockByNumber', [`0x${b.l2BlockEnd.toString(16)}`, false]);
      expect([b.l2TimeStart, b.l2TimeEnd]).toEqual([Number(first.timestamp), Number(last.timestamp)]);
      expect(b.l1.timestamp).toBeGreaterThanOrEqual(b.l2TimeEnd);
    }
    expect(run.truth.events.some((e) => e.eventName === 'SequencerBatchData')).toBe(true);
  });

  it('blob batches are type-3 txs whose blobs are readable back and match the versioned hashes', async () => {
    const run = get();
    const require = createRequire(import.meta.url);
    const cKzg = require('c-kzg') as { blobToKzgCommitment(b: Uint8Array): Uint8Array };
    const blobBatches = run.truth.batches.filter((b) => b.rollupId === arb(run).id && b.dataLocation === 'BLOB');
    expect(blobBatches.length).toBeGreaterThanOrEqual(2);
    const rpc = l1(run);
    const url = run.truth.chains.find((c) => c.role === 'l1')!.rpcUrl;
    for (const b of blobBatches) {
      const tx = await rpc<{ type: string; blobVersionedHashes: Hex[]; input: Hex }>('eth_getTransactionByHash', [b.l1.txHash]);
      expect(tx.type).toBe('0x3');
      expect(tx.input.slice(0, 10)).toBe('0x3e5aa082');
      const res = await fetch(url + BLOB_ENDPOINTS.beaconBlobs.replace('{blockId}', String(b.l1.blockNumber)));
      const blobs = ((await res.json()) as { data: Hex[] }).data;
      expect(blobs.length).toBe(b.blobCount);
      const hashes = blobs.map((blob) => {
        const h = sha256(cKzg.blobToKzgCommitment(hexToBytes(blob)), 'bytes');
        h[0] = 1;
        return bytesToHex(h);
      });
      expect(hashes).toEqual(tx.blobVersionedHashes);
      expect(await rpc<Hex[]>(BLOB_ENDPOINTS.rpcByTxHash, [b.l1.txHash])).toEqual(blobs);
    }
  });

  it('state roots commit to the real L2 block hashes; the 7-day window passes before the last confirmation', async () => {
    const run = get();
    const rpc = l2(run);
    const roots = run.truth.stateRoots.filter((s) => s.rollupId === arb(run).id && s.l2BlockNumber !== undefined);
    expect(roots.length).toBeGreaterThanOrEqual(5);
    for (const s of roots) {
      const b = await rpc<{ hash: Hex }>('eth_getBlockByNumber', [`0x${s.l2BlockNumber!.toString(16)}`, false]);
      expect(s.root).toBe(b.hash);
    }
    const waits = roots.flatMap((s) => {
      const c = s.statusChanges.find((x) => x.status === 'CONFIRMED');
      return c ? [c.l1.timestamp - s.l1.timestamp] : [];
    });
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(7 * 24 * 3600);
    // Legacy nodes were confirmed before BoLD took over; the definition closes the legacy range.
    expect(roots.filter((s) => /^\d+$/.test(s.index) && s.statusChanges.some((c) => c.status === 'CONFIRMED')).length).toBe(2);
    expect(arb(run).contracts.legacyRollup!.toBlock).toBeGreaterThan(arb(run).contracts.legacyRollup!.fromBlock);
  });

  it('deposits are included by a batch, withdrawals initiated on L2, included, and finalized through the Outbox', () => {
    const run = get();
    const msgs = run.truth.bridgeMessages.filter((m) => m.rollupId === arb(run).id);
    const deposits = msgs.filter((m) => m.direction === 'DEPOSIT');
    const withdrawals = msgs.filter((m) => m.direction === 'WITHDRAWAL');
    expect(deposits.length).toBeGreaterThanOrEqual(3);
    expect(new Set(deposits.map((m) => m.kind))).toEqual(new Set(['ETH_DEPOSIT', 'RETRYABLE']));
    for (const d of deposits) expect(d.stages.INCLUDED!.timestamp).toBeGreaterThanOrEqual(d.stages.INITIATED!.timestamp);
    expect(withdrawals.length).toBeGreaterThanOrEqual(2);
    for (const w of withdrawals) {
      expect(w.stages.INITIATED!.chainId).toBe(arb(run).l2ChainId);
      expect(w.stages.FINALIZED!.timestamp).toBeGreaterThan(w.stages.INCLUDED!.timestamp);
    }
  });
});

scenario('outage', (get) => {
  it('has no batch for hours, then the backlog goes out', () => {
    const run = get();
    const o = run.truth.expected['arb-devnet.outage'] as { gapSeconds: number; lastBatchBefore: string; firstBatchAfter: string };
    expect(o.gapSeconds).toBeGreaterThanOrEqual(6 * 3600);
    const batches = run.truth.batches.filter((b) => b.rollupId === 'arb-devnet');
    const before = batches.find((b) => b.batchNumber === o.lastBatchBefore)!;
    const after = batches.find((b) => b.batchNumber === o.firstBatchAfter)!;
    expect(batches.filter((b) => b.l1.timestamp > before.l1.timestamp && b.l1.timestamp < after.l1.timestamp)).toEqual([]);
    // L2 blocks kept coming during the outage and waited hours for inclusion.
    expect(after.l1.timestamp - after.l2TimeStart).toBeGreaterThan(3 * 3600);
  });
});

scenario('censorship', (get) => {
  it('forces the censored messages in after the deadline; the window change is on chain', async () => {
    const run = get();
    const f = run.truth.forcedMessages.filter((m) => m.rollupId === 'arb-devnet');
    const forced = f.filter((m) => m.forced);
    expect(forced.length).toBe(2);
    for (const m of forced) {
      expect(m.deadline - m.enqueued.timestamp).toBe(43_200);
      expect(m.included!.timestamp).toBeGreaterThan(m.deadline);
    }
    const normal = f.filter((m) => !m.forced && m.included);
    expect(normal.length).toBeGreaterThanOrEqual(1);
    for (const m of normal) expect(m.included!.timestamp).toBeLessThanOrEqual(m.deadline);
    const forcedBatch = run.truth.batches.find((b) => b.forced)!;
    expect(forcedBatch.dataLocation).toBe('NONE');
    expect(forcedBatch.l2BlockEnd).toBe(forcedBatch.l2BlockStart - 1);
    expect(run.truth.events.filter((e) => e.eventName === 'MaxTimeVariationSet').length).toBe(2);
    const si = arb(run).contracts.sequencerInbox.address;
    const mtv = await l1(run)<Hex>('eth_call', [{ to: si, data: '0xebea461d' }, 'latest']);
    expect(BigInt(`0x${mtv.slice(2 + 64 * 2, 2 + 64 * 3)}`)).toBe(43_200n);
  });
});

scenario('challenge', (get) => {
  it('a legacy challenge and a BoLD dispute both end with the defender winning', () => {
    const run = get();
    const ch = run.truth.challenges.filter((c) => c.rollupId === 'arb-devnet');
    expect(ch.map((c) => [c.type, c.status])).toEqual([['LEGACY', 'DEFENDER_WINS'], ['BOLD', 'DEFENDER_WINS']]);
    for (const c of ch) expect(c.resolved!.timestamp).toBeGreaterThan(c.created.timestamp);
    const names = new Set(run.truth.events.map((e) => e.eventName));
    for (const n of ['InitiatedChallenge', 'Bisected', 'ExecutionChallengeBegun', 'OneStepProofCompleted', 'ChallengeEnded', 'RollupChallengeStarted', 'NodeRejected',
      'EdgeAdded', 'EdgeBisected', 'EdgeConfirmedByOneStepProof', 'EdgeConfirmedByTime', 'TimerCacheUpdated', 'AssertionConfirmed']) {
      expect(names.has(n), n).toBe(true);
    }
    const statuses = (index: string) => run.truth.stateRoots.find((s) => s.index === index)!.statusChanges.map((c) => c.status);
    expect(statuses('1')).toEqual(['PROPOSED', 'CHALLENGED', 'CONFIRMED']);
    expect(statuses('2')).toEqual(['PROPOSED', 'REJECTED']);
    const bold = ch[1]!;
    expect(statuses(bold.disputedRoot!)).toEqual(['PROPOSED', 'CHALLENGED', 'CONFIRMED']);
  });
});

scenario('reorg', (get) => {
  it('reorgs of depth 1, 5 and 64 leave a truth that describes the chain after them', async () => {
    const run = get();
    const addrs = arbAddresses(run);
    const reorgs = run.truth.reorgs.filter((r) => r.removedEvents.every((e) => addrs.has(e.address)));
    expect(reorgs.map((r) => r.depth)).toEqual([1, 5, 64]);
    const rpc = l1(run);
    for (const r of reorgs) {
      for (const e of r.removedEvents) {
        const b = await rpc<{ hash: Hex }>('eth_getBlockByNumber', [`0x${e.blockNumber.toString(16)}`, false]);
        expect(b.hash).not.toBe(e.blockHash);
      }
    }
    const live = new Set(run.truth.events.map((e) => e.txHash));
    // Depth 1: the batch is back (same tx, new block hash).
    expect(reorgs[0]!.removedEvents.length).toBeGreaterThan(0);
    for (const e of reorgs[0]!.removedEvents) expect(live.has(e.txHash)).toBe(true);
    // Depth 5: deposit and batch re-included, the rest (assertion, deposit, L2 message) gone.
    const txs5 = [...new Set(reorgs[1]!.removedEvents.map((e) => e.txHash))];
    expect(txs5.length).toBe(5);
    expect(txs5.filter((h) => live.has(h)).length).toBe(2);
    // Depth 64: everything removed stays removed.
    expect(reorgs[2]!.removedEvents.length).toBeGreaterThan(10);
    for (const e of reorgs[2]!.removedEvents) expect(live.has(e.txHash)).toBe(false);
    // No fact of the truth points into a removed block.
    const removedBlocks = new Set(reorgs.flatMap((r) => r.removedEvents.map((e) => e.blockHash)));
    const refs = [
      ...run.truth.batches.map((b) => b.l1), ...run.truth.stateRoots.flatMap((s) => [s.l1, ...s.statusChanges.map((c) => c.l1)]),
      ...run.truth.forcedMessages.flatMap((f) => [f.enqueued, ...(f.included ? [f.included] : [])]),
      ...run.truth.bridgeMessages.flatMap((m) => Object.values(m.stages)),
    ];
    for (const ref of refs) expect(removedBlocks.has(ref!.blockHash)).toBe(false);
  });
});
