/**
 * The OP parts of the shared devnet scenarios (src/devnet/scenarios/opstack.ts), each run alone on
 * a fresh context (the shared scenarios also run the other stacks' parts first).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createDevnetContext, type DevnetContext } from '../context.ts';
import { opStackParts } from '../scenarios/opstack.ts';
import { checkOpInvariants } from './testing.ts';
import { OP_DEVNET_ID } from './scenarios.ts';

let ctx: DevnetContext | undefined;
afterEach(async () => {
  await ctx?.stop();
  ctx = undefined;
});

async function runPart(name: keyof typeof opStackParts) {
  ctx = await createDevnetContext({ scenario: `opstack-part-${name}` });
  await opStackParts[name].run(ctx, { size: 'small' });
  return ctx;
}

describe('OP scenario parts', () => {
  it('steady: legacy outputs, batcher change, upgrade, games, blob and calldata batches, a withdrawal round trip', async () => {
    const ctx = await runPart('steady');
    await checkOpInvariants(ctx, OP_DEVNET_ID);
    const t = ctx.recorder.truth;
    expect(new Set(t.batches.map((b) => b.dataLocation))).toEqual(new Set(['BLOB', 'CALLDATA']));
    expect(new Set(t.batches.map((b) => b.submitter)).size).toBe(2);
    expect(t.stateRoots.some((r) => /^\d+$/.test(r.index))).toBe(true);
    expect(t.challenges.every((c) => c.status === 'DEFENDER_WINS')).toBe(true);
    expect(t.bridgeMessages.filter((m) => m.direction === 'WITHDRAWAL' && m.stages.FINALIZED).length).toBe(1);
  }, 180_000);

  it('outage: the batch after the outage carries the hour of L2 blocks produced meanwhile', async () => {
    const ctx = await runPart('outage');
    await checkOpInvariants(ctx, OP_DEVNET_ID);
    const [a, b] = ctx.recorder.truth.batches;
    expect(b!.l1.timestamp - a!.l1.timestamp).toBeGreaterThan(3_600);
    expect(b!.l2TimeEnd - b!.l2TimeStart).toBeGreaterThan(3_600);
  }, 120_000);

  it('censorship: deposits forced after the sequencing window', async () => {
    const ctx = await runPart('censorship');
    await checkOpInvariants(ctx, OP_DEVNET_ID);
    expect(ctx.recorder.truth.forcedMessages.map((f) => f.forced)).toEqual([true, true, true]);
  }, 120_000);

  it('challenge: a deleted legacy output and games won by each side', async () => {
    const ctx = await runPart('challenge');
    await checkOpInvariants(ctx, OP_DEVNET_ID);
    const t = ctx.recorder.truth;
    expect(t.stateRoots.filter((r) => r.statusChanges.some((c) => c.status === 'DELETED')).length).toBe(1);
    expect(t.challenges.map((c) => c.status)).toEqual(['CHALLENGER_WINS', 'DEFENDER_WINS']);
  }, 120_000);

  it('reorg: reorged batches and deposits are re-included or re-posted, the truth follows the chain', async () => {
    const ctx = await runPart('reorg');
    await checkOpInvariants(ctx, OP_DEVNET_ID);
    const t = ctx.recorder.truth;
    expect(t.reorgs.length).toBe(3);
    expect(t.forcedMessages.length).toBe(2); // the bridge deposit of the depth-4 reorg is gone
    expect(t.challenges.length).toBe(1); // the game of the depth-4 reorg is gone
  }, 120_000);
});
