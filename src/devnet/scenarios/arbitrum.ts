/**
 * Arbitrum parts of the devnet scenarios (see scenarios/index.ts for the registry).
 * Every part deploys its own emulator set (rollup id `arb-devnet`, L2 chain 412346).
 */
import type { DevnetContext } from '../context.ts';
import { deployArbitrum, upgradeToBold, type ArbitrumDeployment } from '../arbitrum/deploy.ts';
import { produceL2Blocks, syncL2Blocks } from '../arbitrum/l2.ts';
import { postBatch, readInboxState, type BatchKind } from '../arbitrum/batches.ts';
import { createRetryableTicket, depositEth, forceInclusion, sendL2Message, setMaxTimeVariation } from '../arbitrum/delayed.ts';
import { confirmAssertion, confirmNextNode, createAssertion, createNode } from '../arbitrum/assertions.ts';
import { executeWithdrawal, withdrawOnL2 } from '../arbitrum/withdrawals.ts';
import { runBoldChallenge, runLegacyChallenge } from '../arbitrum/challenges.ts';
import { reorgChain } from '../reorg.ts';
import type { ScenarioPart, ScenarioRunOptions } from './types.ts';
import type { Hex } from '../../rollups/types.ts';
import { encodeFunctionData } from 'viem';

const ETH = 10n ** 18n;

/** One "few minutes" round: L2 blocks, an L1 block, more L2 blocks, a batch. */
async function round(dep: ArbitrumDeployment, kind: BatchKind = 'calldata'): Promise<void> {
  await produceL2Blocks(dep, 12);
  await dep.ctx.clock.mineBlocks(1);
  await produceL2Blocks(dep, 12);
  await postBatch(dep, { kind });
}

/** Confirms pending honest BoLD assertions in order once their period has passed. */
async function confirmDue(dep: ArbitrumDeployment): Promise<number | undefined> {
  const head = await dep.ctx.clock.head();
  const confirmed = new Set(dep.ctx.recorder.truth.stateRoots.filter((s) => s.rollupId === dep.rollupId && s.statusChanges.some((c) => c.status === 'CONFIRMED')).map((s) => s.index));
  let last: number | undefined;
  const chain: Hex[] = [];
  for (let h = dep.honestTip; h && h !== dep.genesisAssertion; h = dep.assertions.get(h)?.parent) chain.unshift(h);
  for (const h of chain) {
    const a = dep.assertions.get(h)!;
    if (confirmed.has(h)) { last = a.l2Block; continue; }
    if (head.number < a.l1Block + Number(dep.params.confirmPeriodBlocks)) break;
    await confirmAssertion(dep, h);
    last = a.l2Block;
  }
  return last;
}

const log = (opts: ScenarioRunOptions, msg: string, fields?: Record<string, unknown>) => opts.log?.(`arbitrum: ${msg}`, fields);

export const steady: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx: DevnetContext, opts) {
    const full = opts.size === 'full';
    const dep = await deployArbitrum(ctx, { legacy: true, bold: true });
    const [u0, u1, u2, u3] = ctx.accounts.users;
    // Legacy era: batches and nodes, confirmed after the period.
    await depositEth(dep, { from: u0!, amount: 2n * ETH });
    await round(dep, 'calldata');
    await createNode(dep);
    await round(dep, 'blob');
    await createNode(dep);
    await ctx.clock.mineBlocks(Number(dep.params.confirmPeriodBlocks));
    await confirmNextNode(dep);
    await confirmNextNode(dep);
    log(opts, 'legacy era done');
    await upgradeToBold(dep);

    const kinds: BatchKind[] = ['calldata', 'blob', 'anytrust', 'calldata', 'celestia', 'blob', 'separate', 'blob'];
    const rounds = full ? 40 : kinds.length;
    const withdrawals: bigint[] = [];
    for (let r = 0; r < rounds; r++) {
      if (r % 3 === 0) await depositEth(dep, { from: u1!, amount: ETH / 10n });
      if (r === 1) await createRetryableTicket(dep, { from: u2!, to: u2!.address, l2CallValue: ETH / 100n, data: '0x2e567b36' });
      if (r === 2) await sendL2Message(dep, { from: u3! });
      if (r % 4 === 1) withdrawals.push(BigInt((await withdrawOnL2(dep, { from: u0!, value: ETH / 1000n * BigInt(r + 1) })).messageId));
      await round(dep, kinds[r % kinds.length]);
      if (r % 2 === 1) await createAssertion(dep);
      if (r % 4 === 3) await confirmDue(dep);
    }
    await createAssertion(dep);
    await ctx.clock.advance(7 * 24 * 3600, { blocks: Number(dep.params.confirmPeriodBlocks) + 10 });
    const confirmedL2 = await confirmDue(dep);
    for (const p of withdrawals) await executeWithdrawal(dep, { position: p, confirmedL2Block: confirmedL2! });
    // Some L2 blocks after the last batch stay unbatched (a live sequencer always has some).
    await produceL2Blocks(dep, 5);
    log(opts, 'steady done', { batches: (await readInboxState(dep)).batchCount });
  },
};

export const outage: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx, opts) {
    const dep = await deployArbitrum(ctx, {});
    for (let r = 0; r < 3; r++) await round(dep, r === 1 ? 'blob' : 'calldata');
    await createAssertion(dep);
    const lastBefore = ctx.recorder.truth.batches.filter((b) => b.rollupId === dep.rollupId).at(-1)!;
    // The batch poster goes silent for hours; the sequencer keeps making blocks (1 per minute).
    const hours = opts.size === 'full' ? 12 : 6;
    for (let i = 0; i < hours * 2; i++) {
      await ctx.clock.advance(1800, { blocks: 10 });
      await produceL2Blocks(dep, 30, { spacing: 60 });
    }
    // Recovery: the backlog goes out in two blob batches, then normal operation.
    const upTo = dep.lastRecordedL2Block;
    const mid = Math.floor((dep.ctx.recorder.truth.batches.at(-1)!.l2BlockEnd + upTo) / 2);
    const firstAfter = await postBatch(dep, { kind: 'blob', upToL2Block: mid });
    await postBatch(dep, { kind: 'blob' });
    for (let r = 0; r < 2; r++) await round(dep, 'calldata');
    await createAssertion(dep);
    ctx.recorder.setExpected(`${dep.rollupId}.outage`, {
      lastBatchBefore: lastBefore.batchNumber,
      firstBatchAfter: firstAfter.batchNumber,
      gapSeconds: firstAfter.l1.timestamp - lastBefore.l1.timestamp,
    });
    log(opts, 'outage done', { gapSeconds: firstAfter.l1.timestamp - lastBefore.l1.timestamp });
  },
};

export const censorship: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx, opts) {
    const dep = await deployArbitrum(ctx, {});
    const [u0, u1, u2] = ctx.accounts.users;
    await round(dep);
    // The owner shortens the window to 12 h (MaxTimeVariationSet), as a chain config change.
    await setMaxTimeVariation(dep, { ...dep.params.maxTimeVariation, delaySeconds: 43_200n });
    // A deposit included normally an hour later (positive inclusion latency, not forced).
    await depositEth(dep, { from: u0!, amount: ETH });
    await ctx.clock.advance(3600, { blocks: 20 });
    await round(dep);
    // Censored: a deposit and an L2 message the sequencer refuses to read.
    const censored = await depositEth(dep, { from: u1!, amount: ETH / 2n });
    await sendL2Message(dep, { from: u2! });
    const readUpTo = BigInt(censored.queueIndex);
    for (let i = 0; i < 4; i++) {
      await ctx.clock.advance(2 * 3600, { blocks: 12 });
      await produceL2Blocks(dep, 12);
      await postBatch(dep, { delayedRead: readUpTo });
    }
    // Past the deadline (12 h + margin, and more than delayBlocks blocks): the user forces inclusion.
    await ctx.clock.advance(6 * 3600, { blocks: Number(dep.params.maxTimeVariation.delayBlocks) + 5 });
    // Up to the censored messages (later ones, e.g. batch-posting reports, are still in their window).
    const forced = await forceInclusion(dep, { from: u1!, upTo: readUpTo + 2n });
    // The sequencer resumes and reads everything.
    await round(dep);
    await createAssertion(dep);
    ctx.recorder.setExpected(`${dep.rollupId}.censorship`, { censoredQueueIndex: censored.queueIndex, forcedBatch: forced.batchNumber, delaySeconds: 43_200 });
    log(opts, 'censorship done');
  },
};

export const challenge: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx, opts) {
    const dep = await deployArbitrum(ctx, { legacy: true, bold: true });
    await round(dep);
    const legacy = await runLegacyChallenge(dep);
    log(opts, 'legacy challenge done', { ...legacy });
    await upgradeToBold(dep);
    await round(dep);
    const bold = await runBoldChallenge(dep);
    log(opts, 'BoLD challenge done', { challengeId: bold.challengeId });
    await round(dep);
    const next = await createAssertion(dep);
    await ctx.clock.mineBlocks(Number(dep.params.confirmPeriodBlocks));
    await confirmAssertion(dep, next.hash);
  },
};

/** After a reorg the driver's memory follows the chain: assertions and stakes come from what remains. */
async function resync(dep: ArbitrumDeployment): Promise<void> {
  const t = dep.ctx.recorder.truth;
  const alive = new Set(t.stateRoots.filter((s) => s.rollupId === dep.rollupId).map((s) => s.index));
  for (const h of [...dep.assertions.keys()]) if (!alive.has(h) && h !== dep.genesisAssertion) dep.assertions.delete(h);
  let tip = dep.genesisAssertion!;
  for (const a of dep.assertions.values()) if (a.hash !== dep.genesisAssertion && a.l1Block >= (dep.assertions.get(tip)?.l1Block ?? 0)) tip = a.hash;
  dep.honestTip = tip;
  for (const s of [...dep.staked.bold]) {
    const amount = (await dep.ctx.l1.public.readContract({ address: dep.addresses.boldRollup!, abi: dep.abi.boldRollup, functionName: 'amountStaked', args: [s] })) as bigint;
    if (amount === 0n) dep.staked.bold.delete(s);
  }
}

export const reorg: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx, opts) {
    const dep = await deployArbitrum(ctx, {});
    const [u0, u1, u2] = ctx.accounts.users;
    for (let r = 0; r < 2; r++) await round(dep);
    await createAssertion(dep);

    // Depth 1: the block holding a batch is replaced; the batch is re-included at the same height.
    await produceL2Blocks(dep, 6);
    const b1 = await postBatch(dep, { kind: 'calldata' });
    await reorgChain(ctx, { depth: 1, reinclude: [{ hash: b1.l1.txHash, offset: 0 }] });

    // Depth 5: deposit, batch, assertion, deposit, L2 message. The deposit and the batch are
    // re-included (the batch one block later); the rest is dropped. The assertion cannot be
    // replayed: it committed to the batch accumulator, which hashes the batch's block (time
    // bounds, base fee of the spending report) — the validator posts a fresh one afterwards.
    await produceL2Blocks(dep, 6);
    const d1 = await depositEth(dep, { from: u0!, amount: ETH });
    const b2 = await postBatch(dep, {});
    await createAssertion(dep);
    await depositEth(dep, { from: u1!, amount: ETH });
    await sendL2Message(dep, { from: u2! });
    await reorgChain(ctx, { depth: 5, reinclude: [{ hash: d1.enqueued.txHash, offset: 0 }, { hash: b2.l1.txHash, offset: 2 }] });
    await resync(dep);
    await createAssertion(dep);

    // Depth 64: a stretch of rollup activity is wiped out entirely.
    const firstWiped = (await ctx.clock.head()).number + 1;
    for (let r = 0; r < 3; r++) {
      await depositEth(dep, { from: u0!, amount: ETH / 10n });
      await round(dep);
    }
    await createAssertion(dep);
    const head = await ctx.clock.head();
    const pad = 64 - (head.number - firstWiped + 1);
    if (pad > 0) await ctx.clock.mineBlocks(pad);
    await reorgChain(ctx, { depth: 64 });
    await resync(dep);

    // Life goes on: the next batch re-covers the L2 blocks whose batches were reorged away.
    await syncL2Blocks(dep);
    await round(dep);
    await createAssertion(dep);
    log(opts, 'reorg done', { reorgs: ctx.recorder.truth.reorgs.length });
  },
};

export const load: ScenarioPart = {
  stack: 'arbitrum',
  async run(ctx, opts) {
    const target = opts.loadEvents ?? 1_000_000;
    const dep = await deployArbitrum(ctx, {});
    // Messages per tx (2 events each) so that a tx stays under ~55M gas of the 60M block.
    const probe = await ctx.l1.public.estimateGas({
      account: ctx.accounts.users[0]!, to: dep.addresses.inbox,
      data: encodeFunctionData({ abi: dep.abi.inbox, functionName: 'sendL2MessageBulk', args: [`0x${'0'.repeat(64)}`, 1000n] }),
    });
    const perTx = (55_000_000n * 1000n) / probe;
    log(opts, 'load start', { target, perTx: Number(perTx), gasPer1000: Number(probe) });
    const t0 = Date.now();
    let events = 0;
    let txs = 0;
    const countOf = () => ctx.recorder.truth.eventCounts.filter((c) => c.address === dep.addresses.bridge || c.address === dep.addresses.inbox).reduce((s, c) => s + c.count, 0);
    const base = countOf();
    while (events < target) {
      const n = BigInt(Math.min(Number(perTx), Math.ceil((target - events) / 2)));
      await ctx.write({ account: ctx.accounts.users[txs % 6]!, address: dep.addresses.inbox, abi: dep.abi.inbox, functionName: 'sendL2MessageBulk', args: [`0x${(txs + 1).toString(16).padStart(64, '0')}`, n], gas: 59_000_000n });
      txs++;
      events = countOf() - base;
      if (txs % 10 === 0) log(opts, 'load progress', { events, seconds: (Date.now() - t0) / 1000 });
    }
    const seconds = (Date.now() - t0) / 1000;
    ctx.recorder.setExpected(`${dep.rollupId}.load`, { events, txs, seconds, eventsPerSecond: Math.round(events / seconds) });
    log(opts, 'load done', { events, txs, seconds });
  },
};

export const arbitrumParts = { steady, outage, censorship, challenge, reorg, load } as const;
