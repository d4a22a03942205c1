/**
 * An L1 reorg that removes a blob batch and a deposit, re-includes the deposit, and the batcher
 * re-posts: the recorder drops and replays, the emulator resyncs, and the truth equals the chain.
 */
import { afterAll, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { createDevnetContext, type DevnetContext } from '../context.ts';
import { createOpStackEmulator } from './emulator.ts';

let ctx: DevnetContext;
afterAll(async () => {
  await ctx?.stop();
});

it('re-posts the L2 blocks of a reorged batch and re-includes a replayed deposit', async () => {
  ctx = await createDevnetContext({ scenario: 'opstack-reorg' });
  const op = await createOpStackEmulator({ ctx, id: 'op-devnet', l2ChainId: 9010, params: { sequencingWindowBlocks: 60 } });
  await op.produceL2Blocks({ count: 4 });
  await op.postBatch({ target: 'calldata' });
  await op.produceL2Blocks({ count: 4 });
  const dep = await op.depositETH({ via: 'portal', amount: 10n ** 18n });
  const lost = (await op.postBatch({ target: 'blobs' }))!;
  const t = ctx.recorder.truth;
  expect(t.batches.length).toBe(2);
  expect(t.forcedMessages[0]!.included).toEqual(lost.truth!.l1);

  const head = await ctx.clock.head();
  const depth = head.number - dep.tx.ref.blockNumber + 1; // the deposit's block and everything after
  const raw = await ctx.l1.rpc<Hex>('eth_getRawTransactionByHash', [dep.tx.hash]);
  await ctx.l1.rpc('anvil_reorg', [depth, [[raw, 0]]]);
  ctx.recorder.dropAfter(ctx.l1.chainId, head.number - depth, depth);
  expect(t.batches.length).toBe(1);
  expect(t.forcedMessages.length).toBe(0);
  const again = await ctx.recorder.replayTx(ctx.l1.chainId, dep.tx.hash);
  op.resyncAfterReorg();
  expect(t.forcedMessages.length).toBe(1);
  expect(t.forcedMessages[0]!.enqueued.blockHash).toBe(again.ref.blockHash);
  expect(t.forcedMessages[0]!.included).toBeUndefined();

  const reposted = (await op.postBatch({ target: 'blobs' }))!;
  expect([reposted.truth!.l2BlockStart, reposted.truth!.l2BlockEnd]).toEqual([lost.truth!.l2BlockStart, lost.truth!.l2BlockEnd]);
  expect(reposted.truth!.batchNumber).toBe('1');
  expect(t.forcedMessages[0]!.included).toEqual(reposted.truth!.l1);
  const deposit = t.bridgeMessages.find((m) => m.direction === 'DEPOSIT')!;
  expect(deposit.stages.INCLUDED).toEqual(reposted.truth!.l1);
  // Truth events = logs on chain.
  const logs = await ctx.l1.public.getLogs({ address: op.state.addresses.optimismPortal, fromBlock: BigInt(op.definition.startBlock), toBlock: 'latest' });
  expect(t.events.filter((e) => e.address === op.state.addresses.optimismPortal).map((e) => `${e.blockHash}:${e.logIndex}`)).toEqual(
    logs.map((l) => `${l.blockHash}:${l.logIndex}`),
  );
}, 120_000);
