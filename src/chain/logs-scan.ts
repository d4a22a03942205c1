/**
 * Fast path for eth_getLogs answers, which run to tens of MB: the logs array is read straight out
 * of the answer's bytes, instead of JSON.parse building an object and a string copy per field
 * that parseLogs then rewrites. The scan records where each log's fields are (LogColumns, typed
 * arrays); RawLogs are made from those positions on demand, a slice at a time. No text of the
 * whole answer is ever made: a consumer that takes the logs a slice at a time keeps only that
 * slice's objects alive, so they die young, and the answer's bytes can be reused.
 *
 * Only the shape nodes send is taken: ASCII, compact JSON (no whitespace), no backslash anywhere
 * in the answer, log objects whose values are strings, `false`/`true`/`null`/numbers or (topics)
 * an array of at most 4 strings, hex quantities below 2^52, hashes and addresses of the right
 * length. Anything else makes the scan decline (undefined) and the caller parses the text with
 * JSON.parse, where parseLogs validates it with its own error messages.
 * Invariant: for any answer the scan accepts, the logs equal what JSON.parse + parseLogs give
 * (the fields of RawLog; unknown fields such as blockTimestamp are left out).
 */
import { isAscii } from 'node:buffer';
import type { RawLog } from '../stacks/types.ts';
import { lower } from './format.ts';

/** Arrays of logs built here: validated already (getLogsInRange does not parse them again). */
export const scannedLogs = new WeakSet<RawLog[]>();

/** Stands in for the logs array while the rest of the answer goes through JSON.parse. */
const PLACEHOLDER_JSON = '"\\u0000rollscope:logs"';
const PLACEHOLDER = '\u0000rollscope:logs';
const RESULT_ARRAY = Buffer.from('"result":[', 'latin1');

/** Text of bytes[start, end) (ASCII: one character per byte). */
const text = (bytes: Buffer, start: number, end: number): string => (bytes as unknown as { latin1Slice(s: number, e: number): string }).latin1Slice(start, end);

/**
 * The logs of a scanned answer, kept as positions in its bytes until `slice` makes RawLogs of
 * some of them. Invariant: slice(0, count) equals what JSON.parse + parseLogs give for the array.
 */
export class LogColumns {
  count = 0;
  /** Per log, STRIDE positions: address, data start/end, blockHash, transactionHash, topic count, 4 × topic start/end. */
  private pos: Int32Array;
  /** Per log: blockNumber, transactionIndex, logIndex. */
  private num: Float64Array;
  private bytes: Buffer | undefined;
  private onRelease: (() => void) | undefined;

  constructor(bytes: Buffer, capacity: number) {
    this.bytes = bytes;
    this.pos = new Int32Array(Math.max(16, capacity) * STRIDE);
    this.num = new Float64Array(Math.max(16, capacity) * 3);
  }

  /** Appends a log (`topics`: start/end pairs). */
  add(address: number, dataStart: number, dataEnd: number, blockHash: number, txHash: number, topics: readonly number[], blockNumber: number, txIndex: number, logIndex: number): void {
    if ((this.count + 1) * STRIDE > this.pos.length) {
      const pos = new Int32Array(this.pos.length * 2); pos.set(this.pos); this.pos = pos;
      const num = new Float64Array(this.num.length * 2); num.set(this.num); this.num = num;
    }
    const o = this.count * STRIDE;
    const p = this.pos;
    p[o] = address; p[o + 1] = dataStart; p[o + 2] = dataEnd; p[o + 3] = blockHash; p[o + 4] = txHash; p[o + 5] = topics.length / 2;
    for (let t = 0; t < topics.length; t++) p[o + 6 + t] = topics[t]!;
    const n = this.count * 3;
    this.num[n] = blockNumber; this.num[n + 1] = txIndex; this.num[n + 2] = logIndex;
    this.count++;
  }

  /** Called once `release` says the bytes are no longer read (e.g. to reuse them). */
  whenReleased(fn: () => void): void { this.onRelease = fn; }

  /** Nothing reads the bytes after this (slice and the field readers throw). */
  release(): void {
    this.bytes = undefined;
    const fn = this.onRelease;
    this.onRelease = undefined;
    fn?.();
  }

  private get b(): Buffer {
    if (!this.bytes) throw new Error('LogColumns read after release');
    return this.bytes;
  }

  blockNumber(i: number): number { return this.num[i * 3]!; }
  logIndex(i: number): number { return this.num[i * 3 + 2]!; }
  /** Lowercase address of log i. */
  address(i: number): string { const a = this.pos[i * STRIDE]!; return lower(text(this.b, a, a + 42)); }
  /** Lowercase topic0 of log i ('' without topics). */
  topic0(i: number): string {
    const o = i * STRIDE;
    return this.pos[o + 5]! > 0 ? text(this.b, this.pos[o + 6]!, this.pos[o + 7]!).toLowerCase() : '';
  }
  /** Lowercase block hash of log i. */
  blockHash(i: number): string { const a = this.pos[i * STRIDE + 3]!; return lower(text(this.b, a, a + 66)); }
  /** Whether logs i and j come from one transaction (same block and transaction hash). */
  sameTransaction(i: number, j: number): boolean {
    return this.num[i * 3] === this.num[j * 3] && sameBytes(this.b, this.pos[i * STRIDE + 4]!, this.pos[j * STRIDE + 4]!, 66);
  }
  /** Whether the logs are in block/log order (nodes answer in it: checking is cheaper than sorting). */
  inPosition(): boolean {
    const n = this.num;
    for (let i = 1; i < this.count; i++) {
      const d = n[(i - 1) * 3]! - n[i * 3]!;
      if (d > 0 || (d === 0 && n[(i - 1) * 3 + 2]! > n[i * 3 + 2]!)) return false;
    }
    return true;
  }

  /** RawLogs of logs [start, end); `blockTime` gives each its block's timestamp (0 without). */
  slice(start: number, end: number, blockTime?: (blockNumber: number) => number): RawLog[] {
    const { b, pos: p, num } = this;
    const logs: RawLog[] = new Array(end - start);
    // Consecutive logs mostly share block, transaction, address and topic0: one string for each run.
    let address = '', blockHash = '', transactionHash = '', topic0 = '';
    let prevAddress = -1, prevBlockHash = -1, prevTx = -1, prevTopic0 = -1, prevTopic0End = -1;
    let prevBlock = -1, time = 0;
    for (let i = start; i < end; i++) {
      const o = i * STRIDE;
      const a = p[o]!, bh = p[o + 3]!, tx = p[o + 4]!;
      if (prevAddress < 0 || !sameBytes(b, a, prevAddress, 42)) address = lower(text(b, a, a + 42));
      if (prevBlockHash < 0 || !sameBytes(b, bh, prevBlockHash, 66)) blockHash = lower(text(b, bh, bh + 66));
      if (prevTx < 0 || !sameBytes(b, tx, prevTx, 66)) transactionHash = lower(text(b, tx, tx + 66));
      prevAddress = a; prevBlockHash = bh; prevTx = tx;
      const topicCount = p[o + 5]!;
      const topics: string[] = new Array(topicCount);
      if (topicCount > 0) {
        const t0 = p[o + 6]!, t0End = p[o + 7]!;
        if (prevTopic0 < 0 || t0End - t0 !== prevTopic0End - prevTopic0 || !sameBytes(b, t0, prevTopic0, t0End - t0)) topic0 = text(b, t0, t0End);
        prevTopic0 = t0; prevTopic0End = t0End;
        topics[0] = topic0;
        for (let t = 1; t < topicCount; t++) topics[t] = text(b, p[o + 6 + 2 * t]!, p[o + 7 + 2 * t]!);
      }
      const blockNumber = num[i * 3]!;
      if (blockTime && blockNumber !== prevBlock) { prevBlock = blockNumber; time = blockTime(blockNumber); }
      logs[i - start] = {
        address: address as RawLog['address'], topics: topics as RawLog['topics'], data: text(b, p[o + 1]!, p[o + 2]!) as RawLog['data'], blockNumber,
        blockHash: blockHash as RawLog['blockHash'], blockTime: time, transactionHash: transactionHash as RawLog['transactionHash'],
        transactionIndex: num[i * 3 + 1]!, logIndex: num[i * 3 + 2]!,
      };
    }
    return logs;
  }
}

/** Positions per log in LogColumns: address, data start/end, blockHash, txHash, topic count, 4 topics × start/end. */
const STRIDE = 14;

function sameBytes(b: Buffer, x: number, y: number, length: number): boolean {
  if (x === y) return true;
  // Hashes differ mostly at the end; addresses and topics of a run are equal throughout.
  for (let k = length - 1; k >= 0; k--) if (b[x + k] !== b[y + k]) return false;
  return true;
}

/**
 * Parses a JSON-RPC answer (single or batch) that holds one eth_getLogs result: the logs array by
 * the scan, the rest by JSON.parse. Returns what JSON.parse would (with the logs already RawLogs),
 * or undefined when the answer is not in the shape the scan takes.
 */
export function scanLogsAnswer(bytes: Buffer, release?: () => void): unknown {
  return scanAnswer(bytes, (columns) => {
    // The RawLogs' strings are copies: the bytes can go at once.
    const logs = columns.slice(0, columns.count);
    release?.();
    scannedLogs.add(logs);
    return logs;
  });
}

/**
 * As scanLogsAnswer, with the logs left as LogColumns over the answer's bytes (shape validated,
 * RawLogs made on demand). `release` is called when the columns are released.
 */
export function scanLogsAnswerColumns(bytes: Buffer, release?: () => void): unknown {
  return scanAnswer(bytes, (columns) => {
    if (release) columns.whenReleased(release);
    return columns;
  });
}

function scanAnswer(bytes: Buffer, logsOf: (columns: LogColumns) => unknown): unknown {
  if (bytes.indexOf(92 /* \ */) !== -1 || !isAscii(bytes)) return undefined;
  const at = bytes.indexOf(RESULT_ARRAY);
  if (at < 0) return undefined;
  const open = at + RESULT_ARRAY.length;
  const scanned = scanLogArray(bytes, open);
  if (!scanned) return undefined;
  let rest: unknown;
  try {
    rest = JSON.parse(text(bytes, 0, open - 1) + PLACEHOLDER_JSON + text(bytes, scanned.end, bytes.length));
  } catch {
    return undefined;
  }
  // The array must be the `result` of a top-level answer object, not something nested deeper.
  const answers = Array.isArray(rest) ? rest : [rest];
  let holder: { result: unknown } | undefined;
  for (const a of answers) {
    if (a && typeof a === 'object' && (a as { result?: unknown }).result === PLACEHOLDER) {
      if (holder) return undefined;
      holder = a as { result: unknown };
    }
  }
  if (!holder) return undefined;
  holder.result = logsOf(scanned.columns);
  return rest;
}

// Keys of a log object, recognised by length and bytes without slicing them out.
const Key = { Other: 0, Address: 1, Topics: 2, Data: 3, BlockHash: 4, BlockNumber: 5, TransactionHash: 6, TransactionIndex: 7, LogIndex: 8, Removed: 9 } as const;
type Key = (typeof Key)[keyof typeof Key];

const keyBytes = (k: string) => Buffer.from(k, 'latin1');
const K = {
  data: keyBytes('data'), topics: keyBytes('topics'), address: keyBytes('address'), removed: keyBytes('removed'), logIndex: keyBytes('logIndex'),
  blockHash: keyBytes('blockHash'), blockNumber: keyBytes('blockNumber'), transactionHash: keyBytes('transactionHash'), transactionIndex: keyBytes('transactionIndex'),
};

function startsWith(b: Buffer, start: number, key: Buffer): boolean {
  for (let k = 0; k < key.length; k++) if (b[start + k] !== key[k]) return false;
  return true;
}

function keyAt(b: Buffer, start: number, length: number): Key {
  switch (length) {
    case 4: return startsWith(b, start, K.data) ? Key.Data : Key.Other;
    case 6: return startsWith(b, start, K.topics) ? Key.Topics : Key.Other;
    case 7: return startsWith(b, start, K.address) ? Key.Address : startsWith(b, start, K.removed) ? Key.Removed : Key.Other;
    case 8: return startsWith(b, start, K.logIndex) ? Key.LogIndex : Key.Other;
    case 9: return startsWith(b, start, K.blockHash) ? Key.BlockHash : Key.Other;
    case 11: return startsWith(b, start, K.blockNumber) ? Key.BlockNumber : Key.Other;
    case 15: return startsWith(b, start, K.transactionHash) ? Key.TransactionHash : Key.Other;
    case 16: return startsWith(b, start, K.transactionIndex) ? Key.TransactionIndex : Key.Other;
    default: return Key.Other;
  }
}

/** Value of the hex quantity b[start, end) ("0x" included), or -1 unless it is 1–13 hex digits. */
function quantityAt(b: Buffer, start: number, end: number): number {
  if (end - start < 3 || end - start > 15 || b[start] !== 48 || b[start + 1] !== 120) return -1;
  let n = 0;
  for (let i = start + 2; i < end; i++) {
    const c = b[i]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/** "0x" + `length` − 2 characters (the length check parseLogs makes). */
const hexOfLength = (b: Buffer, start: number, end: number, length: number) => end - start === length && b[start] === 48 && b[start + 1] === 120;

/** Index of the next '"' at or after `from`, or -1. */
function quoteAt(b: Buffer, from: number): number {
  // Short values (keys, quantities) end within a few bytes; long ones (data) are left to indexOf.
  const stop = Math.min(b.length, from + 24);
  for (let i = from; i < stop; i++) if (b[i] === 34) return i;
  return stop < b.length ? b.indexOf(34, stop) : -1;
}

/** Scans a logs array whose '[' precedes `pos`; returns its logs' positions and the index after its ']'. */
function scanLogArray(b: Buffer, pos: number): { columns: LogColumns; end: number } | undefined {
  // About one log per 400 bytes of a typical answer; the columns grow as needed.
  const columns = new LogColumns(b, Math.ceil((b.length - pos) / 400));
  if (b[pos] === 93 /* ] */) return { columns, end: pos + 1 };
  const topics: number[] = [];
  for (;;) {
    if (b[pos] !== 123 /* { */) return undefined;
    pos++;
    let address = -1, dataStart = -1, dataEnd = -1, blockHash = -1, transactionHash = -1;
    let hasTopics = false;
    topics.length = 0;
    let blockNumber = -1, transactionIndex = -1, logIndex = -1;
    for (;;) {
      if (b[pos] !== 34 /* " */) return undefined;
      const keyEnd = quoteAt(b, pos + 1);
      if (keyEnd < 0 || b[keyEnd + 1] !== 58 /* : */) return undefined;
      const key = keyAt(b, pos + 1, keyEnd - pos - 1);
      const v = keyEnd + 2;
      const c = b[v];
      if (c === 34 /* " */) {
        const e = quoteAt(b, v + 1);
        if (e < 0) return undefined;
        switch (key) {
          case Key.Address:
            if (!hexOfLength(b, v + 1, e, 42)) return undefined;
            address = v + 1;
            break;
          case Key.Data:
            dataStart = v + 1; dataEnd = e;
            break;
          case Key.BlockHash:
            if (!hexOfLength(b, v + 1, e, 66)) return undefined;
            blockHash = v + 1;
            break;
          case Key.TransactionHash:
            if (!hexOfLength(b, v + 1, e, 66)) return undefined;
            transactionHash = v + 1;
            break;
          case Key.BlockNumber:
            if ((blockNumber = quantityAt(b, v + 1, e)) < 0) return undefined;
            break;
          case Key.TransactionIndex:
            if ((transactionIndex = quantityAt(b, v + 1, e)) < 0) return undefined;
            break;
          case Key.LogIndex:
            if ((logIndex = quantityAt(b, v + 1, e)) < 0) return undefined;
            break;
          case Key.Topics:
          case Key.Removed:
            return undefined;
        }
        pos = e + 1;
      } else if (c === 91 /* [ */) {
        if (key !== Key.Topics) return undefined;
        hasTopics = true;
        topics.length = 0;
        pos = v + 1;
        if (b[pos] === 93) pos++;
        else {
          for (;;) {
            if (b[pos] !== 34) return undefined;
            const e = quoteAt(b, pos + 1);
            if (e < 0 || topics.length === 8) return undefined; // at most 4 topics (LOG0–LOG4)
            topics.push(pos + 1, e);
            pos = e + 1;
            const d = b[pos++];
            if (d === 93) break;
            if (d !== 44 /* , */) return undefined;
          }
        }
      } else {
        // A literal: only `false` for removed, and anything flat for keys RawLog does not carry.
        let e = v;
        for (; e < b.length; e++) {
          const d = b[e]!;
          if (d === 44 || d === 125) break;
          if (d === 123 || d === 91 || d === 34 || d <= 32) return undefined;
        }
        if (key === Key.Removed ? e - v !== 5 || !(b[v] === 102 && b[v + 1] === 97 && b[v + 2] === 108 && b[v + 3] === 115 && b[v + 4] === 101) : key !== Key.Other) return undefined;
        pos = e;
      }
      const d = b[pos++];
      if (d === 125 /* } */) break;
      if (d !== 44) return undefined;
    }
    if (address < 0 || !hasTopics || dataStart < 0 || blockHash < 0 || transactionHash < 0
      || blockNumber < 0 || transactionIndex < 0 || logIndex < 0) return undefined;
    columns.add(address, dataStart, dataEnd, blockHash, transactionHash, topics, blockNumber, transactionIndex, logIndex);
    const d = b[pos++];
    if (d === 93) return { columns, end: pos };
    if (d !== 44) return undefined;
  }
}
