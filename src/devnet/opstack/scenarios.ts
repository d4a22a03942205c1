/**
 * OP Stack scenario steps and self-contained OP scenarios. The steps are what the devnet's shared
 * scenarios call for their OP rollup (one call per scenario phase); `opScenarios` runs them alone.
 *
 * Steps (each records its ground truth through ctx.recorder):
 * - deployOpWorld(ctx): the devnet OP rollup `op-devnet` (fault proofs, L2 chain 9010).
 * - opSteadyRound(op, round): L2 blocks up to the L1 head, a deposit, a batch (alternating blob
 *   span/brotli and calldata singular/zlib), a valid dispute game.
 * - opCensoredDeposits(op): deposits while the batcher is silent past the sequencing window, then a
 *   batch (the deposits are recorded forced).
 * - opChallengedRoot(op): an invalid root challenged (CHALLENGER_WINS) and a valid root challenged
 *   and defended (DEFENDER_WINS); opSettle resolves them.
 * - opBlobVsCalldata(op): the same kind of channel posted once as blobs, once as calldata.
 * - opWithdrawalRoundTrip(op): a bridge withdrawal proven against a game and finalized after the
 *   portal delays (advances the L1 clock by > 7 days).
 * - opSettle(op): advances the clock until every open game can resolve, and resolves them.
 */
import { createDevnetContext, type DevnetContext } from '../context.ts';
import { createOpStackEmulator, type OpStackEmulator } from './emulator.ts';
import type { DeployOpStackOptions } from './deploy.ts';

export interface OpWorld {
  ctx: DevnetContext;
  op: OpStackEmulator;
}

export const OP_DEVNET_ID = 'op-devnet';
export const OP_DEVNET_L2_CHAIN_ID = 9010;
/** Sequencing window of the devnet rollup: 60 L1 blocks (12 minutes), so censorship fits a scenario. */
export const OP_DEVNET_SEQUENCING_WINDOW = 60;

export async function deployOpWorld(ctx: DevnetContext, opts: Partial<DeployOpStackOptions> = {}): Promise<OpWorld> {
  const op = await createOpStackEmulator({
    ctx,
    id: OP_DEVNET_ID,
    l2ChainId: OP_DEVNET_L2_CHAIN_ID,
    ...opts,
    params: { sequencingWindowBlocks: OP_DEVNET_SEQUENCING_WINDOW, ...opts.params },
  });
  return { ctx, op };
}

/** L2 blocks up to the L1 head: a few with transactions, the rest empty (fast path). */
export async function opCatchUp(op: OpStackEmulator, maxBlocks = 2_000): Promise<void> {
  await op.produceL2Blocks({ count: 2, txsPerBlock: 2 });
  await op.produceL2Blocks({ untilL1Head: true, maxBlocks, txsPerBlock: 0 });
}

export async function opSteadyRound(op: OpStackEmulator, round: number): Promise<void> {
  await opCatchUp(op);
  await op.depositETH({ via: round % 2 === 0 ? 'portal' : 'bridge', amount: 10n ** 18n + BigInt(round) });
  if (round % 2 === 0) await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli' });
  else await op.postBatch({ target: 'calldata', batchType: 'singular', compression: 'zlib', maxFrameSize: 4_000 });
  if (op.state.era === 'faultProofs') await op.createGame();
  else if (op.l2Head().number >= (op.state.outputs.at(-1)?.l2BlockNumber ?? op.definition.genesis.l2Block) + op.state.params.submissionInterval) {
    await op.proposeOutput();
  }
}

export async function opCensoredDeposits(op: OpStackEmulator, ctx: DevnetContext): Promise<void> {
  await opCatchUp(op);
  await op.postBatch({ target: 'blobs' });
  await op.depositETH({ via: 'portal', amount: 10n ** 17n });
  await op.depositERC20({ amount: 10n ** 18n });
  await op.depositETH({ via: 'bridge', amount: 2n * 10n ** 17n });
  // The batcher stays silent for longer than the sequencing window.
  await ctx.clock.advance(op.definition.sequencingWindowBlocks * 12 + 600);
  await opCatchUp(op);
  await op.postBatch({ target: 'calldata', batchType: 'span', compression: 'zlib' });
}

export async function opChallengedRoot(op: OpStackEmulator): Promise<void> {
  await opCatchUp(op);
  const head = op.l2Head().number;
  const invalid = await op.createGame({ l2Block: head, invalid: true });
  await op.challenge(invalid);
  const valid = await op.createGame({ l2Block: head - 1 });
  await op.challenge(valid);
  await op.move({ game: valid, parentIndex: 1 });
  await op.postBatch({ target: 'blobs' });
}

export async function opBlobVsCalldata(op: OpStackEmulator): Promise<void> {
  await op.produceL2Blocks({ count: 8, txsPerBlock: 3 });
  await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli' });
  await op.produceL2Blocks({ count: 8, txsPerBlock: 3 });
  await op.postBatch({ target: 'calldata', batchType: 'span', compression: 'brotli' });
}

export async function opSettle(op: OpStackEmulator, ctx: DevnetContext): Promise<void> {
  const open = op.state.games.filter((g) => g.status === 'IN_PROGRESS');
  if (open.length === 0) return;
  const at = Math.max(...(await Promise.all(open.map((g) => op.gameResolvableAt(g)))));
  const now = await ctx.clock.now();
  if (at > now) await ctx.clock.advance(at - now);
  for (const g of open) await op.resolveGame(g);
}

export async function opWithdrawalRoundTrip(op: OpStackEmulator, ctx: DevnetContext): Promise<void> {
  await op.depositETH({ via: 'bridge', amount: 10n ** 18n });
  const w = await op.initiateWithdrawal({ via: 'bridge', amount: 3n * 10n ** 17n });
  await op.produceL2Blocks({ count: 2 });
  const game = await op.createGame();
  await op.proveWithdrawal(w, { game });
  await op.postBatch({ target: 'blobs' });
  await opSettle(op, ctx);
  const now = await ctx.clock.now();
  const at = op.withdrawalFinalizableAt(w);
  if (at > now) await ctx.clock.advance(at - now);
  await op.finalizeWithdrawal(w);
}

export const opScenarios: Record<string, (ctx: DevnetContext) => Promise<OpWorld>> = {
  async 'op-steady'(ctx) {
    const w = await deployOpWorld(ctx);
    for (let r = 0; r < 3; r++) {
      await opSteadyRound(w.op, r);
      await ctx.clock.advance(600);
    }
    await opCatchUp(w.op);
    await w.op.postBatch();
    return w;
  },
  async 'op-outage'(ctx) {
    const w = await deployOpWorld(ctx);
    await opSteadyRound(w.op, 0);
    await ctx.clock.advance(3_600); // no L2 blocks, no batches, no games for an hour
    await opSteadyRound(w.op, 1);
    return w;
  },
  async 'op-censored-deposits'(ctx) {
    const w = await deployOpWorld(ctx);
    await opCensoredDeposits(w.op, ctx);
    return w;
  },
  async 'op-challenged-root'(ctx) {
    const w = await deployOpWorld(ctx);
    await opChallengedRoot(w.op);
    await opSettle(w.op, ctx);
    return w;
  },
  async 'op-blob-vs-calldata'(ctx) {
    const w = await deployOpWorld(ctx);
    await opBlobVsCalldata(w.op);
    return w;
  },
  async 'op-legacy-to-fault-proofs'(ctx) {
    const w = await deployOpWorld(ctx, { era: 'legacy', params: { submissionInterval: 30 } });
    await opSteadyRound(w.op, 0);
    await w.op.changeBatcher();
    await ctx.clock.advance(120);
    await opSteadyRound(w.op, 1);
    await w.op.upgradeToFaultProofs();
    await opWithdrawalRoundTrip(w.op, ctx);
    return w;
  },
};

/** Creates a devnet context and runs an OP scenario in it. */
export async function runOpScenario(name: string): Promise<OpWorld> {
  const run = opScenarios[name];
  if (!run) throw new Error(`unknown OP scenario ${name}; expected one of ${Object.keys(opScenarios).join(', ')}`);
  const ctx = await createDevnetContext({ scenario: name });
  try {
    return await run(ctx);
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}
