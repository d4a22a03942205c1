import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, stringToHex, toBlobs, type Abi } from 'viem';
import { createDevnetContext, type DevnetContext } from './context.ts';
import { loadArtifact } from './compile.ts';
import type { Address } from '../rollups/types.ts';

let ctx: DevnetContext;
let probe: Address;
const abi = loadArtifact('DevnetProbe').abi as Abi;

beforeAll(async () => {
  ctx = await createDevnetContext({ scenario: 'core-test' });
  probe = (await ctx.deploy({ artifact: 'DevnetProbe' })).address;
});
afterAll(async () => { await ctx?.stop(); });

describe('DevnetContext', () => {
  it('records each event with the real block hash, log index and timestamp', async () => {
    const tx = await ctx.write({ account: ctx.accounts.users[0]!, address: probe, abi, functionName: 'ping', args: ['0x1234'] });
    expect(tx.events).toHaveLength(1);
    const ev = tx.events[0]!;
    const block = await ctx.l1.public.getBlock({ blockNumber: BigInt(ev.blockNumber) });
    expect(ev.blockHash).toBe(block.hash);
    expect(ev.timestamp).toBe(Number(block.timestamp));
    expect(ev.eventName).toBe('Pinged');
    expect(ev.args).toMatchObject({ n: '1', data: '0x1234' });
    const logs = await ctx.l1.public.getLogs({ address: probe, fromBlock: BigInt(ev.blockNumber), toBlock: BigInt(ev.blockNumber) });
    expect(logs[0]!.logIndex).toBe(ev.logIndex);
    expect(ctx.recorder.truth.events.at(-1)).toEqual(ev);
  });

  it('mines tx blocks exactly blockTime (12 s) apart', async () => {
    const a = await ctx.write({ account: ctx.accounts.users[0]!, address: probe, abi, functionName: 'ping', args: ['0x'] });
    const b = await ctx.write({ account: ctx.accounts.users[1]!, address: probe, abi, functionName: 'ping', args: ['0x'] });
    expect(b.ref.blockNumber).toBe(a.ref.blockNumber + 1);
    expect(b.ref.timestamp - a.ref.timestamp).toBe(12);
  });

  it('lets a 7-day window pass in a few blocks, finalizing what came before', async () => {
    const before = await ctx.clock.head();
    const t0 = Date.now();
    const r = await ctx.clock.advance(7 * 24 * 3600);
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(r.timestamp).toBe(before.timestamp + 7 * 24 * 3600);
    expect(r.toBlock - before.number).toBe(72);
    const fin = await ctx.l1.public.getBlock({ blockTag: 'finalized' });
    expect(Number(fin.number)).toBeGreaterThanOrEqual(before.number);
  });

  it('sends blob txs through the wallet with the context kzg', async () => {
    const blobs = toBlobs({ data: stringToHex('x'.repeat(1000)) });
    const tx = await ctx.send({ account: ctx.accounts.batchPoster, to: probe, data: encodeFunctionData({ abi, functionName: 'blobCount' }), blobs });
    expect(tx.receipt.type).toBe('eip4844');
    expect(tx.receipt.blobGasUsed).toBe(131072n);
  });

  it('dropAfter removes the events of reorged blocks and replayTx re-records a re-included tx', async () => {
    const t1 = await ctx.write({ account: ctx.accounts.users[2]!, address: probe, abi, functionName: 'ping', args: ['0xaa'] });
    const raw = await ctx.l1.rpc<`0x${string}`>('eth_getRawTransactionByHash', [t1.hash]);
    const count = () => ctx.recorder.truth.eventCounts.find((c) => c.address === probe)!.count;
    const n0 = count();
    const head = await ctx.clock.head();
    await ctx.l1.rpc('anvil_reorg', [1, [[raw, 0]]]);
    const reorg = ctx.recorder.dropAfter(ctx.l1.chainId, head.number - 1, 1);
    expect(reorg.removedEvents.map((e) => e.txHash)).toEqual([t1.hash]);
    expect(count()).toBe(n0 - 1);
    const again = await ctx.recorder.replayTx(ctx.l1.chainId, t1.hash);
    expect(again.ref.blockNumber).toBe(head.number);
    expect(again.ref.blockHash).not.toBe(t1.ref.blockHash);
    expect(count()).toBe(n0);
    expect(ctx.recorder.truth.events.filter((e) => e.txHash === t1.hash)).toHaveLength(1);
  });
});
