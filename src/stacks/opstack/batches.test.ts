/**
 * Batcher transactions → sequence batches, end to end through the stack's decode: channels built
 * with the codec's encoder (multi-frame, multi-tx, zlib and brotli, singular and span, calldata
 * and blobs, alt-DA commitments), decoded over several ranges with the decoder state persisted in
 * between (a new stack instance per range, as after a restart), plus malformed and invalid txs.
 */
import { describe, expect, it } from 'vitest';
import { keccak256, toHex, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { opStackChain } from '../../rollups/templates/opstack.ts';
import type { Address } from '../../rollups/types.ts';
import type { RawTransaction, Source } from '../types.ts';
import { definitionBatcherHistory, type BatcherHistory } from './batcher-history.ts';
import { BLOB_BYTES, type BatcherDecoderState } from './batches.ts';
import {
  encodeAltDaCommitment, encodeBatcherSubmission, encodeBlob, SUPERCHAIN_MAINNET_FORKS, type BatcherSubmission, type ChannelCompression, type L2BlockForBatch,
} from './derivation/index.ts';
import { createOpStack, BATCHER_STATE_KEY } from './index.ts';
import { opStackSources } from './sources.ts';
import { blockHashOf, blockTimeOf, issueCollector, makeTx, sourceBatch, testContext } from './testing.ts';

const BATCHER = '0x5050f69a9786f081509234f1a7f4684b5e5b76c9' as Address;
const INBOX = '0xff00000000000000000000000000000000008453' as Address;
const STRANGER = '0x000000000000000000000000000000000000dead' as Address;
const L2_CHAIN_ID = 8453;
const GENESIS = { l1Block: 1, l2Block: 1_000, l2Time: 1_690_000_000, blockTime: 2 };

const rollup = opStackChain({
  id: 'test-op', name: 'Test OP', l2ChainId: L2_CHAIN_ID,
  contracts: {
    optimismPortal: { address: '0x49048044D57e1C92A77f79988d21Fa8fAF74E97e', fromBlock: 1 },
    systemConfig: { address: '0x73a79Fab69143498Ed3712e519A88a918e1f4072', fromBlock: 1 },
    disputeGameFactory: { address: '0x43edB88C4B80fDD2AdFF2412A7BebF9dF42cB40e', fromBlock: 1 },
  },
  batchInbox: INBOX, initialBatcher: BATCHER, genesis: GENESIS,
  derivation: { channelTimeout: 300, forks: SUPERCHAIN_MAINNET_FORKS },
});
const batchesSource = opStackSources(rollup, { batchers: definitionBatcherHistory() }).find((s) => s.id === 'batches') as Source;
const account = privateKeyToAccount('0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a');
let nonce = 0;

/** `count` consecutive L2 blocks from `first`, 3 per L1 origin, block i with i % 3 signed txs. */
async function l2Blocks(first: number, count: number): Promise<{ blocks: L2BlockForBatch[]; txs: number }> {
  const blocks: L2BlockForBatch[] = [];
  let txs = 0;
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const signed: Hex[] = [];
    for (let j = 0; j < n % 3; j++) {
      signed.push(await account.signTransaction({ chainId: L2_CHAIN_ID, type: 'eip1559', nonce: nonce++, gas: 21_000n, to: RECIPIENT, value: BigInt(n), maxFeePerGas: 10n ** 9n, maxPriorityFeePerGas: 1n, data: toHex(`block ${n}`) }));
    }
    txs += signed.length;
    const origin = 4_000_000 + Math.floor(n / 3);
    blocks.push({
      parentHash: keccak256(toHex(n - 1)),
      timestamp: GENESIS.l2Time + (n - GENESIS.l2Block) * GENESIS.blockTime,
      l1Origin: { number: origin, hash: blockHashOf(origin) },
      sequenceNumber: n % 3,
      transactions: ['0x7ef90159a0', ...signed], // the L1-info deposit is never batched
    });
  }
  return { blocks, txs };
}
const RECIPIENT = '0x4200000000000000000000000000000000000016' as Address;

interface Posted { tx: RawTransaction; bytes: number; blobs: number }

/** A batcher tx on L1 with a receipt: gas used and prices derived from the block for distinct fees. */
function batcherTx(block: number, txIndex: number, body: { input?: Hex; blobs?: Uint8Array[] }, from: Address = BATCHER, status: 'success' | 'reverted' = 'success'): Posted {
  const blobs = body.blobs;
  const hash = keccak256(toHex(`batcher tx ${block}/${txIndex}`));
  const input = body.input ?? '0x';
  const gasUsed = blobs ? 21_000n : 21_000n + BigInt((input.length - 2) / 2) * 16n;
  const tx = makeTx({
    hash, from, to: INBOX, blockNumber: block, transactionIndex: txIndex, input,
    type: blobs ? '0x3' : '0x2',
    blobVersionedHashes: blobs ? blobs.map((b, i) => `0x01${keccak256(b).slice(4, 64)}${i.toString(16).padStart(2, '0')}` as Hex) : undefined,
    blobs,
    receipt: {
      status, gasUsed, effectiveGasPrice: 1_000_000_000n + BigInt(block % 1000),
      ...(blobs ? { blobGasUsed: BigInt(blobs.length) * 131_072n, blobGasPrice: 1n + BigInt(block % 7) } : {}),
    },
  });
  return { tx, bytes: blobs ? blobs.length * BLOB_BYTES : (input.length - 2) / 2, blobs: blobs?.length ?? 0 };
}

/** The txs of a submission, one per L1 block from `block` (tx index `txIndex`). */
function post(sub: BatcherSubmission, block: number, txIndex = 1): Posted[] {
  return sub.txs.map((t, i) => batcherTx(block + i, txIndex, t.kind === 'calldata' ? { input: toHex(t.data) } : { blobs: t.blobs }));
}

function costOf(posted: Posted[]) {
  const gas = posted.reduce((s, p) => s + p.tx.receipt!.gasUsed, 0n);
  const exec = posted.reduce((s, p) => s + p.tx.receipt!.gasUsed * p.tx.receipt!.effectiveGasPrice, 0n);
  const blobGas = posted.reduce((s, p) => s + (p.tx.receipt!.blobGasUsed ?? 0n), 0n);
  const blobFee = posted.reduce((s, p) => s + (p.tx.receipt!.blobGasUsed ?? 0n) * (p.tx.receipt!.blobGasPrice ?? 0n), 0n);
  const blobTxs = posted.filter((p) => p.blobs > 0);
  return {
    bytesPosted: posted.reduce((s, p) => s + p.bytes, 0),
    blobCount: posted.reduce((s, p) => s + p.blobs, 0),
    l1GasUsed: gas.toString(),
    l1GasPrice: (exec / gas).toString(),
    executionFee: exec.toString(),
    blobGasUsed: blobTxs.length ? blobGas.toString() : null,
    blobFee: blobTxs.length ? blobFee.toString() : null,
    blobBaseFee: blobTxs.length ? blobTxs.at(-1)!.tx.receipt!.blobGasPrice!.toString() : null,
  };
}

function expectedRow(args: { batchNumber: number; completing: Posted; carriers: Posted[]; sub?: number; blocks: L2BlockForBatch[]; location: 'CALLDATA' | 'BLOB' }) {
  const t = args.completing.tx;
  const first = args.blocks[0]!;
  const last = args.blocks.at(-1)!;
  const num = (b: L2BlockForBatch) => GENESIS.l2Block + (b.timestamp - GENESIS.l2Time) / GENESIS.blockTime;
  return {
    chainId: 1, blockNumber: t.blockNumber, blockHash: blockHashOf(t.blockNumber), blockTime: blockTimeOf(t.blockNumber),
    txHash: t.hash, txIndex: t.transactionIndex, logIndex: -1, subIndex: args.sub ?? 0,
    rollupId: 'test-op', batchNumber: String(args.batchNumber), submitter: BATCHER, dataLocation: args.location,
    ...costOf(args.carriers),
    l2BlockStart: num(first), l2BlockEnd: num(last), l2TimeStart: first.timestamp, l2TimeEnd: last.timestamp,
    delayedMessagesRead: null, forced: false,
  };
}

async function decodeRange(txs: Posted[], store: Map<string, unknown>, opts: { batchers?: BatcherHistory } = {}) {
  const { issues, sink } = issueCollector();
  // A new stack per range: nothing survives in memory, only the decoder state in `store`.
  const stack = createOpStack({ onIssue: sink, batchers: opts.batchers });
  const raw = txs.map((p) => p.tx);
  const facts = await stack.decode(rollup, sourceBatch(batchesSource, [], raw), testContext({ store }));
  return { rows: facts.sequencerBatches, issues, facts };
}

const submission = (blocks: L2BlockForBatch[], batchType: 'singular' | 'span', compression: ChannelCompression, target: 'calldata' | 'blobs', extra: { maxFrameSize?: number; framesPerTx?: number; blobsPerTx?: number } = {}) =>
  encodeBatcherSubmission({ blocks, batchType, compression, genesisL2Time: GENESIS.l2Time, chainId: L2_CHAIN_ID, target, ...extra });

describe('batches source (Holocene rules: Superchain mainnet forks, L1 times after 2025-01-09)', () => {
  it('multi-frame, multi-tx channels of every encoding yield exactly the L2 blocks encoded; state persisted mid-channel across a restart', async () => {
    const a = await l2Blocks(1_001, 40);
    const b = await l2Blocks(1_041, 25);
    const c = await l2Blocks(1_066, 30);
    const d = await l2Blocks(1_096, 12);
    // A: span + brotli in blobs, 5+ frames, 2 blobs per tx → 3+ txs.
    const subA = submission(a.blocks, 'span', 'brotli', 'blobs', { maxFrameSize: 600, blobsPerTx: 2 });
    // B: singular + zlib in calldata, one frame per tx.
    const subB = submission(b.blocks, 'singular', 'zlib', 'calldata', { maxFrameSize: 700, framesPerTx: 1 });
    // C: span + zlib in calldata, 3 frames per tx (multi-frame txs).
    const subC = submission(c.blocks, 'span', 'zlib', 'calldata', { maxFrameSize: 500, framesPerTx: 3 });
    // D: singular + brotli in one blob tx.
    const subD = submission(d.blocks, 'singular', 'brotli', 'blobs');
    expect(subA.txs.length).toBeGreaterThanOrEqual(3);
    expect(subB.txs.length).toBeGreaterThanOrEqual(3);
    expect(subC.frames.length).toBeGreaterThan(3);
    expect(subC.txs.some((t) => t.frames.length === 3)).toBe(true);

    const txA = post(subA, 4_000_100);
    const txB = post(subB, 4_000_110);
    const txC = post(subC, 4_000_130);
    const txD = post(subD, 4_000_150);
    const altDa = batcherTx(4_000_160, 0, { input: toHex(encodeAltDaCommitment({ commitmentType: 'generic', daLayerByte: 0x0c, payload: '0x1234abcd' })) });

    const store = new Map<string, unknown>();
    // Range 1 stops after A's first tx and B's first two txs: both channels open.
    const cutA = 1;
    const r1 = await decodeRange([...txA.slice(0, cutA)], store);
    expect(r1.rows).toEqual([]);
    const saved = store.get(BATCHER_STATE_KEY) as BatcherDecoderState;
    expect(saved.assembler!.channels.map((ch) => ch.id)).toEqual([subA.channelId]);
    expect(Object.keys(saved.carriers)).toEqual([txA[0]!.tx.hash]);
    expect(saved.nextBatchNumber).toBe('0');

    const r2 = await decodeRange([...txA.slice(cutA), ...txB.slice(0, 2)], store);
    expect(r2.rows).toEqual([{
      ...expectedRow({ batchNumber: 0, completing: txA.at(-1)!, carriers: txA, blocks: a.blocks, location: 'BLOB' }),
      extra: {
        channelId: subA.channelId, frames: subA.frames.length, carrierTxs: txA.map((p) => p.tx.hash), openedAtBlock: 4_000_100,
        compression: 'brotli', batchTypes: ['span'], batches: 1, l2Blocks: 40, l2Txs: a.txs,
      },
    }]);
    expect((store.get(BATCHER_STATE_KEY) as BatcherDecoderState).assembler!.channels.map((ch) => ch.id)).toEqual([subB.channelId]);

    const r3 = await decodeRange([...txB.slice(2), ...txC, ...txD, altDa], store);
    expect(r3.issues).toEqual([]);
    expect(r3.rows).toEqual([
      {
        ...expectedRow({ batchNumber: 1, completing: txB.at(-1)!, carriers: txB, blocks: b.blocks, location: 'CALLDATA' }),
        extra: {
          channelId: subB.channelId, frames: subB.frames.length, carrierTxs: txB.map((p) => p.tx.hash), openedAtBlock: 4_000_110,
          compression: 'zlib', batchTypes: ['singular'], batches: 25, l2Blocks: 25, l2Txs: b.txs,
        },
      },
      {
        ...expectedRow({ batchNumber: 2, completing: txC.at(-1)!, carriers: txC, blocks: c.blocks, location: 'CALLDATA' }),
        extra: {
          channelId: subC.channelId, frames: subC.frames.length, carrierTxs: txC.map((p) => p.tx.hash), openedAtBlock: 4_000_130,
          compression: 'zlib', batchTypes: ['span'], batches: 1, l2Blocks: 30, l2Txs: c.txs,
        },
      },
      {
        ...expectedRow({ batchNumber: 3, completing: txD[0]!, carriers: txD, blocks: d.blocks, location: 'BLOB' }),
        extra: {
          channelId: subD.channelId, frames: 1, carrierTxs: [txD[0]!.tx.hash], openedAtBlock: 4_000_150,
          compression: 'brotli', batchTypes: ['singular'], batches: 12, l2Blocks: 12, l2Txs: d.txs,
        },
      },
      {
        chainId: 1, blockNumber: 4_000_160, blockHash: blockHashOf(4_000_160), blockTime: blockTimeOf(4_000_160), txHash: altDa.tx.hash, txIndex: 0, logIndex: -1, subIndex: 0,
        rollupId: 'test-op', batchNumber: '4', submitter: BATCHER, dataLocation: 'ALT_DA', ...costOf([altDa]),
        l2BlockStart: null, l2BlockEnd: null, l2TimeStart: null, l2TimeEnd: null, delayedMessagesRead: null, forced: false,
        extra: { commitmentType: 'generic', daLayer: 'celestia', daLayerByte: 12, commitment: '0x010c1234abcd' },
      },
    ]);
    // The L2 ranges tile the chain: every block encoded, once.
    const ranges = [...r2.rows, ...r3.rows].filter((r) => r.l2BlockStart !== null).map((r) => [r.l2BlockStart, r.l2BlockEnd]);
    expect(ranges).toEqual([[1_001, 1_040], [1_041, 1_065], [1_066, 1_095], [1_096, 1_107]]);
    const end = store.get(BATCHER_STATE_KEY) as BatcherDecoderState;
    expect(end).toEqual({ version: 1, assembler: expect.objectContaining({ channels: [] }), nextBatchNumber: '5', carriers: {} });
  });

  it('one range or three ranges give the same rows (state round-trips through JSON)', async () => {
    const blocks = (await l2Blocks(2_000, 20)).blocks;
    const sub = submission(blocks, 'span', 'zlib', 'calldata', { maxFrameSize: 300 });
    const txs = post(sub, 4_001_000);
    expect(txs.length).toBeGreaterThanOrEqual(4);
    const whole = await decodeRange(txs, new Map());
    const store = new Map<string, unknown>();
    const parts = [
      ...(await decodeRange(txs.slice(0, 1), store)).rows,
      ...(await decodeRange(txs.slice(1, 3), store)).rows,
      ...(await decodeRange(txs.slice(3), store)).rows,
    ];
    expect(parts).toEqual(whole.rows);
    expect(whole.rows).toHaveLength(1);
    expect(whole.rows[0]).toMatchObject({ bytesPosted: costOf(txs).bytesPosted, l2BlockStart: 2_000, l2BlockEnd: 2_019 });
  });

  it('malformed and invalid batcher txs are reported with their tx/block and skipped; the rest decodes', async () => {
    const blocks = (await l2Blocks(3_000, 9)).blocks;
    const good = submission(blocks, 'span', 'brotli', 'blobs');
    // A blob tx whose first blob is not OP-encoded (version byte 1) and whose second blob holds the good frame.
    const badBlob = new Uint8Array(BLOB_BYTES);
    badBlob[1] = 1;
    const mixed = batcherTx(4_002_010, 4, { blobs: [badBlob, (good.txs[0] as { blobs: Uint8Array[] }).blobs[0]!] });
    const garbage = batcherTx(4_002_001, 0, { input: '0x02deadbeef' });
    const truncatedFrame = batcherTx(4_002_002, 0, { input: `0x00${'11'.repeat(16)}0000` });
    const stranger = batcherTx(4_002_003, 0, { input: toHex(good.txs.length ? new Uint8Array([0]) : new Uint8Array()) }, STRANGER);
    const reverted = batcherTx(4_002_004, 0, { input: '0x00' }, BATCHER, 'reverted');
    const empty = batcherTx(4_002_005, 0, { input: '0x' });
    const { rows, issues } = await decodeRange([garbage, truncatedFrame, stranger, reverted, empty, mixed], new Map());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ txHash: mixed.tx.hash, batchNumber: '0', dataLocation: 'BLOB', bytesPosted: 2 * BLOB_BYTES, blobCount: 2, l2BlockStart: 3_000, l2BlockEnd: 3_008 });
    expect(issues.map((i) => [i.what, i.code, i.blockNumber, i.txHash, i.blobIndex])).toEqual([
      ['transaction', 'BATCHER_DATA_VERSION', 4_002_001, garbage.tx.hash, undefined],
      ['transaction', 'FRAME_TRUNCATED', 4_002_002, truncatedFrame.tx.hash, undefined],
      ['transaction', 'NOT_BATCHER', 4_002_003, stranger.tx.hash, undefined],
      ['transaction', 'TX_REVERTED', 4_002_004, reverted.tx.hash, undefined],
      ['transaction', 'BATCHER_DATA_EMPTY', 4_002_005, empty.tx.hash, undefined],
      ['blob', 'BLOB_VERSION', 4_002_010, mixed.tx.hash, 0],
    ]);
    expect(issues[0]!.message).toMatch(/calldata: unknown batcher data version/);
    expect(issues[2]!.message).toContain(STRANGER);
  });

  it('a blob tx fetched without its blobs is an engine error naming the tx', async () => {
    const t = batcherTx(4_003_000, 0, { blobs: [encodeBlob(new Uint8Array([0]))] });
    delete t.tx.blobs;
    await expect(decodeRange([t], new Map())).rejects.toThrow(`batcher blob tx ${t.tx.hash} (block 4003000) came with no blobs for 1 versioned hashes`);
  });

  it('batcher changes: txs of the new batcher count from its block, the old one is ignored after', async () => {
    const NEW = '0x6666666666666666666666666666666666666666' as Address;
    const history: BatcherHistory = { at: async (_r, block) => [block >= 4_004_010 ? NEW : BATCHER] };
    const blocks = (await l2Blocks(4_000, 6)).blocks;
    const s1 = submission(blocks.slice(0, 3), 'singular', 'zlib', 'calldata');
    const s2 = submission(blocks.slice(3), 'singular', 'zlib', 'calldata');
    const old = batcherTx(4_004_000, 0, { input: toHex(s1.txs[0]!.kind === 'calldata' ? s1.txs[0]!.data : new Uint8Array()) });
    const stale = batcherTx(4_004_010, 0, { input: toHex(s2.txs[0]!.kind === 'calldata' ? s2.txs[0]!.data : new Uint8Array()) });
    const fresh = batcherTx(4_004_011, 0, { input: toHex(s2.txs[0]!.kind === 'calldata' ? s2.txs[0]!.data : new Uint8Array()) }, NEW);
    const { rows, issues } = await decodeRange([old, stale, fresh], new Map(), { batchers: history });
    expect(rows.map((r) => [r.txHash, r.submitter, r.batchNumber, r.l2BlockStart])).toEqual([
      [old.tx.hash, BATCHER, '0', 4_000],
      [fresh.tx.hash, NEW, '1', 4_003],
    ]);
    expect(issues.map((i) => [i.code, i.txHash])).toEqual([['NOT_BATCHER', stale.tx.hash]]);
  });
});

describe('batches source before Holocene (channel bank)', () => {
  const preHolocene = { ...rollup, derivation: { channelTimeout: 300, forks: { ...SUPERCHAIN_MAINNET_FORKS, holocene: undefined } } };
  it('interleaved channels complete in the order their last frame arrives; a tx carrying frames of two channels is counted once', async () => {
    const x = (await l2Blocks(5_000, 10)).blocks;
    const y = (await l2Blocks(5_010, 10)).blocks;
    const sx = submission(x, 'span', 'zlib', 'calldata', { maxFrameSize: 200 });
    const sy = submission(y, 'singular', 'brotli', 'calldata', { maxFrameSize: 10_000 });
    expect(sx.txs.length).toBeGreaterThanOrEqual(3);
    expect(sy.txs.length).toBe(1);
    const xs = post(sx, 2_500_000);
    // Y's single frame rides in X's second tx (after X's frame): one tx, frames of two channels.
    const shared = batcherTx(2_500_001, 1, { input: `${xs[1]!.tx.input}${toHex((sy.txs[0] as { data: Uint8Array }).data).slice(4)}` as Hex });
    const txs = [xs[0]!, shared, ...xs.slice(2)];
    const { issues, sink } = issueCollector();
    const stack = createOpStack({ onIssue: sink });
    const facts = await stack.decode(preHolocene, sourceBatch(batchesSource, [], txs.map((p) => p.tx)), testContext());
    expect(issues).toEqual([]);
    const rows = facts.sequencerBatches;
    expect(rows.map((r) => [r.txHash, r.batchNumber, r.l2BlockStart, r.l2BlockEnd, r.bytesPosted])).toEqual([
      [shared.tx.hash, '0', 5_010, 5_019, shared.bytes],
      [xs.at(-1)!.tx.hash, '1', 5_000, 5_009, txs.filter((p) => p !== shared).reduce((s, p) => s + p.bytes, 0)],
    ]);
    expect(rows[1]!.extra).toMatchObject({ carrierTxs: txs.map((p) => p.tx.hash) });
  });
});
