/**
 * The `txs` section of a span batch (delta/span-batches.md):
 *   txs = contract_creation_bits ++ y_parity_bits ++ tx_sigs ++ tx_tos ++ tx_datas
 *         ++ tx_nonces ++ tx_gases ++ protected_bits
 * tx_datas per type: legacy rlp([value, gasPrice, data]); 0x01 ++ rlp([value, gasPrice, data,
 * accessList]); 0x02 ++ rlp([value, maxPriorityFee, maxFee, data, accessList]); 0x04 ++
 * rlp([value, maxPriorityFee, maxFee, data, accessList, authorizationList]).
 *
 * Conversion to and from signed EIP-2718 transactions splices raw (canonical) RLP items, so a
 * decoded span batch re-encodes to the same bytes and reconstructed transactions equal the
 * originals byte for byte.
 */
import { createWriter, readBytes, readUvarintBig, skipUvarint, toBytes, toHex, type ByteReader, type ByteWriter, type BytesLike, type Hex } from './bytes.ts';
import { DerivationError, rethrowAt } from './errors.ts';
import { MAX_SPAN_BATCH_ELEMENT_COUNT } from './params.ts';
import {
  peekRlpItem,
  readRlpItem,
  readRlpList,
  rlpUintBig,
  trimLeadingZeros,
  uintBytes,
  writeRlpListHeader,
  writeRlpString,
  type RlpItem,
} from './rlp.ts';

export type SpanBatchTxType = 0 | 1 | 2 | 4;
const SUPPORTED_TYPES = new Set([0, 1, 2, 4]);
/** Number of fields in the span tx data list per type. */
const SPAN_DATA_FIELDS: Record<SpanBatchTxType, number> = { 0: 3, 1: 4, 2: 5, 4: 6 };

export interface SpanBatchTx {
  type: SpanBatchTxType;
  nonce: bigint;
  gas: bigint;
  /** null for contract creations. */
  to: Hex | null;
  yParity: 0 | 1;
  r: Hex;
  s: Hex;
  /** Legacy only: EIP-155 protected. */
  protected: boolean;
  /** The span tx data (type byte included for typed transactions). */
  data: Uint8Array;
}

// ---------------------------------------------------------------------------------------------
// Bit lists: big-endian integers left-padded to whole bytes; bit i is the i-th least significant.

export function readBitList(r: ByteReader, bitLength: number, where: string): Uint8Array {
  const len = Math.ceil(bitLength / 8);
  const bits = readBytes(r, len, where, 'SPAN_BATCH');
  const excess = len * 8 - bitLength;
  if (excess > 0 && bits[0] >> (8 - excess) !== 0) {
    throw new DerivationError('SPAN_BATCH', 'bit list has bits beyond its length', {
      where,
      offset: r.pos - len,
      expected: `at most ${bitLength} bits`,
    });
  }
  return bits;
}

export function bitAt(bits: Uint8Array, i: number): 0 | 1 {
  return ((bits[bits.length - 1 - (i >> 3)] >> (i & 7)) & 1) as 0 | 1;
}

export function popCount(bits: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    let b = bits[i];
    while (b) {
      n += b & 1;
      b >>= 1;
    }
  }
  return n;
}

export function writeBitList(w: ByteWriter, bitLength: number, bit: (i: number) => number): void {
  const len = Math.ceil(bitLength / 8);
  const bytes = new Uint8Array(len);
  for (let i = 0; i < bitLength; i++) if (bit(i)) bytes[len - 1 - (i >> 3)] |= 1 << (i & 7);
  w.bytes(bytes);
}

// ---------------------------------------------------------------------------------------------
// Decoding

export type SpanTxsMode = 'validate' | 'full';

/**
 * Reads the txs section for `total` transactions at the cursor. In 'validate' mode nothing is
 * materialised (only views and counters); in 'full' mode the transactions are returned.
 */
export function readSpanBatchTxs(r: ByteReader, total: number, mode: SpanTxsMode): SpanBatchTx[] | undefined {
  const creationBits = readBitList(r, total, 'span_batch.txs.contract_creation_bits');
  const creations = popCount(creationBits);
  const parityBits = readBitList(r, total, 'span_batch.txs.y_parity_bits');
  const sigs = readBytes(r, 64 * total, 'span_batch.txs.tx_sigs', 'SPAN_BATCH');
  const tos = readBytes(r, 20 * (total - creations), 'span_batch.txs.tx_tos', 'SPAN_BATCH');
  const datas: Array<{ start: number; end: number; type: SpanBatchTxType }> | undefined = mode === 'full' ? [] : undefined;
  let legacy = 0;
  for (let i = 0; i < total; i++) {
    const where = 'span_batch.txs.tx_datas';
    try {
      const start = r.pos;
      if (start >= r.end) throw new DerivationError('SPAN_BATCH', 'missing tx data', { where, offset: start });
      let type = 0;
      let listStart = start;
      if (r.buf[start] <= 0x7f) {
        type = r.buf[start];
        listStart = start + 1;
      }
      const item = peekRlpItem(r.buf, listStart, r.end, where);
      if (!item.isList) throw new DerivationError('SPAN_BATCH_TX', 'tx data must be an RLP list', { where, offset: listStart });
      if (item.end - item.start > MAX_SPAN_BATCH_ELEMENT_COUNT) {
        throw new DerivationError('SPAN_BATCH_TOO_BIG', 'tx data too large', { where, offset: listStart });
      }
      const next = item.next;
      const listEnd = item.end;
      const payloadStart = item.start;
      if (!SUPPORTED_TYPES.has(type)) {
        throw new DerivationError('SPAN_BATCH_TX', 'unsupported span batch transaction type', {
          where,
          offset: start,
          expected: '0, 1, 2 or 4',
          actual: String(type),
        });
      }
      validateSpanTxData(r.buf, payloadStart, listEnd, type as SpanBatchTxType, where, listStart);
      if (type === 4 && bitAt(creationBits, i)) {
        throw new DerivationError('SPAN_BATCH_TX', 'set-code transaction cannot be a contract creation', { where, offset: start });
      }
      if (type === 0) legacy++;
      r.pos = next;
      datas?.push({ start, end: next, type: type as SpanBatchTxType });
    } catch (e) {
      rethrowAt(e, `span_batch.txs.tx_datas[${i}]`);
    }
  }
  const nonces: bigint[] | undefined = mode === 'full' ? [] : undefined;
  const gases: bigint[] | undefined = mode === 'full' ? [] : undefined;
  for (const [field, list] of [
    ['tx_nonces', nonces],
    ['tx_gases', gases],
  ] as const) {
    const where = `span_batch.txs.${field}`;
    let i = 0;
    try {
      for (; i < total; i++) {
        if (list) list.push(readUvarintBig(r, where));
        else skipUvarint(r, where);
      }
    } catch (e) {
      rethrowAt(e, `${where}[${i}]`);
    }
  }
  const protectedBits = readBitList(r, legacy, 'span_batch.txs.protected_bits');
  if (mode !== 'full') return undefined;

  const txs: SpanBatchTx[] = [];
  let toIdx = 0;
  let legacyIdx = 0;
  for (let i = 0; i < total; i++) {
    const d = datas![i];
    const creation = bitAt(creationBits, i) === 1;
    const to = creation ? null : toHex(tos.subarray(toIdx * 20, ++toIdx * 20));
    txs.push({
      type: d.type,
      nonce: nonces![i],
      gas: gases![i],
      to,
      yParity: bitAt(parityBits, i),
      r: toHex(sigs.subarray(i * 64, i * 64 + 32)),
      s: toHex(sigs.subarray(i * 64 + 32, i * 64 + 64)),
      protected: d.type === 0 ? bitAt(protectedBits, legacyIdx++) === 1 : true,
      data: r.buf.slice(d.start, d.end),
    });
  }
  return txs;
}

/** Raw encoded bytes of an item (header included). */
function rawItem(buf: Uint8Array, item: RlpItem, itemStart: number): Uint8Array {
  return buf.subarray(itemStart, item.next);
}

function itemStarts(buf: Uint8Array, list: RlpItem, where: string): { items: RlpItem[]; starts: number[] } {
  const items: RlpItem[] = [];
  const starts: number[] = [];
  let pos = list.start;
  while (pos < list.end) {
    const it = readRlpItem(buf, pos, list.end, `${where}[${items.length}]`);
    items.push(it);
    starts.push(pos);
    pos = it.next;
  }
  return { items, starts };
}

/** Field-level checks of a span tx data list buf[start, end) (what op-node's typed RLP decode rejects), without allocating. */
function validateSpanTxData(buf: Uint8Array, start: number, end: number, type: SpanBatchTxType, where: string, listOffset: number): void {
  const expected = SPAN_DATA_FIELDS[type];
  // value, gas price(s): canonical unsigned integers (uint256); then data; then access list; then authorizations.
  const uintFields = type === 0 || type === 1 ? 2 : 3;
  let pos = start;
  let field = 0;
  while (pos < end) {
    const offset = pos;
    const it = peekRlpItem(buf, pos, end, where);
    const isList = it.isList;
    const itemStart = it.start;
    const itemEnd = it.end;
    pos = it.next;
    if (field < uintFields) {
      rlpUintBig(buf, it, 32, where, offset);
    } else if (field === uintFields) {
      if (isList) throw new DerivationError('SPAN_BATCH_TX', 'tx data field must be a string', { where, offset });
    } else if (field === uintFields + 1) {
      if (!isList) throw new DerivationError('SPAN_BATCH_TX', 'access list must be a list', { where, offset });
      validateAccessList(buf, itemStart, itemEnd, where);
    } else if (field === uintFields + 2) {
      if (!isList) throw new DerivationError('SPAN_BATCH_TX', 'authorization list must be a list', { where, offset });
      for (let p = itemStart; p < itemEnd; ) {
        const entry = peekRlpItem(buf, p, itemEnd, where);
        const next = entry.next;
        if (!entry.isList || countItems(buf, entry.start, entry.end, where) !== 6) {
          throw new DerivationError('SPAN_BATCH_TX', 'malformed authorization', { where, offset: p });
        }
        p = next;
      }
    }
    field++;
  }
  if (field !== expected) {
    throw new DerivationError('SPAN_BATCH_TX', 'wrong number of fields in span tx data', {
      where,
      offset: listOffset,
      expected: String(expected),
      actual: String(field),
    });
  }
}

function countItems(buf: Uint8Array, start: number, end: number, where: string): number {
  let n = 0;
  for (let p = start; p < end; n++) p = peekRlpItem(buf, p, end, where).next;
  return n;
}

/** access_list = [[address(20), [storage_key(32), ...]], ...] */
function validateAccessList(buf: Uint8Array, start: number, end: number, where: string): void {
  for (let p = start; p < end; ) {
    const entry = peekRlpItem(buf, p, end, where);
    const entryEnd = entry.end;
    const next = entry.next;
    if (!entry.isList) throw new DerivationError('SPAN_BATCH_TX', 'access list entry must be a list', { where, offset: p });
    const addr = peekRlpItem(buf, entry.start, entryEnd, where);
    if (addr.isList || addr.end - addr.start !== 20) throw new DerivationError('SPAN_BATCH_TX', 'malformed access list address', { where, offset: p });
    const keysOffset = addr.next;
    const keys = peekRlpItem(buf, keysOffset, entryEnd, where);
    const keysStart = keys.start;
    const keysEnd = keys.end;
    if (!keys.isList || keys.next !== entryEnd) throw new DerivationError('SPAN_BATCH_TX', 'malformed access list entry', { where, offset: p });
    for (let k = keysStart; k < keysEnd; ) {
      const key = peekRlpItem(buf, k, keysEnd, where);
      if (key.isList || key.end - key.start !== 32) throw new DerivationError('SPAN_BATCH_TX', 'malformed storage key', { where, offset: k });
      k = key.next;
    }
    p = next;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion between span batch txs and signed EIP-2718 transactions

function writeUintItem(w: ByteWriter, v: bigint | number): void {
  writeRlpString(w, uintBytes(v));
}

/** Rebuilds the signed EIP-2718 encoding of a span batch transaction (op-node's fullTxs). */
export function spanBatchTxToRaw(tx: SpanBatchTx, chainId: bigint | number): Uint8Array {
  const cid = BigInt(chainId);
  const buf = tx.data;
  const listStart = tx.type === 0 ? 0 : 1;
  const list = readRlpList(buf, listStart, buf.length, 'span_tx.data');
  const { items, starts } = itemStarts(buf, list, 'span_tx.data');
  const raw = (i: number) => rawItem(buf, items[i], starts[i]);
  const to = tx.to ? toBytes(tx.to) : new Uint8Array(0);
  const r = trimLeadingZeros(toBytes(tx.r));
  const s = trimLeadingZeros(toBytes(tx.s));
  if (tx.type === 4 && !tx.to) {
    throw new DerivationError('SPAN_BATCH_TX', 'set-code transaction needs a to address', { where: 'span_tx.to' });
  }
  const parts: Array<Uint8Array | { uint: bigint | number } | { str: Uint8Array }> = [];
  switch (tx.type) {
    case 0: {
      const v = tx.protected ? cid * 2n + 35n + BigInt(tx.yParity) : 27n + BigInt(tx.yParity);
      parts.push({ uint: tx.nonce }, raw(1), { uint: tx.gas }, { str: to }, raw(0), raw(2), { uint: v }, { str: r }, { str: s });
      break;
    }
    case 1:
      parts.push({ uint: cid }, { uint: tx.nonce }, raw(1), { uint: tx.gas }, { str: to }, raw(0), raw(2), raw(3), { uint: tx.yParity }, { str: r }, { str: s });
      break;
    case 2:
      parts.push({ uint: cid }, { uint: tx.nonce }, raw(1), raw(2), { uint: tx.gas }, { str: to }, raw(0), raw(3), raw(4), { uint: tx.yParity }, { str: r }, { str: s });
      break;
    case 4:
      parts.push({ uint: cid }, { uint: tx.nonce }, raw(1), raw(2), { uint: tx.gas }, { str: to }, raw(0), raw(3), raw(4), raw(5), { uint: tx.yParity }, { str: r }, { str: s });
      break;
  }
  const encoded = parts.map((p) => {
    if (p instanceof Uint8Array) return p;
    const w = createWriter(40);
    if ('uint' in p) writeUintItem(w, p.uint);
    else writeRlpString(w, p.str);
    return w.finish();
  });
  let payload = 0;
  for (const e of encoded) payload += e.length;
  const w = createWriter(payload + 10);
  if (tx.type !== 0) w.byte(tx.type);
  writeRlpListHeader(w, payload);
  for (const e of encoded) w.bytes(e);
  return w.finish();
}

function pad32(b: Uint8Array, where: string): Uint8Array {
  if (b.length > 32) throw new DerivationError('ENCODE', 'signature value exceeds 32 bytes', { where });
  const out = new Uint8Array(32);
  out.set(b, 32 - b.length);
  return out;
}

/**
 * Converts a signed EIP-2718 transaction into its span batch form (op-batcher's AddTxs).
 * Deposits (0x7e) and blob transactions (0x03) cannot be batched.
 */
export function toSpanBatchTx(rawTx: BytesLike, chainId: bigint | number): SpanBatchTx {
  const cid = BigInt(chainId);
  const buf = toBytes(rawTx);
  if (buf.length === 0) throw new DerivationError('ENCODE', 'empty transaction', { where: 'tx' });
  let type = 0;
  let listStart = 0;
  if (buf[0] <= 0x7f) {
    type = buf[0];
    listStart = 1;
  }
  if (!SUPPORTED_TYPES.has(type)) {
    throw new DerivationError('ENCODE', 'transaction type cannot go into a span batch', { where: 'tx.type', expected: '0, 1, 2 or 4', actual: String(type) });
  }
  const list = readRlpList(buf, listStart, buf.length, 'tx');
  if (list.next !== buf.length) throw new DerivationError('ENCODE', 'trailing bytes after transaction', { where: 'tx' });
  const { items, starts } = itemStarts(buf, list, 'tx');
  const expectedFields = { 0: 9, 1: 11, 2: 12, 4: 13 }[type as SpanBatchTxType];
  if (items.length !== expectedFields) {
    throw new DerivationError('ENCODE', 'wrong number of transaction fields', { where: 'tx', expected: String(expectedFields), actual: String(items.length) });
  }
  const uint = (i: number, max = 32) => rlpUintBig(buf, items[i], max, `tx.field[${i}]`, starts[i]);
  const raw = (i: number) => rawItem(buf, items[i], starts[i]);
  const toField = (i: number): Hex | null => {
    const it = items[i];
    if (it.isList) throw new DerivationError('ENCODE', 'to must be a string', { where: 'tx.to' });
    const len = it.end - it.start;
    if (len === 0) return null;
    if (len !== 20) throw new DerivationError('ENCODE', 'to must be 20 bytes', { where: 'tx.to', actual: `${len} bytes` });
    return toHex(buf.subarray(it.start, it.end));
  };
  const sig = (i: number): Hex => {
    uint(i); // canonical uint256
    return toHex(pad32(buf.subarray(items[i].start, items[i].end), `tx.field[${i}]`));
  };
  const checkChain = (c: bigint) => {
    if (c !== cid) throw new DerivationError('ENCODE', 'transaction chain id differs from the L2 chain id', { where: 'tx.chainId', expected: cid.toString(), actual: c.toString() });
  };
  const parity = (v: bigint): 0 | 1 => {
    if (v !== 0n && v !== 1n) throw new DerivationError('ENCODE', 'typed transaction y-parity must be 0 or 1', { where: 'tx.yParity', actual: v.toString() });
    return Number(v) as 0 | 1;
  };
  const spanData = (fields: Uint8Array[]) => {
    let payload = 0;
    for (const f of fields) payload += f.length;
    const w = createWriter(payload + 10);
    if (type !== 0) w.byte(type);
    writeRlpListHeader(w, payload);
    for (const f of fields) w.bytes(f);
    return w.finish().slice();
  };

  switch (type) {
    case 0: {
      const v = uint(6);
      let yParity: 0 | 1;
      let isProtected: boolean;
      if (v === 27n || v === 28n) {
        yParity = Number(v - 27n) as 0 | 1;
        isProtected = false;
      } else {
        if (v < 35n) throw new DerivationError('ENCODE', 'invalid legacy v', { where: 'tx.v', actual: v.toString() });
        yParity = Number((v - 35n) & 1n) as 0 | 1;
        isProtected = true;
        checkChain((v - 35n) >> 1n);
      }
      return {
        type: 0,
        nonce: uint(0, 8),
        gas: uint(2, 8),
        to: toField(3),
        yParity,
        r: sig(7),
        s: sig(8),
        protected: isProtected,
        data: spanData([raw(4), raw(1), raw(5)]),
      };
    }
    case 1:
      checkChain(uint(0));
      return { type: 1, nonce: uint(1, 8), gas: uint(3, 8), to: toField(4), yParity: parity(uint(8)), r: sig(9), s: sig(10), protected: true, data: spanData([raw(5), raw(2), raw(6), raw(7)]) };
    case 2:
      checkChain(uint(0));
      return { type: 2, nonce: uint(1, 8), gas: uint(4, 8), to: toField(5), yParity: parity(uint(9)), r: sig(10), s: sig(11), protected: true, data: spanData([raw(6), raw(2), raw(3), raw(7), raw(8)]) };
    default: {
      checkChain(uint(0));
      const to = toField(5);
      if (!to) throw new DerivationError('ENCODE', 'set-code transaction needs a to address', { where: 'tx.to' });
      return { type: 4, nonce: uint(1, 8), gas: uint(4, 8), to, yParity: parity(uint(10)), r: sig(11), s: sig(12), protected: true, data: spanData([raw(6), raw(2), raw(3), raw(7), raw(8), raw(9)]) };
    }
  }
}

/** Writes the txs section (inverse of readSpanBatchTxs). */
export function writeSpanBatchTxs(w: ByteWriter, txs: readonly SpanBatchTx[]): void {
  const n = txs.length;
  writeBitList(w, n, (i) => (txs[i].to === null ? 1 : 0));
  writeBitList(w, n, (i) => txs[i].yParity);
  for (const tx of txs) {
    w.bytes(pad32(toBytes(tx.r), 'span_tx.r'));
    w.bytes(pad32(toBytes(tx.s), 'span_tx.s'));
  }
  for (const tx of txs) if (tx.to !== null) w.bytes(toBytes(tx.to));
  for (const tx of txs) w.bytes(tx.data);
  for (const tx of txs) w.uvarint(tx.nonce);
  for (const tx of txs) w.uvarint(tx.gas);
  const legacy = txs.filter((t) => t.type === 0);
  writeBitList(w, legacy.length, (i) => (legacy[i].protected ? 1 : 0));
}
