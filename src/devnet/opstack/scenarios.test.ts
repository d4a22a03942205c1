/**
 * Every standalone OP scenario on real anvil chains, checked against the invariants of testing.ts
 * plus what makes each scenario what it is.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { checkOpInvariants } from './testing.ts';
import { runOpScenario, type OpWorld } from './scenarios.ts';

let world: OpWorld | undefined;
afterEach(async () => {
  await world?.ctx.stop();
  world = undefined;
});

describe('OP scenarios', () => {
  it('op-steady: regular batches alternating blobs and calldata, deposits, games', async () => {
    world = await runOpScenario('op-steady');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const t = world.ctx.recorder.truth;
    expect(t.batches.map((b) => b.dataLocation)).toEqual(['BLOB', 'CALLDATA', 'BLOB', 'BLOB']);
    expect(t.forcedMessages.every((f) => f.included && !f.forced)).toBe(true);
    expect(t.challenges.length).toBe(3);
    expect(world.op.l2Head().timestamp).toBeGreaterThan((await world.ctx.clock.now()) - 60);
  }, 120_000);

  it('op-outage: an hour without batches, then the L2 catches up in one channel', async () => {
    world = await runOpScenario('op-outage');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const b = world.ctx.recorder.truth.batches;
    expect(b.length).toBe(2);
    expect(b[1]!.l1.timestamp - b[0]!.l1.timestamp).toBeGreaterThan(3_600);
    expect(b[1]!.l2BlockEnd - b[1]!.l2BlockStart).toBeGreaterThan(1_800);
  }, 120_000);

  it('op-censored-deposits: deposits not batched within the sequencing window are forced', async () => {
    world = await runOpScenario('op-censored-deposits');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const f = world.ctx.recorder.truth.forcedMessages;
    expect(f.length).toBe(3);
    expect(f.every((m) => m.forced && m.included!.timestamp > m.deadline)).toBe(true);
    expect(f[0]!.deadline - f[0]!.enqueued.timestamp).toBe(60 * 12);
  }, 120_000);

  it('op-challenged-root: CHALLENGER_WINS on the invalid root, DEFENDER_WINS on the defended one', async () => {
    world = await runOpScenario('op-challenged-root');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const t = world.ctx.recorder.truth;
    expect(t.challenges.map((c) => [c.status, c.moves.length])).toEqual([['CHALLENGER_WINS', 1], ['DEFENDER_WINS', 2]]);
    expect(t.stateRoots.map((r) => r.statusChanges.map((c) => c.status))).toEqual([['CHALLENGED', 'REJECTED'], ['CHALLENGED', 'CONFIRMED']]);
  }, 120_000);

  it('op-blob-vs-calldata and op-legacy-to-fault-proofs', async () => {
    world = await runOpScenario('op-blob-vs-calldata');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const [blob, calldata] = world.ctx.recorder.truth.batches;
    expect([blob!.dataLocation, blob!.blobCount, calldata!.dataLocation, calldata!.blobCount]).toEqual(['BLOB', 1, 'CALLDATA', 0]);
    expect(calldata!.bytesPosted).toBeLessThan(blob!.bytesPosted);
    await world.ctx.stop();

    world = await runOpScenario('op-legacy-to-fault-proofs');
    await checkOpInvariants(world.ctx, world.op.state.id);
    const t = world.ctx.recorder.truth;
    const def = world.op.definition;
    expect(def.contracts.l2OutputOracle!.toBlock).toBeDefined();
    expect(t.stateRoots.filter((r) => /^\d+$/.test(r.index)).length).toBeGreaterThan(0);
    const w = t.bridgeMessages.find((m) => m.direction === 'WITHDRAWAL')!;
    expect(Object.keys(w.stages).sort()).toEqual(['FINALIZED', 'INITIATED', 'PROVEN']);
    expect(new Set(t.batches.map((b) => b.submitter)).size).toBe(2);
  }, 180_000);
});
