/**
 * Every OP scenario on real anvil chains, checked against invariants that hold for any run:
 * logs on chain = truth events, every batched L2 block in exactly one batch row, the deposit
 * inclusion rule; plus what makes each scenario what it is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Address } from '../../rollups/types.ts';
import { L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE, L2_TO_L1_MESSAGE_PASSER } from './protocol.ts';
import { runOpScenario, type OpWorld } from './scenarios.ts';

let world: OpWorld | undefined;
afterEach(async () => {
  await world?.ctx.stop();
  world = undefined;
});

async function checkInvariants(w: OpWorld): Promise<void> {
  const { ctx, op } = w;
  const t = ctx.recorder.truth;
  const s = op.state;
  // Logs on chain = recorded events.
  const addresses = [
    s.addresses.systemConfig, s.addresses.optimismPortal, s.addresses.l1CrossDomainMessenger, s.addresses.l1StandardBridge, s.addresses.testToken,
    ...(s.addresses.l2OutputOracle ? [s.addresses.l2OutputOracle] : []), ...(s.addresses.disputeGameFactory ? [s.addresses.disputeGameFactory] : []),
    ...s.games.map((g) => g.address),
  ] as Address[];
  const l1 = await ctx.l1.public.getLogs({ address: addresses, fromBlock: BigInt(op.definition.startBlock), toBlock: 'latest' });
  const l2 = await s.l2.public.getLogs({ address: [L2_TO_L1_MESSAGE_PASSER, L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE], fromBlock: 0n, toBlock: 'latest' });
  const onChain = [...l1, ...l2].map((l) => `${l.blockHash}:${l.logIndex}:${l.topics[0]}`).sort();
  expect(t.events.map((e) => `${e.blockHash}:${e.logIndex}:${e.topic0}`).sort()).toEqual(onChain);
  // Batches: consecutive numbers, contiguous L2 ranges starting after genesis, grid timestamps.
  const g = op.definition.genesis;
  let next = g.l2Block + 1;
  t.batches.forEach((b, i) => {
    expect(b.batchNumber).toBe(String(i));
    expect(b.l2BlockStart).toBe(next);
    expect(b.l2TimeStart).toBe(g.l2Time + (b.l2BlockStart - g.l2Block) * g.blockTime);
    expect(b.l2TimeEnd).toBe(g.l2Time + (b.l2BlockEnd - g.l2Block) * g.blockTime);
    next = b.l2BlockEnd + 1;
  });
  expect(t.l2Blocks.map((b) => b.number)).toEqual(s.l2Blocks.map((b) => b.number));
  // Deposits: included by the first batch row after them, forced iff that is past the deadline.
  for (const f of t.forcedMessages) {
    const first = t.batches.find((b) => b.l1.blockNumber > f.enqueued.blockNumber);
    expect(f.included).toEqual(first?.l1);
    expect(f.forced).toBe(!!first && first.l1.timestamp > f.deadline);
  }
}

describe('OP scenarios', () => {
  it('op-steady: regular batches alternating blobs and calldata, deposits, games', async () => {
    world = await runOpScenario('op-steady');
    await checkInvariants(world);
    const t = world.ctx.recorder.truth;
    expect(t.batches.map((b) => b.dataLocation)).toEqual(['BLOB', 'CALLDATA', 'BLOB', 'BLOB']);
    expect(t.forcedMessages.every((f) => f.included && !f.forced)).toBe(true);
    expect(t.challenges.length).toBe(3);
    expect(world.op.l2Head().timestamp).toBeGreaterThan((await world.ctx.clock.now()) - 60);
  }, 120_000);

  it('op-outage: an hour without batches, then the L2 catches up in one channel', async () => {
    world = await runOpScenario('op-outage');
    await checkInvariants(world);
    const b = world.ctx.recorder.truth.batches;
    expect(b.length).toBe(2);
    expect(b[1]!.l1.timestamp - b[0]!.l1.timestamp).toBeGreaterThan(3_600);
    expect(b[1]!.l2BlockEnd - b[1]!.l2BlockStart).toBeGreaterThan(1_800);
  }, 120_000);

  it('op-censored-deposits: deposits not batched within the sequencing window are forced', async () => {
    world = await runOpScenario('op-censored-deposits');
    await checkInvariants(world);
    const f = world.ctx.recorder.truth.forcedMessages;
    expect(f.length).toBe(3);
    expect(f.every((m) => m.forced && m.included!.timestamp > m.deadline)).toBe(true);
    expect(f[0]!.deadline - f[0]!.enqueued.timestamp).toBe(60 * 12);
  }, 120_000);

  it('op-challenged-root: CHALLENGER_WINS on the invalid root, DEFENDER_WINS on the defended one', async () => {
    world = await runOpScenario('op-challenged-root');
    await checkInvariants(world);
    const t = world.ctx.recorder.truth;
    expect(t.challenges.map((c) => [c.status, c.moves.length])).toEqual([['CHALLENGER_WINS', 1], ['DEFENDER_WINS', 2]]);
    expect(t.stateRoots.map((r) => r.statusChanges.map((c) => c.status))).toEqual([['CHALLENGED', 'REJECTED'], ['CHALLENGED', 'CONFIRMED']]);
  }, 120_000);

  it('op-blob-vs-calldata and op-legacy-to-fault-proofs', async () => {
    world = await runOpScenario('op-blob-vs-calldata');
    await checkInvariants(world);
    const [blob, calldata] = world.ctx.recorder.truth.batches;
    expect([blob!.dataLocation, blob!.blobCount, calldata!.dataLocation, calldata!.blobCount]).toEqual(['BLOB', 1, 'CALLDATA', 0]);
    expect(calldata!.bytesPosted).toBeLessThan(blob!.bytesPosted);
    await world.ctx.stop();

    world = await runOpScenario('op-legacy-to-fault-proofs');
    await checkInvariants(world);
    const t = world.ctx.recorder.truth;
    const def = world.op.definition;
    expect(def.contracts.l2OutputOracle!.toBlock).toBeDefined();
    expect(t.stateRoots.filter((r) => /^\d+$/.test(r.index)).length).toBeGreaterThan(0);
    const w = t.bridgeMessages.find((m) => m.direction === 'WITHDRAWAL')!;
    expect(Object.keys(w.stages).sort()).toEqual(['FINALIZED', 'INITIATED', 'PROVEN']);
    expect(new Set(t.batches.map((b) => b.submitter)).size).toBe(2);
  }, 180_000);
});
