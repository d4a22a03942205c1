/**
 * Invariants every OP run satisfies, checked against the chains from the truth alone (test helper):
 * logs on chain = truth events, consecutive batch rows covering contiguous L2 ranges on the
 * timestamp grid, truth L2 blocks = the L2 chain, and the deposit inclusion rule.
 */
import { expect } from 'vitest';
import type { Address, OpStackRollup } from '../../rollups/types.ts';
import type { DevnetContext } from '../context.ts';
import { abiOf } from './state.ts';
import { L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE, L2_TO_L1_MESSAGE_PASSER } from './protocol.ts';

const PREDEPLOYS = [L2_TO_L1_MESSAGE_PASSER, L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE] as Address[];

export async function checkOpInvariants(ctx: DevnetContext, rollupId: string): Promise<void> {
  const t = ctx.recorder.truth;
  const def = t.rollups.find((r) => r.id === rollupId) as OpStackRollup | undefined;
  if (!def) throw new Error(`rollup ${rollupId} not in the truth`);
  const l2 = ctx.l2s[rollupId]!;
  const messenger = (await ctx.l1.public.readContract({ address: def.contracts.systemConfig.address, abi: abiOf('SystemConfig'), functionName: 'l1CrossDomainMessenger' })) as Address;
  const addresses = new Set<string>([
    ...Object.values(def.contracts).filter((c) => !!c).map((c) => c!.address.toLowerCase()),
    messenger.toLowerCase(),
    ...t.challenges.filter((c) => c.rollupId === rollupId).map((c) => c.address!.toLowerCase()),
    ...t.events.filter((e) => e.chainId === ctx.l1.chainId && e.blockNumber >= def.startBlock && !otherRollupAddress(ctx, rollupId, e.address)).map((e) => e.address.toLowerCase()),
  ]);
  const l1Logs = await ctx.l1.public.getLogs({ address: [...addresses] as Address[], fromBlock: BigInt(def.startBlock), toBlock: 'latest' });
  const l2Logs = await l2.public.getLogs({ address: PREDEPLOYS, fromBlock: 0n, toBlock: 'latest' });
  const onChain = [...l1Logs, ...l2Logs].map((l) => `${l.blockHash}:${l.logIndex}:${l.topics[0]}`).sort();
  const mine = (chainId: number, a: string) => (chainId === ctx.l1.chainId ? addresses.has(a.toLowerCase()) : chainId === def.l2ChainId);
  expect(t.events.filter((e) => mine(e.chainId, e.address)).map((e) => `${e.blockHash}:${e.logIndex}:${e.topic0}`).sort()).toEqual(onChain);

  // Batches: consecutive numbers, contiguous L2 ranges from genesis, grid timestamps.
  const g = def.genesis;
  let next = g.l2Block + 1;
  t.batches.filter((b) => b.rollupId === rollupId).forEach((b, i) => {
    expect(b.batchNumber).toBe(String(i));
    expect(b.l2BlockStart).toBe(next);
    expect(b.l2TimeStart).toBe(g.l2Time + (b.l2BlockStart - g.l2Block) * g.blockTime);
    expect(b.l2TimeEnd).toBe(g.l2Time + (b.l2BlockEnd - g.l2Block) * g.blockTime);
    next = b.l2BlockEnd + 1;
  });

  // L2 blocks: contiguous from genesis, on the grid, as on the L2 chain.
  const blocks = t.l2Blocks.filter((b) => b.rollupId === rollupId);
  blocks.forEach((b, i) => {
    expect(b.number).toBe(g.l2Block + 1 + i);
    expect(b.timestamp).toBe(g.l2Time + (b.number - g.l2Block) * g.blockTime);
  });
  for (const b of [blocks[0], blocks.at(-1)].filter((x) => !!x)) {
    expect(Number((await l2.public.getBlock({ blockNumber: BigInt(b!.number) })).timestamp)).toBe(b!.timestamp);
  }

  // Deposits: included by the first batch row after them, forced iff that is past the deadline.
  for (const f of t.forcedMessages.filter((m) => m.rollupId === rollupId)) {
    const first = t.batches.find((b) => b.rollupId === rollupId && b.l1.blockNumber > f.enqueued.blockNumber);
    expect(f.included).toEqual(first?.l1);
    expect(f.forced).toBe(!!first && first.l1.timestamp > f.deadline);
    expect(f.deadline).toBe(f.enqueued.timestamp + def.sequencingWindowBlocks * 12);
  }
}

/** True when `address` is a tracked contract of another rollup of the truth. */
function otherRollupAddress(ctx: DevnetContext, rollupId: string, address: string): boolean {
  return ctx.recorder.truth.rollups.some(
    (r) => r.id !== rollupId && Object.values(r.contracts).some((c) => (c as { address?: string } | undefined)?.address?.toLowerCase() === address.toLowerCase()),
  );
}
