import { readFileSync } from 'node:fs';
import { privateKeyToAccount } from 'viem/accounts';
import { hexToBytes, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { decodeBatch, decodeSingularBatch, encodeSingularBatch } from './batch.ts';
import { DerivationError } from './errors.ts';
import { decodeSpanBatch, encodeRawSpanBatch, encodeSpanBatch, l2BlockNumberAt, spanBatchBlocks, type L2BlockForBatch } from './spanBatch.ts';
import { spanBatchTxToRaw, toSpanBatchTx } from './spanBatchTxs.ts';

const fixture = (name: string) => hexToBytes(`0x${readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8').trim()}`);

function code(fn: () => unknown): DerivationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DerivationError) return e;
    throw e;
  }
  throw new Error('expected a DerivationError');
}

const CHAIN_ID = 10n;
const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const to = '0x70997970c51812dc3a010c7d01b50e0d17dc79c8' as const;

/** One signed transaction of every type a span batch can hold (plus an unprotected legacy and a creation). */
async function signedTxs(): Promise<Hex[]> {
  const auth = await account.signAuthorization({ address: to, chainId: Number(CHAIN_ID), nonce: 7 });
  return Promise.all([
    account.signTransaction({ type: 'legacy', chainId: Number(CHAIN_ID), nonce: 0, gasPrice: 1_000_000_000n, gas: 21_000n, to, value: 1n }),
    account.signTransaction({ type: 'legacy', nonce: 1, gasPrice: 2n, gas: 100_000n, to: null, data: '0x6001600155' }),
    account.signTransaction({
      type: 'eip2930',
      chainId: Number(CHAIN_ID),
      nonce: 2,
      gasPrice: 3n,
      gas: 50_000n,
      to,
      accessList: [{ address: to, storageKeys: [`0x${'00'.repeat(31)}01`] }],
      data: '0xdeadbeef',
    }),
    account.signTransaction({ type: 'eip1559', chainId: Number(CHAIN_ID), nonce: 3, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, gas: 60_000n, to, value: 10n ** 18n }),
    account.signTransaction({ type: 'eip1559', chainId: Number(CHAIN_ID), nonce: 2 ** 40, maxFeePerGas: 5n, maxPriorityFeePerGas: 5n, gas: 2n ** 33n, to: null, data: '0x00' }),
    account.signTransaction({ type: 'eip7702', chainId: Number(CHAIN_ID), nonce: 5, maxFeePerGas: 7n, maxPriorityFeePerGas: 1n, gas: 80_000n, to, authorizationList: [auth] }),
  ]);
}

const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}` as Hex;

describe('span batch vector (op-node random span batch, as used by Nethermind BatchDecoderTests)', () => {
  const bytes = fixture('random-span-batch.hex');

  it('decodes prefix, payload and every transaction field', () => {
    expect(bytes[0]).toBe(1);
    const raw = decodeSpanBatch(bytes, 'full', 1);
    expect(raw.relTimestamp).toBe(0x4a084dedn);
    expect(raw.l1OriginNumber).toBe(0x5aa0dfa594f714dfn);
    expect(raw.parentCheck).toBe('0x325769129a1e957104010f5823f7d7b58ec8837b');
    expect(raw.l1OriginCheck).toBe('0x875fe973d3d8979a7eee39aca4fa9664471afeaa');
    expect(raw.blockCount).toBe(4);
    expect([...raw.originBits]).toEqual([0b1011]);
    expect(raw.blockTxCounts).toEqual([1, 1, 1, 1]);
    const txs = raw.txs!;
    expect(txs.map((t) => t.type)).toEqual([0, 0, 1, 2]);
    expect(txs.map((t) => t.to)).toEqual([
      '0x3a97ba8f68627d003851c72712e8d0d5a869f616',
      null,
      '0xa76fc24d4649325a236811710bd6ffe6c2d2cce4',
      '0x0f8570abb559266670ddcbc3fc995326b2f981b9',
    ]);
    expect(txs.map((t) => t.yParity)).toEqual([0, 0, 1, 0]);
    expect(txs.map((t) => t.protected)).toEqual([false, true, true, true]);
    expect(txs.map((t) => t.nonce)).toEqual([8282588029993729469n, 16135157523101041165n, 16681619638271338012n, 3749939111286708257n]);
    expect(txs.map((t) => t.gas)).toEqual([2013959n, 125086n, 339891n, 1682741n]);
    expect(BigInt(txs[0].r)).toBe(39475155842676302368188737273650790796571640545145087076759978442128892349103n);
    expect(BigInt(txs[3].s)).toBe(55167315247933270060965483664848888923021317150624474513514356372989660236686n);
    expect(Buffer.from(txs[3].data).toString('hex').startsWith('02f9016e887ce66c50e2840000')).toBe(true);
    // validate and skip modes agree on the counts
    expect(decodeSpanBatch(bytes, 'validate', 1).totalTxCount).toBe(4);
    expect(decodeSpanBatch(bytes, 'skip', 1).blockTxCounts).toEqual([1, 1, 1, 1]);
  });

  it('re-encodes to the same bytes, also through full signed transactions', () => {
    const raw = decodeSpanBatch(bytes, 'full', 1);
    expect(Buffer.from(encodeRawSpanBatch({ ...raw, txs: raw.txs! })).equals(Buffer.from(bytes))).toBe(true);
    const viaRaw = raw.txs!.map((t) => toSpanBatchTx(spanBatchTxToRaw(t, 901n), 901n));
    expect(Buffer.from(encodeRawSpanBatch({ ...raw, txs: viaRaw })).equals(Buffer.from(bytes))).toBe(true);
  });

  it('derives L1 origins backwards from origin_bits', () => {
    const raw = decodeSpanBatch(bytes, 'skip', 1);
    const small = { ...raw, relTimestamp: 10n, l1OriginNumber: 500n };
    const blocks = spanBatchBlocks(small, { l2Time: 1000, l2Block: 7, blockTime: 2 });
    // bits (block 0..3) = 1,1,0,1: origin changes at blocks 1 and 3 (bit 0 never moves origins)
    expect(blocks.map((b) => [b.timestamp, b.number, b.l1OriginNumber, b.txCount])).toEqual([
      [1010, 12, 498, 1],
      [1012, 13, 499, 1],
      [1014, 14, 499, 1],
      [1016, 15, 500, 1],
    ]);
    expect(() => spanBatchBlocks(raw, { l2Time: 0, l2Block: 0, blockTime: 2 })).toThrow(/safe integer/);
  });
});

describe('span batch encoding', () => {
  it('round-trips blocks with every transaction type and rebuilds the signed transactions byte for byte', async () => {
    const txs = await signedTxs();
    const deposit = '0x7ef8f8a0' as Hex; // a deposit is never batched
    const blocks: L2BlockForBatch[] = [
      { parentHash: hash(0xabc), timestamp: 1_000_100, l1Origin: { number: 50, hash: hash(50) }, sequenceNumber: 0, transactions: [deposit, txs[0], txs[1]] },
      { parentHash: hash(1), timestamp: 1_000_102, l1Origin: { number: 50, hash: hash(50) }, transactions: [deposit] },
      { parentHash: hash(2), timestamp: 1_000_104, l1Origin: { number: 51, hash: hash(51) }, transactions: [txs[2], txs[3], txs[4]] },
      { parentHash: hash(3), timestamp: 1_000_106, l1Origin: { number: 51, hash: hash(0x51ff) }, transactions: [txs[5]] },
    ];
    const encoded = encodeSpanBatch({ blocks, genesisL2Time: 1_000_000, chainId: CHAIN_ID });
    const decoded = decodeBatch(encoded, { genesis: { l2Time: 1_000_000, l2Block: 100, blockTime: 2 }, spanBatchTxs: 'full' });
    expect(decoded.type).toBe('span');
    if (decoded.type !== 'span') return;
    expect(decoded.relTimestamp).toBe(100n);
    expect(decoded.l1OriginNumber).toBe(51n);
    expect(decoded.parentCheck).toBe(hash(0xabc).slice(0, 42));
    expect(decoded.l1OriginCheck).toBe(hash(0x51ff).slice(0, 42));
    expect([...decoded.originBits]).toEqual([0b0101]);
    expect(decoded.blocks.map((b) => [b.timestamp, b.number, b.l1OriginNumber, b.txCount])).toEqual([
      [1_000_100, 150, 50, 2],
      [1_000_102, 151, 50, 0],
      [1_000_104, 152, 51, 3],
      [1_000_106, 153, 51, 1],
    ]);
    expect(decoded.txs!.map((t) => spanBatchTxToRaw(t, CHAIN_ID)).map((b) => Buffer.from(b).toString('hex'))).toEqual(txs.map((t) => t.slice(2)));
    expect(decoded.txs!.map((t) => [t.type, t.protected, t.to === null])).toEqual([
      [0, true, false],
      [0, false, true],
      [1, true, false],
      [2, true, false],
      [2, true, true],
      [4, true, false],
    ]);
  });

  it('refuses transactions of another chain and unbatchable types', async () => {
    const txs = await signedTxs();
    expect(code(() => toSpanBatchTx(txs[0], 11n)).message).toMatch(/chain id/);
    expect(code(() => toSpanBatchTx(txs[3], 11n)).message).toMatch(/chain id/);
    expect(code(() => toSpanBatchTx('0x03c0', CHAIN_ID)).where).toBe('tx.type');
  });
});

describe('span batch decoding errors', () => {
  const base = () => {
    const w: number[] = [0x01, 0x00]; // rel_timestamp 1, l1_origin_num 0
    w.push(...new Array(40).fill(0)); // checks
    return w;
  };
  it('rejects empty and oversized span batches', () => {
    expect(code(() => decodeSpanBatch(Uint8Array.from([...base(), 0x00]))).message).toMatch(/empty span batch/);
    // 10_000_001 as uvarint
    expect(code(() => decodeSpanBatch(Uint8Array.from([...base(), 0x81, 0xad, 0xe2, 0x04]))).code).toBe('SPAN_BATCH_TOO_BIG');
  });
  it('rejects bit lists with bits beyond their length and truncated sections', () => {
    // 3 blocks: origin_bits may only use the low 3 bits
    expect(code(() => decodeSpanBatch(Uint8Array.from([...base(), 3, 0b1000, 0, 0, 0]), 'skip')).where).toBe('span_batch.origin_bits');
    expect(code(() => decodeSpanBatch(Uint8Array.from([...base(), 3, 0b0111, 0, 0]), 'skip')).where).toBe('span_batch.block_tx_counts[2]');
    expect(code(() => decodeSpanBatch(Uint8Array.from([0x01, 0x00, 1, 2, 3]))).where).toBe('span_batch.parent_check');
    // one tx announced but no txs section
    expect(code(() => decodeSpanBatch(Uint8Array.from([...base(), 1, 0, 1]), 'validate')).where).toBe('span_batch.txs.contract_creation_bits');
    // uvarint overflow
    expect(code(() => decodeSpanBatch(Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02]))).code).toBe('VARINT');
  });
  it('rejects an unsupported tx type in tx_datas', () => {
    const w = [...base(), 1, 0, 1, 0x00, 0x00, ...new Array(64).fill(1), ...new Array(20).fill(2), 0x03, 0xc3, 0x80, 0x80, 0x80, 0, 0];
    expect(code(() => decodeSpanBatch(Uint8Array.from(w), 'validate')).message).toMatch(/unsupported span batch transaction type.*got 3/);
    const ok = [...base(), 1, 0, 1, 0x00, 0x00, ...new Array(64).fill(1), ...new Array(20).fill(2), 0xc3, 0x80, 0x80, 0x80, 0, 0, 0];
    expect(decodeSpanBatch(Uint8Array.from(ok), 'full').txs![0]).toMatchObject({ type: 0, nonce: 0n, gas: 0n, protected: false });
  });
});

describe('singular batches', () => {
  it('round-trips and skips deposits', async () => {
    const txs = await signedTxs();
    const block: L2BlockForBatch = { parentHash: hash(9), timestamp: 1_686_068_905, l1Origin: { number: 17_422_590, hash: hash(8) }, transactions: ['0x7e01', ...txs] };
    const bytes = encodeSingularBatch(block);
    expect(bytes[0]).toBe(0);
    const b = decodeSingularBatch(bytes, 1);
    expect(b).toMatchObject({ parentHash: hash(9), epochNumber: 17_422_590, epochHash: hash(8), timestamp: 1_686_068_905 });
    expect(b.transactions.map((t) => `0x${Buffer.from(t).toString('hex')}`)).toEqual(txs);
    const d = decodeBatch(bytes, { genesis: { l2Time: 1686068903, l2Block: 105235063, blockTime: 2 } });
    expect(d.blocks).toEqual([{ timestamp: 1_686_068_905, number: 105235064, l1OriginNumber: 17_422_590, txCount: txs.length }]);
  });

  it('rejects malformed singular batches', () => {
    expect(code(() => decodeSingularBatch(Uint8Array.from([0xc1, 0x80]))).message).toMatch(/5 fields/);
    expect(code(() => decodeSingularBatch(Uint8Array.from([0xc5, 0x81, 0x01, 0x80, 0x80, 0x80, 0xc0]))).message).toMatch(/non-canonical/);
    expect(code(() => decodeBatch(Uint8Array.from([7]), { genesis: { l2Time: 0, l2Block: 0, blockTime: 2 } })).code).toBe('BATCH_TYPE');
    expect(code(() => decodeBatch(new Uint8Array(0), { genesis: { l2Time: 0, l2Block: 0, blockTime: 2 } })).code).toBe('BATCH_EMPTY');
  });

  it('computes L2 block numbers from timestamps', () => {
    const op = { l2Time: 1686068903, l2Block: 105235063, blockTime: 2 };
    expect(l2BlockNumberAt(1686068903, op)).toBe(105235063);
    expect(l2BlockNumberAt(1686068903 + 2000, op)).toBe(105236063);
    expect(l2BlockNumberAt(1686068904, op)).toBeNull();
    expect(l2BlockNumberAt(1686068901, op)).toBeNull();
  });
});
