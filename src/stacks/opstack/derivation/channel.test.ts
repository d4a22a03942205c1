import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { hexToBytes, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { encodeBatchStream, encodeSingularBatch } from './batch.ts';
import { parseBatcherData } from './batcherData.ts';
import { buildChannel, decodeChannel } from './channel.ts';
import { createChannelAssembler } from './channelAssembler.ts';
import { compressChannel } from './compression.ts';
import { encodeSpanBatch, type L2BlockForBatch, type OpGenesis } from './spanBatch.ts';
import { spanBatchTxToRaw } from './spanBatchTxs.ts';

const fixture = (name: string) => hexToBytes(`0x${readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8').trim()}`);
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

/** Assembles the (single, complete) channel carried by one batcher transaction. */
function channelOf(calldata: Uint8Array) {
  const parsed = parseBatcherData(calldata);
  if (parsed.kind !== 'frames') throw new Error('expected frames');
  const asm = createChannelAssembler({ params: { channelTimeout: 300 } });
  const out = asm.addFrames(parsed.frames, { blockNumber: 1, timestamp: 1 });
  expect(out).toHaveLength(1);
  return { frames: parsed.frames, channel: out[0] };
}

// OP Sepolia (superchain-registry sepolia/op.toml): genesis l2_time 1691802540, L2 block 0, 2 s blocks, chain id 11155420.
const OP_SEPOLIA: OpGenesis = { l2Time: 1691802540, l2Block: 0, blockTime: 2 };
const OP_SEPOLIA_CHAIN_ID = 11155420n;

describe('real batcher transactions', () => {
  it('OP Sepolia span batch channel (calldata from hildr ChannelsTest): blocks, origins, txs, byte-exact re-encoding', async () => {
    const { frames, channel } = channelOf(fixture('op-sepolia-span-batch-calldata.hex'));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ channelId: '0x656531d7fca1ad32740ea3adca85922a', frameNumber: 0, isLast: true });
    expect(frames[0].data.length).toBe(1500);

    const decoded = await decodeChannel(channel.data, { genesis: OP_SEPOLIA, spanBatchTxs: 'full' });
    expect(decoded.compression).toBe('zlib');
    expect(decoded.decompressedSize).toBe(2813);
    // The real stream was flushed but never closed: op-node still derives the complete batch.
    expect(decoded.streamComplete).toBe(false);
    expect(decoded.decompressionError?.code).toBe('CHANNEL_DECOMPRESSION');
    expect(decoded.error).toBeUndefined();
    expect(decoded.batches).toHaveLength(1);
    const span = decoded.batches[0];
    if (span.type !== 'span') throw new Error('expected a span batch');
    expect(span.relTimestamp).toBe(11401892n);
    expect(span.blockCount).toBe(84);
    expect(span.totalTxCount).toBe(9);
    expect(span.blocks[0]).toEqual({ timestamp: 1703204432, number: 5700946, l1OriginNumber: 4933199, txCount: span.blockTxCounts[0] });
    expect(span.blocks[83]).toMatchObject({ timestamp: 1703204598, number: 5701029, l1OriginNumber: 4933211 });
    for (let i = 1; i < 84; i++) {
      expect(span.blocks[i].l1OriginNumber - span.blocks[i - 1].l1OriginNumber).toBeGreaterThanOrEqual(0);
      expect(span.blocks[i].l1OriginNumber - span.blocks[i - 1].l1OriginNumber).toBeLessThanOrEqual(1);
    }

    // Rebuild the L2 blocks and re-encode with the devnet encoder: identical batch bytes.
    const txs = span.txs!.map((t) => spanBatchTxToRaw(t, OP_SEPOLIA_CHAIN_ID));
    let k = 0;
    const pad = (h: Hex) => `${h}${'00'.repeat(12)}` as Hex;
    const blocks: L2BlockForBatch[] = span.blocks.map((b, i) => ({
      parentHash: i === 0 ? pad(span.parentCheck) : hash(i),
      timestamp: b.timestamp,
      l1Origin: { number: b.l1OriginNumber, hash: i === 83 ? pad(span.l1OriginCheck) : hash(b.l1OriginNumber) },
      sequenceNumber: (span.originBits[span.originBits.length - 1] & 1) === 1 ? 0 : 1,
      transactions: txs.slice(k, (k += b.txCount)),
    }));
    const reencoded = encodeSpanBatch({ blocks, genesisL2Time: OP_SEPOLIA.l2Time, chainId: OP_SEPOLIA_CHAIN_ID });
    const stream = zlib.inflateSync(channel.data, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    expect(hex(encodeBatchStream([reencoded]))).toBe(hex(stream));
  });

  it('OP Goerli singular batch channel (calldata from hildr BatcherTransactionsTest): six blocks, byte-exact re-encoding', async () => {
    const { frames, channel } = channelOf(fixture('goerli-singular-batch-calldata.hex'));
    expect(frames[0]).toMatchObject({ channelId: '0xb3ec7df691dc58384222fbdc05891b08', frameNumber: 0, isLast: true });
    expect(frames[0].data.length).toBe(3028);
    // OP Goerli genesis: l2_time 1673550516, 2 s blocks (block numbers below assume L2 genesis block 4061224).
    const genesis = { l2Time: 1673550516, l2Block: 4061224, blockTime: 2 };
    const decoded = await decodeChannel(channel.data, { genesis });
    expect(decoded).toMatchObject({ compression: 'zlib', decompressedSize: 6958, streamComplete: true, error: undefined });
    expect(decoded.batches.map((b) => b.type)).toEqual(new Array(6).fill('singular'));
    expect(decoded.batches.map((b) => [b.blocks[0].timestamp, b.blocks[0].number, b.blocks[0].l1OriginNumber, b.blocks[0].txCount])).toEqual([
      [1676565100, 5568516, 8502692, 7],
      [1676565102, 5568517, 8502692, 2],
      [1676565104, 5568518, 8502692, 0],
      [1676565106, 5568519, 8502692, 2],
      [1676565108, 5568520, 8502692, 1],
      [1676565110, 5568521, 8502692, 2],
    ]);
    const first = decoded.batches[0];
    if (first.type !== 'singular') throw new Error();
    expect(first.parentHash).toBe('0x9a6d7cf81309515caed98e08edffe9a467a71a707910474b5fde43e2a6fc6454');
    expect(first.epochHash).toBe('0xf96fa95a6ce1953fc86cce0e16e46f9e31af307247ee581b4baae42d0ea23dbc');

    const reencoded = decoded.batches.map((b) => {
      if (b.type !== 'singular') throw new Error();
      return encodeSingularBatch({ parentHash: b.parentHash, timestamp: b.timestamp, l1Origin: { number: b.epochNumber, hash: b.epochHash }, transactions: b.transactions });
    });
    expect(hex(encodeBatchStream(reencoded))).toBe(hex(zlib.inflateSync(channel.data)));
  });
});

const GENESIS: OpGenesis = { l2Time: 1_000_000, l2Block: 500, blockTime: 2 };
function blocks(n: number, txBytes = 40): L2BlockForBatch[] {
  return Array.from({ length: n }, (_, i) => ({
    parentHash: hash(1000 + i),
    timestamp: GENESIS.l2Time + 2 * (i + 1),
    l1Origin: { number: 100 + Math.floor(i / 6), hash: hash(100 + Math.floor(i / 6)) },
    sequenceNumber: i % 6,
    transactions: [`0x02${'ab'.repeat(txBytes)}` as Hex],
  }));
}

describe('channel decoding', () => {
  it('round-trips zlib and brotli channels of singular and span batches', async () => {
    for (const compression of ['zlib', 'brotli'] as const) {
      const built = buildChannel({ blocks: blocks(10), batchType: 'singular', compression });
      expect(built.data[0]).toBe(compression === 'zlib' ? 0x78 : 0x01);
      const d = await decodeChannel(built.data, { genesis: GENESIS });
      expect(d).toMatchObject({ compression, streamComplete: true, error: undefined });
      expect(d.batches.map((b) => b.blocks[0].number)).toEqual([501, 502, 503, 504, 505, 506, 507, 508, 509, 510]);

      const span = buildChannel({ blocks: blocks(10, 0).map((b) => ({ ...b, transactions: [] })), batchType: 'span', compression, genesisL2Time: GENESIS.l2Time });
      const s = await decodeChannel(span.data, { genesis: GENESIS });
      expect(s.batches).toHaveLength(1);
      expect(s.batches[0].blocks.map((b) => [b.number, b.l1OriginNumber])).toEqual(
        Array.from({ length: 10 }, (_, i) => [501 + i, 100 + Math.floor(i / 6)]),
      );
    }
  });

  it('applies fork rules of the L1 block: brotli needs Fjord, span batches need Delta', async () => {
    const forks = { delta: 2_000, fjord: 3_000 };
    const brotli = buildChannel({ blocks: blocks(2), batchType: 'singular', compression: 'brotli' });
    const early = await decodeChannel(brotli.data, { genesis: GENESIS, forks, l1Timestamp: 2_999 });
    expect(early.batches).toEqual([]);
    expect(early.error?.code).toBe('CHANNEL_COMPRESSION');
    expect((await decodeChannel(brotli.data, { genesis: GENESIS, forks, l1Timestamp: 3_000 })).batches).toHaveLength(2);

    const mixed = compressChannel(
      encodeBatchStream([
        encodeSingularBatch(blocks(1)[0]),
        encodeSpanBatch({ blocks: blocks(3).slice(1).map((b) => ({ ...b, transactions: [] })), genesisL2Time: GENESIS.l2Time, chainId: 1 }),
      ]),
      'zlib',
    );
    const preDelta = await decodeChannel(mixed, { genesis: GENESIS, forks, l1Timestamp: 1_999 });
    expect(preDelta.batches.map((b) => b.type)).toEqual(['singular']);
    expect(preDelta.skipped).toEqual([{ index: 1, reason: 'span-batch-before-delta' }]);
    expect((await decodeChannel(mixed, { genesis: GENESIS, forks, l1Timestamp: 2_000 })).batches.map((b) => b.type)).toEqual(['singular', 'span']);
  });

  it('keeps the batches before a truncated or corrupt stream', async () => {
    const built = buildChannel({ blocks: blocks(40, 300), batchType: 'singular', compression: 'zlib', level: 1 });
    const cut = await decodeChannel(built.data.subarray(0, Math.floor(built.data.length / 2)), { genesis: GENESIS });
    expect(cut.streamComplete).toBe(false);
    expect(cut.decompressionError?.code).toBe('CHANNEL_DECOMPRESSION');
    expect(cut.batches.length).toBeGreaterThan(3);
    expect(cut.batches.length).toBeLessThan(40);
    expect(cut.batches.map((b) => b.blocks[0].number)).toEqual(Array.from({ length: cut.batches.length }, (_, i) => 501 + i));
    expect(cut.error?.code).toBe('RLP');

    const corrupt = built.data.slice();
    corrupt[corrupt.length - 3] ^= 0xff; // adler32 checksum: all batches still readable
    const c = await decodeChannel(corrupt, { genesis: GENESIS });
    expect(c.batches).toHaveLength(40);
    expect(c.streamComplete).toBe(false);
    expect(c.decompressionError?.message).toMatch(/zlib stream error/);

    const brotli = buildChannel({ blocks: blocks(40, 300), batchType: 'singular', compression: 'brotli', level: 1 });
    const bcut = await decodeChannel(brotli.data.subarray(0, Math.floor(brotli.data.length * 0.7)), { genesis: GENESIS });
    expect(bcut.batches.length).toBeGreaterThan(3);
    expect(bcut.batches.length).toBeLessThan(40);
  });

  it('reads only MAX_RLP_BYTES_PER_CHANNEL bytes of decompressed data', async () => {
    const built = buildChannel({ blocks: blocks(20, 100), batchType: 'singular', compression: 'zlib' });
    const one = encodeBatchStream([encodeSingularBatch(blocks(1, 100)[0])]).length;
    const d = await decodeChannel(built.data, { genesis: GENESIS, maxRlpBytes: one * 5 + 10 });
    expect(d.cutAtLimit).toBe(true);
    expect(d.decompressedSize).toBe(one * 5 + 10);
    expect(d.batches).toHaveLength(5);
    expect(d.error?.code).toBe('CHANNEL_LIMIT');
    const exact = await decodeChannel(built.data, { genesis: GENESIS, maxRlpBytes: one * 20 });
    expect(exact.batches).toHaveLength(20);
    expect(exact.error).toBeUndefined();
  });

  it('stops at a malformed item and reports why, keeping earlier batches', async () => {
    const ok = encodeSingularBatch(blocks(1)[0]);
    const withList = compressChannel(Uint8Array.from([...encodeBatchStream([ok]), 0xc1, 0x80, ...encodeBatchStream([ok])]), 'zlib');
    const a = await decodeChannel(withList, { genesis: GENESIS });
    expect(a.batches).toHaveLength(1);
    expect(a.error?.message).toMatch(/expected batch byte string, got list at channel.batch\[1\]/);

    const unknownType = compressChannel(encodeBatchStream([ok, Uint8Array.from([9, 1, 2])]), 'zlib');
    const b = await decodeChannel(unknownType, { genesis: GENESIS });
    expect(b.batches).toHaveLength(1);
    expect(b.error?.code).toBe('BATCH_TYPE');

    const unknown = await decodeChannel(Uint8Array.from([0x02, 1, 2, 3]), { genesis: GENESIS });
    expect(unknown.error?.message).toMatch(/cannot tell the compression algorithm.*got 0x02/);
    const empty = await decodeChannel(new Uint8Array(0), { genesis: GENESIS });
    expect(empty.error?.code).toBe('CHANNEL_COMPRESSION');
  });
});
