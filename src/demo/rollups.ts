/**
 * The demo's chains: one L1 anvil, an Arbitrum-like rollup (BoLD) and an OP-like rollup (fault
 * proofs), each with its own L2 anvil, on free loopback ports.
 *
 * Windows are shortened so a demo shows every stage within minutes of (accelerated) chain time:
 * Arbitrum confirms assertions after 20 L1 blocks (4 min), OP games resolve after 10 min and
 * withdrawals finalize 15 min after their proof. Everything else keeps the devnet defaults.
 *
 * Time line: the OP contracts are deployed at genesis and the L1 then stays quiet for
 * OP_SETTLE_IN_SECONDS (7 d + 1 h): the emulator sets the portal proxy's implementation in its own
 * transaction, which rollscope rightly counts as an upgrade without exit window and flags for 7 d;
 * a week later it is history, as on a real chain. The OP L2 starts at the end of the quiet week
 * (its genesis block is mined there before the deployment), so its blocks follow the L1 clock
 * from then on. The Arbitrum rollup is deployed after the quiet week.
 */
import { createDevnetContext, type DevnetContext } from '../devnet/context.ts';
import { deployArbitrum, type ArbitrumDeployment } from '../devnet/arbitrum/index.ts';
import { createOpStackEmulator, type OpStackEmulator } from '../devnet/opstack/index.ts';
import { OP_DEVNET_SEQUENCING_WINDOW } from '../devnet/opstack/scenarios.ts';
import type { RollupDefinition } from '../rollups/types.ts';

export const DEMO_ARBITRUM_ID = 'arb-devnet';
export const DEMO_OPSTACK_ID = 'op-devnet';
export const DEMO_ARBITRUM_L2_CHAIN_ID = 412346;
export const DEMO_OPSTACK_L2_CHAIN_ID = 9010;

export interface DemoRollups {
  ctx: DevnetContext;
  arb: ArbitrumDeployment;
  op: OpStackEmulator;
  /** The definitions the indexer is configured with (Arbitrum first). */
  definitions: RollupDefinition[];
  /** Every anvil process of the demo (L1 first). */
  pids(): number[];
  stop(): Promise<void>;
}

/** L1 time between the OP deployment (at genesis) and everything else. */
export const OP_SETTLE_IN_SECONDS = 7 * 86_400 + 3_600;
/** L1 seconds from genesis to the end of both deployments (OP ≈ 25 blocks, quiet week, Arbitrum ≈ 20 blocks). */
export const DEPLOY_SECONDS = OP_SETTLE_IN_SECONDS + 300;

/**
 * The context as deployArbitrum sees it: the L2 it starts gets its first block stamped `at`
 * (anvil starts every chain at the context's genesis time, a week before the Arbitrum deployment).
 */
function firstL2BlockAt(ctx: DevnetContext, at: number): DevnetContext {
  return {
    ...ctx,
    async addL2(opts) {
      const chain = await ctx.addL2(opts);
      await chain.rpc('evm_setNextBlockTimestamp', [at]);
      return chain;
    },
  };
}

export async function deployDemoRollups(opts: { genesisTimestamp: number }): Promise<DemoRollups> {
  // Event counts only: the demo runs for hours and nothing reads its events back.
  const ctx = await createDevnetContext({ scenario: 'demo', genesisTimestamp: opts.genesisTimestamp, keepEvents: false });
  try {
    const settled = opts.genesisTimestamp + OP_SETTLE_IN_SECONDS;
    const opL2 = await ctx.addL2({ rollupId: DEMO_OPSTACK_ID, chainId: DEMO_OPSTACK_L2_CHAIN_ID, blockTime: 2 });
    await opL2.rpc('evm_mine', [settled]);
    const op = await createOpStackEmulator({
      ctx,
      id: DEMO_OPSTACK_ID,
      name: 'OP devnet (demo)',
      l2ChainId: DEMO_OPSTACK_L2_CHAIN_ID,
      era: 'faultProofs',
      params: {
        sequencingWindowBlocks: OP_DEVNET_SEQUENCING_WINDOW,
        maxClockDuration: 600,
        clockExtension: 60,
        proofMaturityDelaySeconds: 900,
        disputeGameFinalityDelaySeconds: 300,
      },
    });
    await ctx.clock.advance(settled - (await ctx.clock.now()));
    const arb = await deployArbitrum(firstL2BlockAt(ctx, settled), {
      rollupId: DEMO_ARBITRUM_ID,
      name: 'Arbitrum devnet (demo)',
      l2ChainId: DEMO_ARBITRUM_L2_CHAIN_ID,
      bold: true,
      // No pre-Nitro blocks: message 0 is L2 block 1, stamped by firstL2BlockAt.
      params: { confirmPeriodBlocks: 20n, l2GenesisBlock: 1 },
    });
    return {
      ctx,
      arb,
      op,
      definitions: [arb.rollup, op.definition],
      pids: () => [ctx.l1.anvil.pid, ...Object.values(ctx.l2s).map((c) => c.anvil.pid)],
      stop: () => ctx.stop(),
    };
  } catch (e) {
    await ctx.stop();
    throw e;
  }
}

/**
 * Parameters the demo contracts were deployed with that rollscope would otherwise take from the
 * stack's mainnet defaults (Arbitrum's confirm period and force-inclusion window are not in any
 * event the emulator emits); stored as the rollup's `parameters`, as a contract read at start would.
 */
export function deployedParameters(rollups: DemoRollups): Record<string, Record<string, unknown>> {
  const { arb } = rollups;
  const mtv = arb.params.maxTimeVariation;
  return {
    [arb.rollupId]: {
      confirmPeriodBlocks: Number(arb.params.confirmPeriodBlocks),
      maxTimeVariation: { delayBlocks: Number(mtv.delayBlocks), futureBlocks: Number(mtv.futureBlocks), delaySeconds: Number(mtv.delaySeconds), futureSeconds: Number(mtv.futureSeconds) },
    },
  };
}
