/**
 * OP Stack parts of the devnet scenarios (see scenarios/index.ts for the registry). Every part
 * deploys its own emulator set (rollup `op-devnet`, L2 chain 9010) and drives it with the steps of
 * src/devnet/opstack/scenarios.ts; the recording rules are in src/devnet/opstack/*.ts headers.
 */
import type { DevnetContext } from '../context.ts';
import { reorgChain } from '../reorg.ts';
import {
  deployOpWorld,
  opBlobVsCalldata,
  opCatchUp,
  opCensoredDeposits,
  opChallengedRoot,
  opSettle,
  opSteadyRound,
  opWithdrawalRoundTrip,
} from '../opstack/scenarios.ts';
import type { ScenarioPart, ScenarioRunOptions } from './types.ts';

const log = (opts: ScenarioRunOptions, msg: string, fields?: Record<string, unknown>) => opts.log?.(`opstack: ${msg}`, fields);

export const steady: ScenarioPart = {
  stack: 'opstack',
  async run(ctx: DevnetContext, opts) {
    const rounds = opts.size === 'full' ? 6 : 2;
    // Legacy era (L2OutputOracle), a batcher change, the fault-proof upgrade, then games.
    const { op } = await deployOpWorld(ctx, { era: 'legacy', params: { submissionInterval: 30 } });
    for (let r = 0; r < rounds; r++) {
      await opSteadyRound(op, r);
      await ctx.clock.advance(120);
    }
    await op.changeBatcher();
    await op.upgradeToFaultProofs();
    for (let r = rounds; r < 2 * rounds; r++) {
      await opSteadyRound(op, r);
      await ctx.clock.advance(120);
    }
    await opBlobVsCalldata(op);
    await opWithdrawalRoundTrip(op, ctx); // resolves the open games; > 7 days of L1 time
    log(opts, 'steady done', { l2Head: op.l2Head().number, games: op.state.games.length });
  },
};

export const outage: ScenarioPart = {
  stack: 'opstack',
  async run(ctx, opts) {
    const { op } = await deployOpWorld(ctx);
    await opSteadyRound(op, 0);
    const hours = opts.size === 'full' ? 3 : 1;
    // The batcher (and proposer) are silent; the L2 keeps producing blocks through the outage.
    await ctx.clock.advance(hours * 3_600);
    await opCatchUp(op, hours * 1_800 + 100);
    await opSteadyRound(op, 1);
    log(opts, 'outage done', { hours, l2Head: op.l2Head().number });
  },
};

export const censorship: ScenarioPart = {
  stack: 'opstack',
  async run(ctx, opts) {
    const { op } = await deployOpWorld(ctx);
    await opCensoredDeposits(op, ctx);
    log(opts, 'censorship done', { forced: ctx.recorder.truth.forcedMessages.filter((f) => f.rollupId === op.state.id && f.forced).length });
  },
};

export const challenge: ScenarioPart = {
  stack: 'opstack',
  async run(ctx, opts) {
    // Legacy: a wrong output deleted by the challenger; fault proofs: games won by each side.
    const { op } = await deployOpWorld(ctx, { era: 'legacy', params: { submissionInterval: 10 } });
    await op.produceL2Blocks({ count: 20, txsPerBlock: 1 });
    await op.proposeOutput();
    const bad = await op.proposeOutput({ invalid: true });
    await op.deleteOutputs(bad.index);
    await op.postBatch();
    await op.upgradeToFaultProofs();
    await opChallengedRoot(op);
    await opSettle(op, ctx);
    log(opts, 'challenge done', { games: op.state.games.map((g) => g.status) });
  },
};

export const reorg: ScenarioPart = {
  stack: 'opstack',
  async run(ctx, opts) {
    const { op } = await deployOpWorld(ctx);
    const [u0, u1] = op.state.accounts.users;
    // Depth 1: the calldata batch is re-included.
    await opCatchUp(op);
    await op.depositETH({ via: 'portal', amount: 10n ** 18n, from: u0 });
    const b1 = (await op.postBatch({ target: 'calldata', batchType: 'singular', compression: 'zlib' }))!;
    await reorgChain(ctx, { depth: 1, reinclude: [{ hash: b1.txs[0]!.hash, offset: 0 }] });
    op.resyncAfterReorg();
    // Depth 4: a deposit and a batch re-included, a game and another deposit dropped.
    await opCatchUp(op);
    const d2 = await op.depositETH({ via: 'portal', amount: 2n * 10n ** 17n, from: u0 });
    await op.createGame();
    const b2 = (await op.postBatch({ target: 'calldata', batchType: 'span', compression: 'brotli' }))!;
    await op.depositETH({ via: 'bridge', amount: 3n * 10n ** 17n, from: u1 });
    await reorgChain(ctx, { depth: 4, reinclude: [{ hash: d2.tx.hash, offset: 0 }, { hash: b2.txs[0]!.hash, offset: 2 }] });
    op.resyncAfterReorg();
    // Depth 1 without re-inclusion: a blob batch is lost and posted again.
    await opCatchUp(op);
    await op.postBatch({ target: 'blobs' });
    await reorgChain(ctx, { depth: 1 });
    op.resyncAfterReorg();
    await op.postBatch({ target: 'blobs' });
    await op.createGame();
    log(opts, 'reorg done', { batches: ctx.recorder.truth.batches.filter((b) => b.rollupId === op.state.id).length });
  },
};

export const opStackParts = { steady, outage, censorship, challenge, reorg } as const;
