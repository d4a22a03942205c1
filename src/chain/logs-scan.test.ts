import { describe, expect, it } from 'vitest';
import { parseLogs } from './format.ts';
import { LogColumns, scanLogsAnswer as scanBytes, scanLogsAnswerColumns, scannedLogs } from './logs-scan.ts';

/** The scan of an answer as it arrives: its UTF-8 bytes. */
const scanLogsAnswer = (text: string) => scanBytes(Buffer.from(text, 'utf8'));
import type { RawLog } from '../stacks/types.ts';

const hex = (n: number, width: number) => `0x${n.toString(16).padStart(width, '0')}`;

/** A log as nodes print it (anvil's field order, blockTimestamp included). */
function nodeLog(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    address: i % 3 === 0 ? '0x00000000000000000000000000000000000000Ab' : '0x1111111111111111111111111111111111111111',
    topics: [hex(0xfeed, 64), hex(i, 64), ...(i % 2 ? [hex(i * 7, 64)] : [])],
    data: i % 5 === 0 ? '0x' : `0x${'ab'.repeat(32 + i)}`,
    blockHash: hex(0xb10c + Math.floor(i / 4), 64).replace('b', 'B'),
    blockNumber: hex(100 + Math.floor(i / 4), 0),
    blockTimestamp: hex(1_700_000_000 + i, 0),
    transactionHash: hex(0x7a + Math.floor(i / 2), 64),
    transactionIndex: hex(Math.floor(i / 2) % 4, 0),
    logIndex: hex(i % 4, 0),
    removed: false,
    ...over,
  };
}

/** What the slow path (JSON.parse + parseLogs) gives, reduced to RawLog's fields. */
function slow(text: string, index = 0): RawLog[] {
  const parsed = JSON.parse(text) as { result: unknown }[] | { result: unknown };
  const answer = Array.isArray(parsed) ? parsed[index]! : parsed;
  return parseLogs(answer.result, 'eth_getLogs', {}).map((l) => ({
    address: l.address, topics: l.topics, data: l.data, blockNumber: l.blockNumber, blockHash: l.blockHash,
    blockTime: l.blockTime, transactionHash: l.transactionHash, transactionIndex: l.transactionIndex, logIndex: l.logIndex,
  }));
}

const header = { number: '0x67', hash: hex(1, 64), parentHash: hex(2, 64), timestamp: '0x10', transactions: [hex(3, 64)] };
const batchText = (logs: unknown[], headerFirst = false) => {
  const a = { jsonrpc: '2.0', id: 7, result: logs };
  const b = { jsonrpc: '2.0', id: 8, result: header };
  return JSON.stringify(headerFirst ? [b, a] : [a, b]);
};

describe('scanLogsAnswer', () => {
  it('reads a batch answer exactly as JSON.parse + parseLogs do, whichever answer comes first', () => {
    const logs = Array.from({ length: 40 }, (_, i) => nodeLog(i));
    for (const headerFirst of [false, true]) {
      const text = batchText(logs, headerFirst);
      const fast = scanLogsAnswer(text) as { id: number; result: unknown }[];
      expect(fast).toBeDefined();
      const logsAnswer = fast.find((a) => a.id === 7)!;
      expect(scannedLogs.has(logsAnswer.result as RawLog[])).toBe(true);
      expect(logsAnswer.result).toEqual(slow(text, headerFirst ? 1 : 0));
      expect(fast.find((a) => a.id === 8)!.result).toEqual(header);
    }
  });

  it('reads a single answer, an empty logs array and logs without topics', () => {
    const text = JSON.stringify({ jsonrpc: '2.0', id: 1, result: [nodeLog(1, { topics: [] }), nodeLog(2)] });
    const fast = scanLogsAnswer(text) as { result: RawLog[] };
    expect(fast.result).toEqual(slow(text));
    expect((scanLogsAnswer(JSON.stringify({ jsonrpc: '2.0', id: 1, result: [] })) as { result: unknown[] }).result).toEqual([]);
  });

  it('lowercases hashes and addresses and keeps one copy of repeated ones', () => {
    const fast = (scanLogsAnswer(batchText([nodeLog(0), nodeLog(1), nodeLog(2), nodeLog(3)])) as { result: RawLog[] }[])[0]!.result;
    expect(fast[0]!.address).toBe('0x00000000000000000000000000000000000000ab');
    expect(fast[0]!.blockHash).toBe(fast[0]!.blockHash.toLowerCase());
    expect(fast[1]!.blockHash).toBe(fast[0]!.blockHash);
    expect(new Set(fast.map((l) => l.blockNumber))).toEqual(new Set([100]));
  });

  it('declines what it does not take, so JSON.parse and parseLogs judge it', () => {
    const good = [nodeLog(0), nodeLog(1)];
    const declined = [
      JSON.stringify([{ jsonrpc: '2.0', id: 1, result: good }], null, 1), // whitespace
      batchText([nodeLog(0, { data: '0x\\u0041' })]).replace('\\\\u0041', '\\u0041'), // an escape anywhere
      batchText([nodeLog(0, { removed: true })]),
      batchText([nodeLog(0, { blockNumber: '0x20000000000000' })]), // 2^53: beyond exact quantities here
      batchText([nodeLog(0, { logIndex: '0x1g' })]),
      batchText([nodeLog(0, { blockHash: null })]),
      batchText([nodeLog(0, { transactionHash: '0xabc' })]),
      batchText([nodeLog(0, { address: '0x1234' })]),
      batchText([nodeLog(0, { extra: { nested: 1 } })]),
      batchText([{ ...nodeLog(0), logIndex: undefined }]),
      batchText([nodeLog(0, { topics: [1] })]),
      JSON.stringify([{ jsonrpc: '2.0', id: 1, error: { code: -32005, message: 'too many', data: { result: [] } } }]),
      batchText(good).slice(0, -3), // truncated
      JSON.stringify({ jsonrpc: '2.0', id: 1, result: { inner: { result: good } } }), // not an answer's result
    ];
    for (const text of declined) expect(scanLogsAnswer(text), text.slice(0, 120)).toBeUndefined();
  });

  it('takes flat fields it does not know and drops them', () => {
    const text = batchText([nodeLog(0, { transactionLogIndex: '0x0', logType: null, n: 1.5e3 })]);
    expect((scanLogsAnswer(text) as { result: RawLog[] }[])[0]!.result).toEqual(slow(text));
  });
});

describe('LogColumns', () => {
  const logs = Array.from({ length: 23 }, (_, i) => nodeLog(i));
  const text = batchText(logs);
  const columnsOf = (t: string, release?: () => void) => (scanLogsAnswerColumns(Buffer.from(t, 'latin1'), release) as { id: number; result: unknown }[]).find((a) => a.id === 7)!.result as LogColumns;

  it('slices, taken in any cut, equal the whole answer read by JSON.parse + parseLogs, with block times', () => {
    const want = slow(text).map((l) => ({ ...l, blockTime: l.blockNumber * 10 }));
    const columns = columnsOf(text);
    expect(columns).toBeInstanceOf(LogColumns);
    expect(columns.count).toBe(23);
    for (const cuts of [[0, 23], [0, 1, 2, 3, 23], [0, 7, 8, 22, 23]]) {
      const got: RawLog[] = [];
      for (let k = 1; k < cuts.length; k++) got.push(...columns.slice(cuts[k - 1]!, cuts[k]!, (n) => n * 10));
      expect(got).toEqual(want);
    }
    expect(columns.inPosition()).toBe(true);
    expect(columnsOf(batchText([...logs].reverse())).inPosition()).toBe(false);
    expect(columnsOf(batchText([logs[1], logs[0]])).inPosition()).toBe(false); // same block, logIndex 1 before 0
    expect(Array.from({ length: 23 }, (_, i) => columns.address(i))).toEqual(want.map((l) => l.address));
    expect(Array.from({ length: 23 }, (_, i) => columns.blockHash(i))).toEqual(want.map((l) => l.blockHash));
    expect(Array.from({ length: 23 }, (_, i) => columns.topic0(i))).toEqual(want.map((l) => l.topics[0]!.toLowerCase()));
    expect(columns.sameTransaction(0, 1)).toBe(true);
    expect(columns.sameTransaction(1, 2)).toBe(false);
  });

  it('are read only until released; release hands the bytes back once', () => {
    let released = 0;
    const columns = columnsOf(text, () => released++);
    expect(columns.slice(0, 1)).toHaveLength(1);
    columns.release();
    columns.release();
    expect(released).toBe(1);
    expect(() => columns.slice(0, 1)).toThrow(/after release/);
    expect(() => columns.address(0)).toThrow(/after release/);
  });

  it('decline what the RawLog scan declines (non-ASCII, a backslash, a bad field)', () => {
    for (const t of [batchText([nodeLog(1, { data: '0xé' })]), batchText([nodeLog(1, { extra: 'a\\b' })]), batchText([nodeLog(1, { logIndex: '12' })])]) {
      expect(scanLogsAnswerColumns(Buffer.from(t, 'utf8'))).toBeUndefined();
      expect(scanLogsAnswer(t)).toBeUndefined();
    }
    // A character above U+00FF (bytes ≥ 0x80, declined; as Latin-1 text it would pass as its low byte).
    expect(scanLogsAnswer(batchText([nodeLog(1, { data: '0x\u0161b' })]))).toBeUndefined();
  });
});
