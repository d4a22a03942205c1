/**
 * ZK scenarios (all four stacks on one L1), each writing its ground truth through the recorder:
 * - zk-steady: regular commits, proofs, executions/finalizations and messages;
 * - zk-outage: the same, with six hours of silence (no batch, no proof) in the middle;
 * - zk-reverted-batch: zkSync commits reverted (with a proof), Scroll reverts of both overloads;
 * - zk-delayed-priority-queue: zkSync priority requests left unprocessed past their expiration,
 *   Scroll V2 messages left past maxDelayMessageQueue, then enforced mode and a forced commit.
 * They are registered in the devnet's scenario registry by parts.ts (`rollscope devnet --scenario zk-steady`).
 */
import { createDevnetContext, type DevnetContext } from '../context.ts';
import type { ScenarioRunOptions } from '../scenarios/types.ts';
import { createLineaSim, type LineaSim } from './linea.ts';
import { createScrollSim, type ScrollSim } from './scroll.ts';
import { createStarknetSim, type StarknetSim } from './starknet.ts';
import { createZkSyncSim, type ZkSyncSim } from './zksync.ts';

export interface ZkWorld {
  ctx: DevnetContext;
  zksync: ZkSyncSim;
  scroll: ScrollSim;
  linea: LineaSim;
  starknet: StarknetSim;
}

/** Scroll's enforced-mode window on the devnet (seconds). */
export const DEVNET_SCROLL_WINDOW = 3_600;
/** zkSync priority expiration on the devnet (seconds). */
export const DEVNET_PRIORITY_EXPIRATION = 7_200;

export async function deployZkWorld(ctx: DevnetContext): Promise<ZkWorld> {
  const zksync = await createZkSyncSim(ctx, { priorityExpirationSeconds: DEVNET_PRIORITY_EXPIRATION });
  const scroll = await createScrollSim(ctx, { maxDelayMessageQueueSeconds: DEVNET_SCROLL_WINDOW });
  const linea = await createLineaSim(ctx);
  const starknet = await createStarknetSim(ctx);
  return { ctx, zksync, scroll, linea, starknet };
}

/** One round of normal operation of every stack. */
export async function steadyRound(w: ZkWorld, round: number): Promise<void> {
  const { zksync, scroll, linea, starknet, ctx } = w;
  await zksync.requestL2Transaction();
  await zksync.commit([3, 2], [1, 0]);
  await zksync.prove(zksync.state.committed);
  await zksync.execute(zksync.state.committed);

  if (round === 0) await scroll.queueMessage('V1');
  await scroll.queueMessage('V2');
  await scroll.commitV4([2, 3], round === 0 ? 2 : 1);
  if (round === 0) {
    // A Darwin bundle of one codec v4 batch, 50 L1 blocks after its commit (an indexer sees them in different ranges).
    await ctx.clock.advance(600);
    await scroll.finalizeLegacy(scroll.state.committed);
  }
  await scroll.commitV7(2);
  await scroll.finalize(scroll.state.committed, scroll.state.popped);

  await linea.sendMessage();
  await linea.submit(2, 10);
  await linea.finalize();

  await starknet.sendMessageToL2();
  await starknet.updateState(10, 1);
  await starknet.consumeMessageFromL2();
  await ctx.clock.advance(600);
}

export const zkScenarios: Record<string, (ctx: DevnetContext, opts?: ScenarioRunOptions) => Promise<ZkWorld>> = {
  async 'zk-steady'(ctx, opts = {}) {
    const w = await deployZkWorld(ctx);
    const rounds = opts.size === 'full' ? 8 : 3;
    for (let r = 0; r < rounds; r++) await steadyRound(w, r);
    return w;
  },
  async 'zk-outage'(ctx) {
    const w = await deployZkWorld(ctx);
    await steadyRound(w, 0);
    await ctx.clock.advance(6 * 3_600);
    await steadyRound(w, 1);
    return w;
  },
  async 'zk-reverted-batch'(ctx) {
    const w = await deployZkWorld(ctx);
    const { zksync, scroll } = w;
    await zksync.commit([2, 2]);
    await zksync.prove(1);
    await zksync.revert(0); // commits 1–2 and the proof of 1 reverted
    await zksync.commit([2, 2, 1]);
    await zksync.prove(3);
    await zksync.execute(2);
    await scroll.commitV4([2]);
    await scroll.commitV4([3]);
    await scroll.revertLegacy(2); // RevertBatch(uint256,bytes32) for batch 2
    await scroll.commitV7(3);
    await scroll.revertRange(2); // RevertBatch(uint256,uint256) for batches 3–4 (batch 2 recommitted, then 3, 4)
    await scroll.commitV7(1);
    await scroll.finalize(3, 0);
    await ctx.clock.advance(600);
    return w;
  },
  async 'zk-delayed-priority-queue'(ctx) {
    const w = await deployZkWorld(ctx);
    const { zksync, scroll } = w;
    await zksync.requestL2Transaction();
    await zksync.requestL2Transaction();
    await zksync.commit([2]); // a batch that processes none of them
    await zksync.prove(1);
    await zksync.execute(1);
    await ctx.clock.advance(DEVNET_PRIORITY_EXPIRATION + 3_600); // both past their expiration
    await zksync.commit([2], [2]);
    await zksync.prove(2);
    await zksync.execute(2);

    await scroll.queueMessage('V1');
    await scroll.queueMessage('V2');
    await scroll.commitV7(1); // the sequencer ignores the queue
    await ctx.clock.advance(DEVNET_SCROLL_WINDOW + 600);
    await scroll.setEnforcedMode(true);
    await scroll.forceCommitAndFinalize(2); // a user forces both messages in
    return w;
  },
};

/** Creates a devnet context and runs a ZK scenario in it. */
export async function runZkScenario(name: keyof typeof zkScenarios | string): Promise<ZkWorld> {
  const run = zkScenarios[name];
  if (!run) throw new Error(`unknown ZK scenario ${name}; expected one of ${Object.keys(zkScenarios).join(', ')}`);
  const ctx = await createDevnetContext({ scenario: name });
  try {
    return await run(ctx);
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}
