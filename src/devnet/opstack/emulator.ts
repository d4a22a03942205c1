/**
 * The OP Stack emulator: one devnet OP rollup (L1 contracts + L2 anvil) and the actions a
 * scenario drives on it. Every action records its ground truth in ctx.recorder.truth; the
 * recording rules (what a batch row, a state root, a challenge, a bridge message and a forced
 * message are for OP) are stated at the top of batcher.ts, proposals.ts and bridge.ts.
 *
 *   const op = await createOpStackEmulator({ ctx, id: 'op-devnet', l2ChainId: 901 });
 *   await op.produceL2Blocks({ count: 10 });
 *   await op.postBatch({ target: 'blobs', batchType: 'span', compression: 'brotli' });
 *   const game = await op.createGame();
 *   await ctx.clock.advance(await op.gameResolvableAt(game) - (await ctx.clock.now()));
 *   await op.resolveGame(game);
 */
import type { OpStackRollup } from '../../rollups/types.ts';
import { changeBatcher, postBatch, type PostBatchArgs } from './batcher.ts';
import { depositERC20, depositETH, finalizeWithdrawal, initiateWithdrawal, proveWithdrawal, withdrawalFinalizableAt, type DepositETHArgs, type InitiateWithdrawalArgs, type ProveWithdrawalArgs } from './bridge.ts';
import { deployFaultProofs, deployOpStack, type DeployOpStackOptions } from './deploy.ts';
import { l2Head, produceL2Blocks, type ProduceL2BlocksArgs } from './l2.ts';
import { createGame, deleteOutputs, gameResolvableAt, move, outputRootAt, proposeOutput, resolveGame, type CreateGameArgs, type MoveArgs, type ProposeOutputArgs } from './proposals.ts';
import type { OpGame, OpState, OpWithdrawal } from './state.ts';
import { resyncFromTruth } from './resync.ts';
import type { Address } from '../../rollups/types.ts';

export interface OpStackEmulator {
  /** Everything the emulator knows (addresses, accounts, params, produced blocks, games...). */
  readonly state: OpState;
  /** The devnet rollup definition (live: updated by upgradeToFaultProofs). */
  readonly definition: OpStackRollup;
  // sequencer
  produceL2Blocks(args: ProduceL2BlocksArgs): ReturnType<typeof produceL2Blocks>;
  l2Head(): { number: number; timestamp: number };
  // batcher
  postBatch(args?: PostBatchArgs): ReturnType<typeof postBatch>;
  changeBatcher(): ReturnType<typeof changeBatcher>;
  // legacy proposer/challenger
  proposeOutput(args?: ProposeOutputArgs): ReturnType<typeof proposeOutput>;
  deleteOutputs(index: number): ReturnType<typeof deleteOutputs>;
  /** Legacy → fault proofs: deploys the factory and OptimismPortal2, upgrades the portal proxy. */
  upgradeToFaultProofs(): Promise<void>;
  // fault proofs
  createGame(args?: CreateGameArgs): Promise<OpGame>;
  move(args: MoveArgs): ReturnType<typeof move>;
  /** Shorthand: the challenger attacks the root claim. */
  challenge(game: OpGame): ReturnType<typeof move>;
  gameResolvableAt(game: OpGame): Promise<number>;
  resolveGame(game: OpGame): Promise<OpGame['status']>;
  outputRootAt(l2Block: number): ReturnType<typeof outputRootAt>;
  // bridge
  depositETH(args: DepositETHArgs): ReturnType<typeof depositETH>;
  depositERC20(args: { amount: bigint; to?: Address }): ReturnType<typeof depositERC20>;
  initiateWithdrawal(args: InitiateWithdrawalArgs): Promise<OpWithdrawal>;
  proveWithdrawal(w: OpWithdrawal, args?: ProveWithdrawalArgs): ReturnType<typeof proveWithdrawal>;
  withdrawalFinalizableAt(w: OpWithdrawal): number;
  finalizeWithdrawal(w: OpWithdrawal): ReturnType<typeof finalizeWithdrawal>;
  /** After an L1 reorg handled by the recorder (dropAfter + replayTx): realign the emulator's bookkeeping with the truth. */
  resyncAfterReorg(): void;
}

export async function createOpStackEmulator(opts: DeployOpStackOptions): Promise<OpStackEmulator> {
  const s = await deployOpStack(opts);
  return {
    state: s,
    definition: s.definition,
    produceL2Blocks: (a) => produceL2Blocks(s, a),
    l2Head: () => l2Head(s),
    postBatch: (a) => postBatch(s, a),
    changeBatcher: () => changeBatcher(s),
    proposeOutput: (a) => proposeOutput(s, a),
    deleteOutputs: (i) => deleteOutputs(s, i),
    async upgradeToFaultProofs() {
      if (s.era === 'faultProofs') throw new Error(`[opstack ${s.id}] already in the fault-proof era`);
      await deployFaultProofs(s);
    },
    createGame: (a) => createGame(s, a),
    move: (a) => move(s, a),
    challenge: (game) => move(s, { game, parentIndex: 0, attack: true, by: 'challenger' }),
    gameResolvableAt: (g) => gameResolvableAt(s, g),
    resolveGame: (g) => resolveGame(s, g),
    outputRootAt: (n) => outputRootAt(s, n),
    depositETH: (a) => depositETH(s, a),
    depositERC20: (a) => depositERC20(s, a),
    initiateWithdrawal: (a) => initiateWithdrawal(s, a),
    proveWithdrawal: (w, a) => proveWithdrawal(s, w, a),
    withdrawalFinalizableAt: (w) => withdrawalFinalizableAt(s, w),
    finalizeWithdrawal: (w) => finalizeWithdrawal(s, w),
    resyncAfterReorg: () => resyncFromTruth(s),
  };
}
