/**
 * End to end: the devnet encoder (L2 blocks -> channel -> frames -> calldata / blobs) against the
 * indexer decoder (calldata / blobs -> frames -> assembler with persisted state -> batches).
 */
import { privateKeyToAccount } from 'viem/accounts';
import type { Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseBatcherData } from './batcherData.ts';
import { decodeBlob } from './blob.ts';
import { decodeChannel, encodeBatcherSubmission, type BatcherSubmission } from './channel.ts';
import { createChannelAssembler, type AssembledChannel, type ChannelAssemblerState, type L1Ref } from './channelAssembler.ts';
import type { Frame } from './frame.ts';
import { SUPERCHAIN_MAINNET_FORKS } from './params.ts';
import type { L2BlockForBatch, OpGenesis } from './spanBatch.ts';
import { spanBatchTxToRaw } from './spanBatchTxs.ts';

const CHAIN_ID = 8453;
// Base genesis (superchain-registry): L2 block 0 at 1686789347, 2 s blocks.
const GENESIS: OpGenesis = { l2Time: 1686789347, l2Block: 0, blockTime: 2 };
const account = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

/** `count` consecutive L2 blocks after `firstNumber`, 6 per L1 origin, each with a few signed txs. */
async function l2Blocks(firstNumber: number, count: number): Promise<{ blocks: L2BlockForBatch[]; txs: Hex[][] }> {
  const blocks: L2BlockForBatch[] = [];
  const txs: Hex[][] = [];
  let nonce = 0;
  for (let i = 0; i < count; i++) {
    const n = firstNumber + i;
    const blockTxs: Hex[] = [];
    for (let j = 0; j < (i % 4); j++) {
      const common = {
        chainId: CHAIN_ID,
        nonce: nonce++,
        gas: 21_000n + BigInt(i),
        to: '0x4200000000000000000000000000000000000016',
        value: BigInt(i * 1000 + j),
        data: `0x${'5a'.repeat(i * 7)}`,
      } as const;
      blockTxs.push(
        await (j % 2
          ? account.signTransaction({ ...common, type: 'legacy', gasPrice: 10n ** 9n })
          : account.signTransaction({ ...common, type: 'eip1559', maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 10n ** 6n })),
      );
    }
    txs.push(blockTxs);
    const origin = 20_000_000 + Math.floor(n / 6);
    blocks.push({
      parentHash: hash(n - 1),
      timestamp: GENESIS.l2Time + n * GENESIS.blockTime,
      l1Origin: { number: origin, hash: hash(origin) },
      sequenceNumber: n % 6,
      transactions: ['0x7ef90159a0', ...blockTxs], // the L1-info deposit is never batched
    });
  }
  return { blocks, txs };
}

/** Bytes each batcher tx carries, as the indexer would see them (calldata, or each decoded blob). */
function dataItems(sub: BatcherSubmission): Uint8Array[][] {
  return sub.txs.map((tx) => (tx.kind === 'calldata' ? [tx.data] : tx.blobs.map((b) => decodeBlob(b))));
}

describe('devnet encoder -> indexer decoder', () => {
  for (const target of ['calldata', 'blobs'] as const) {
    for (const compression of ['zlib', 'brotli'] as const) {
      for (const batchType of ['singular', 'span'] as const) {
        it(`${batchType} batches, ${compression}, ${target}: frames split across txs and L1 blocks, state persisted mid-channel`, async () => {
          const first = await l2Blocks(1000, 30);
          const second = await l2Blocks(1030, 12);
          const common = { batchType, compression, genesisL2Time: GENESIS.l2Time, chainId: CHAIN_ID, target } as const;
          // Small frames force multi-frame channels; two channels interleave on L1.
          const subA = encodeBatcherSubmission({ ...common, blocks: first.blocks, maxFrameSize: target === 'blobs' ? 700 : 400, blobsPerTx: 2, framesPerTx: 2 });
          const subB = encodeBatcherSubmission({ ...common, blocks: second.blocks, maxFrameSize: 300, blobsPerTx: 1 });
          expect(subA.frames.length).toBeGreaterThan(3);
          expect(subA.frames.at(-1)!.isLast).toBe(true);
          if (target === 'calldata') expect(subA.txs.every((t) => t.kind === 'calldata')).toBe(true);
          else expect(subA.txs.every((t) => t.kind === 'blobs' && t.blobs.every((b) => b.length === 131072))).toBe(true);

          // L1 schedule: A's txs one per L1 block, B's txs squeezed in between.
          const itemsA = dataItems(subA);
          const itemsB = dataItems(subB);
          const schedule: Array<{ l1: L1Ref; items: Uint8Array[] }> = [];
          let block = 21_000_000;
          const ts = (n: number) => SUPERCHAIN_MAINNET_FORKS.holocene! + 100 + (n - 21_000_000) * 12;
          for (let i = 0; i < Math.max(itemsA.length, itemsB.length); i++) {
            if (i < itemsA.length) schedule.push({ l1: { blockNumber: block, timestamp: ts(block), txHash: hash(i), txIndex: 0 }, items: itemsA[i] });
            block++;
            if (i < itemsB.length) schedule.push({ l1: { blockNumber: block, timestamp: ts(block), txHash: hash(100 + i), txIndex: 3 }, items: itemsB[i] });
          }

          // Channel A's frames are contiguous; B is a separate channel started later. Under
          // Holocene one channel is open at a time, so feed B after A completes.
          const ordered = [...schedule.filter((s) => itemsA.includes(s.items)), ...schedule.filter((s) => itemsB.includes(s.items))];
          let state: ChannelAssemblerState | undefined;
          const channels: AssembledChannel[] = [];
          const params = { channelTimeout: 300, forks: SUPERCHAIN_MAINNET_FORKS };
          let lastBlock = 0;
          for (let i = 0; i < ordered.length; i++) {
            // A fresh assembler per transaction, restored from JSON: what a restarted indexer does.
            const asm = createChannelAssembler({ params, state });
            const step = ordered[i];
            const l1 = step.l1.blockNumber < lastBlock ? { ...step.l1, blockNumber: lastBlock, timestamp: ts(lastBlock) } : step.l1;
            lastBlock = l1.blockNumber;
            for (const item of step.items) {
              const parsed = parseBatcherData(item);
              if (parsed.kind !== 'frames') throw new Error('expected frames');
              channels.push(...asm.addFrames(parsed.frames, l1));
            }
            state = JSON.parse(JSON.stringify(asm.toState()));
          }
          expect(channels.map((c) => c.id)).toEqual([subA.channelId, subB.channelId]);
          expect(Buffer.from(channels[0].data).equals(Buffer.from(subA.channel.data))).toBe(true);
          expect(channels[0].frames.map((f) => f.l1.txHash)).toEqual(
            subA.txs.flatMap((tx, i) => tx.frames.map(() => hash(i))),
          );

          for (const [ch, source] of [
            [channels[0], first],
            [channels[1], second],
          ] as const) {
            const decoded = await decodeChannel(ch.data, { genesis: GENESIS, forks: SUPERCHAIN_MAINNET_FORKS, l1Timestamp: ch.readAt.timestamp, spanBatchTxs: 'full' });
            expect(decoded.error).toBeUndefined();
            expect(decoded.streamComplete).toBe(true);
            const l2 = decoded.batches.flatMap((b) => b.blocks);
            expect(l2.map((b) => [b.number, b.timestamp, b.l1OriginNumber, b.txCount])).toEqual(
              source.blocks.map((b, i) => [(b.timestamp - GENESIS.l2Time) / 2, b.timestamp, b.l1Origin.number, source.txs[i].length]),
            );
            const txs =
              batchType === 'span'
                ? decoded.batches.flatMap((b) => (b.type === 'span' ? b.txs!.map((t) => `0x${Buffer.from(spanBatchTxToRaw(t, CHAIN_ID)).toString('hex')}`) : []))
                : decoded.batches.flatMap((b) => (b.type === 'singular' ? b.transactions.map((t) => `0x${Buffer.from(t).toString('hex')}`) : []));
            expect(txs).toEqual(source.txs.flat());
          }
        });
      }
    }
  }

  it('pre-Holocene bank: interleaved channels, frames out of order across L1 blocks, state persisted', async () => {
    const a = await l2Blocks(1, 20);
    const b = await l2Blocks(21, 20);
    const subA = encodeBatcherSubmission({ blocks: a.blocks, batchType: 'singular', compression: 'zlib', target: 'calldata', maxFrameSize: 300 });
    const subB = encodeBatcherSubmission({ blocks: b.blocks, batchType: 'singular', compression: 'zlib', target: 'calldata', maxFrameSize: 300 });
    // Interleave A and B frame by frame and reverse A's order: the bank accepts any order.
    const frames: Frame[] = [];
    const aFrames = [...subA.frames].reverse();
    for (let i = 0; i < Math.max(aFrames.length, subB.frames.length); i++) {
      if (aFrames[i]) frames.push(aFrames[i]);
      if (subB.frames[i]) frames.push(subB.frames[i]);
    }
    const params = { channelTimeout: 300, forks: { canyon: 0 } };
    let state: ChannelAssemblerState | undefined;
    const out: AssembledChannel[] = [];
    for (let i = 0; i < frames.length; i += 3) {
      const asm = createChannelAssembler({ params, state });
      out.push(...asm.addFrames(frames.slice(i, i + 3), { blockNumber: 100 + i, timestamp: 1_000 + i * 12 }));
      state = JSON.parse(JSON.stringify(asm.toState()));
    }
    expect(out.map((c) => c.id).sort()).toEqual([subA.channelId, subB.channelId].sort());
    for (const ch of out) {
      const source = ch.id === subA.channelId ? a : b;
      const decoded = await decodeChannel(ch.data, { genesis: GENESIS });
      expect(decoded.batches.map((x) => x.blocks[0].timestamp)).toEqual(source.blocks.map((x) => x.timestamp));
    }
  });
});
