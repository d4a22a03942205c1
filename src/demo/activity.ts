/**
 * What happens on the demo chains, one round at a time. The same round builds the history before
 * the app starts and keeps the chains live afterwards, so the figures the API shows come from one
 * steady pattern:
 * - every round: one empty L1 block (the `finalized` tag, latest − 64, moves on), L2 blocks on both
 *   rollups and one batch each — Arbitrum calldata on even rounds and a blob batch on odd ones, OP
 *   the other way round;
 * - every 3rd round a deposit on each rollup, every 4th a withdrawal started on each L2;
 * - every 2nd round an Arbitrum assertion and an OP dispute game (a state root);
 * - every round, whatever is due: assertions past their confirm period confirmed, games past their
 *   clock resolved, withdrawals proven / finalized / executed once their root allows it.
 *
 * Invariant: rounds run one after the other (each signer's txs are sequential; nothing here is
 * safe to run concurrently with itself).
 */
import type { Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import { confirmAssertion, createAssertion, depositEth, executeWithdrawal, postBatch as postArbitrumBatch, produceL2Blocks, withdrawOnL2, type ArbitrumDeployment } from '../devnet/arbitrum/index.ts';
import type { OpGame, OpStackEmulator, OpWithdrawal } from '../devnet/opstack/index.ts';
import { opCatchUp } from '../devnet/opstack/scenarios.ts';
import type { DemoRollups } from './rollups.ts';

const ETH = 10n ** 18n;

export interface RoundReport {
  round: number;
  l1Block: number;
  l1Time: number;
  /** Batch numbers posted in this round. */
  arbitrumBatch: string;
  opBatch?: string;
  /** State roots created / settled in this round. */
  created: string[];
  settled: string[];
}

export interface Activity {
  /** Runs round `n` (n = 0, 1, 2, ...). */
  round(n: number): Promise<RoundReport>;
}

interface PendingArbitrumWithdrawal {
  position: bigint;
  l2Block: number;
}

/** Confirms honest BoLD assertions in order once their confirm period has passed; returns the latest confirmed L2 block. */
async function confirmDueAssertions(dep: ArbitrumDeployment, settled: string[]): Promise<number | undefined> {
  const head = await dep.ctx.clock.head();
  const confirmed = new Set(
    dep.ctx.recorder.truth.stateRoots
      .filter((s) => s.rollupId === dep.rollupId && s.statusChanges.some((c) => c.status === 'CONFIRMED'))
      .map((s) => s.index),
  );
  const chain: Hex[] = [];
  for (let h = dep.honestTip; h && h !== dep.genesisAssertion; h = dep.assertions.get(h)?.parent) chain.unshift(h);
  let last: number | undefined;
  for (const h of chain) {
    const a = dep.assertions.get(h)!;
    if (confirmed.has(h)) {
      last = a.l2Block;
      continue;
    }
    if (head.number < a.l1Block + Number(dep.params.confirmPeriodBlocks)) break;
    await confirmAssertion(dep, h);
    settled.push(`${dep.rollupId} assertion up to L2 block ${a.l2Block}`);
    last = a.l2Block;
  }
  return last;
}

export function createActivity(rollups: DemoRollups): Activity {
  const { ctx, arb, op } = rollups;
  const arbUsers: HDAccount[] = ctx.accounts.users;
  const arbWithdrawals: PendingArbitrumWithdrawal[] = [];
  const opWithdrawals: OpWithdrawal[] = [];

  async function arbitrumRound(n: number, created: string[], settled: string[]): Promise<string> {
    if (n % 3 === 0) await depositEth(arb, { from: arbUsers[n % arbUsers.length]!, amount: ETH / 10n + BigInt(n) });
    if (n % 4 === 1) {
      const w = await withdrawOnL2(arb, { from: arbUsers[0]!, value: ETH / 1000n * BigInt((n % 7) + 1) });
      arbWithdrawals.push({ position: BigInt(w.messageId), l2Block: w.stages.INITIATED!.blockNumber });
    }
    await produceL2Blocks(arb, 12);
    const batch = await postArbitrumBatch(arb, { kind: n % 2 === 0 ? 'calldata' : 'blob' });
    if (n % 2 === 1) {
      const a = await createAssertion(arb);
      created.push(`${arb.rollupId} assertion up to L2 block ${a.l2Block}`);
    }
    const confirmedL2 = await confirmDueAssertions(arb, settled);
    if (confirmedL2 !== undefined) {
      while (arbWithdrawals.length > 0 && arbWithdrawals[0]!.l2Block <= confirmedL2) {
        const w = arbWithdrawals.shift()!;
        await executeWithdrawal(arb, { position: w.position, confirmedL2Block: confirmedL2 });
      }
    }
    return batch.batchNumber;
  }

  async function resolveDueGames(emulator: OpStackEmulator, settled: string[]): Promise<void> {
    const now = await ctx.clock.now();
    for (const g of emulator.state.games.filter((x: OpGame) => x.status === 'IN_PROGRESS')) {
      if ((await emulator.gameResolvableAt(g)) > now) continue;
      const status = await emulator.resolveGame(g);
      settled.push(`${emulator.state.id} game for L2 block ${g.l2BlockNumber}: ${status}`);
    }
  }

  async function opRound(n: number, created: string[], settled: string[]): Promise<string | undefined> {
    await opCatchUp(op);
    if (n % 3 === 1) await op.depositETH({ via: n % 2 === 0 ? 'portal' : 'bridge', amount: ETH / 5n + BigInt(n) });
    if (n % 4 === 3) opWithdrawals.push(await op.initiateWithdrawal({ via: 'bridge', amount: ETH / 100n }));
    const posted =
      n % 2 === 0
        ? await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli' })
        : await op.postBatch({ target: 'calldata', batchType: 'singular', compression: 'zlib' });
    if (n % 2 === 0) {
      const g = await op.createGame();
      created.push(`${op.state.id} game for L2 block ${g.l2BlockNumber}`);
    }
    await resolveDueGames(op, settled);
    const now = await ctx.clock.now();
    for (const w of opWithdrawals) {
      if (w.finalized) continue;
      if (!w.proven) {
        const game = [...op.state.games].reverse().find((g) => g.valid && g.status !== 'CHALLENGER_WINS' && g.l2BlockNumber >= w.l2Block);
        if (game) await op.proveWithdrawal(w, { game });
        continue;
      }
      const game = op.state.games.find((g) => g.index === w.proven!.gameIndex);
      if (game?.resolvedAt !== undefined && op.withdrawalFinalizableAt(w) <= now) {
        await op.finalizeWithdrawal(w);
        w.finalized = true;
      }
    }
    return posted?.truth?.batchNumber;
  }

  return {
    async round(n) {
      // One empty block first: L1 time moves even when nothing else happens, and `finalized` follows.
      await ctx.clock.mineBlocks(1);
      const created: string[] = [];
      const settled: string[] = [];
      const arbitrumBatch = await arbitrumRound(n, created, settled);
      const opBatch = await opRound(n, created, settled);
      const head = await ctx.clock.head();
      return { round: n, l1Block: head.number, l1Time: head.timestamp, arbitrumBatch, opBatch, created, settled };
    },
  };
}
