/**
 * Fast path for eth_getLogs answers, which run to tens of MB: the logs array is read straight out
 * of the answer text into RawLogs of one shape, instead of JSON.parse building an object and a
 * string copy per field that parseLogs then rewrites. Field values are slices of the answer text.
 *
 * Only the shape nodes send is taken: compact JSON (no whitespace), no backslash anywhere in the
 * answer, log objects whose values are strings, `false`/`true`/`null`/numbers or (topics) an array
 * of strings, hex quantities below 2^52, hashes and addresses of the right length. Anything else
 * makes `scanLogsAnswer` return undefined and the caller parses the text with JSON.parse, where
 * parseLogs validates it with its own error messages.
 * Invariant: for any answer the scan accepts, the logs equal what JSON.parse + parseLogs give
 * (the fields of RawLog; unknown fields such as blockTimestamp are left out).
 */
import type { RawLog } from '../stacks/types.ts';
import { lower } from './format.ts';

/** Arrays of logs built here: validated already (getLogsInRange does not parse them again). */
export const scannedLogs = new WeakSet<RawLog[]>();

/** Stands in for the logs array while the rest of the answer goes through JSON.parse. */
const PLACEHOLDER_JSON = '"\\u0000rollscope:logs"';
const PLACEHOLDER = '\u0000rollscope:logs';
const RESULT_ARRAY = '"result":[';

/**
 * Parses a JSON-RPC answer (single or batch) that holds one eth_getLogs result: the logs array by
 * the scan, the rest by JSON.parse. Returns what JSON.parse would (with the logs already RawLogs),
 * or undefined when the answer is not in the shape the scan takes.
 */
export function scanLogsAnswer(text: string): unknown {
  if (text.indexOf('\\') !== -1) return undefined;
  const at = text.indexOf(RESULT_ARRAY);
  if (at < 0) return undefined;
  const open = at + RESULT_ARRAY.length;
  const scanned = scanLogArray(text, open);
  if (!scanned) return undefined;
  let rest: unknown;
  try {
    rest = JSON.parse(text.slice(0, open - 1) + PLACEHOLDER_JSON + text.slice(scanned.end));
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
  holder.result = scanned.logs;
  scannedLogs.add(scanned.logs);
  return rest;
}

// Keys of a log object, recognised by length and text without slicing them out.
const Key = { Other: 0, Address: 1, Topics: 2, Data: 3, BlockHash: 4, BlockNumber: 5, TransactionHash: 6, TransactionIndex: 7, LogIndex: 8, Removed: 9 } as const;
type Key = (typeof Key)[keyof typeof Key];

function keyAt(text: string, start: number, length: number): Key {
  switch (length) {
    case 4: return text.startsWith('data', start) ? Key.Data : Key.Other;
    case 6: return text.startsWith('topics', start) ? Key.Topics : Key.Other;
    case 7: return text.startsWith('address', start) ? Key.Address : text.startsWith('removed', start) ? Key.Removed : Key.Other;
    case 8: return text.startsWith('logIndex', start) ? Key.LogIndex : Key.Other;
    case 9: return text.startsWith('blockHash', start) ? Key.BlockHash : Key.Other;
    case 11: return text.startsWith('blockNumber', start) ? Key.BlockNumber : Key.Other;
    case 15: return text.startsWith('transactionHash', start) ? Key.TransactionHash : Key.Other;
    case 16: return text.startsWith('transactionIndex', start) ? Key.TransactionIndex : Key.Other;
    default: return Key.Other;
  }
}

/** Value of the hex quantity text[start, end) ("0x" included), or -1 unless it is 1–13 hex digits. */
function quantityAt(text: string, start: number, end: number): number {
  if (end - start < 3 || end - start > 15 || text.charCodeAt(start) !== 48 || text.charCodeAt(start + 1) !== 120) return -1;
  let n = 0;
  for (let i = start + 2; i < end; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    n = n * 16 + d;
  }
  return n;
}

/** "0x" + `length` − 2 characters (the length check parseLogs makes). */
const hexOfLength = (text: string, start: number, end: number, length: number) =>
  end - start === length && text.charCodeAt(start) === 48 && text.charCodeAt(start + 1) === 120;


/** Scans a logs array whose '[' precedes `pos`; returns the logs and the index after its ']'. */
function scanLogArray(text: string, pos: number): { logs: RawLog[]; end: number } | undefined {
  const logs: RawLog[] = [];
  if (text.charCodeAt(pos) === 93 /* ] */) return { logs, end: pos + 1 };
  // Consecutive logs mostly share block, transaction, address and topic0: keep one copy of each.
  let prevBlockHashRaw = '', prevBlockHash = '';
  let prevTxRaw = '', prevTx = '';
  let prevAddressRaw = '', prevAddress = '';
  let prevTopic0 = '';
  for (;;) {
    if (text.charCodeAt(pos) !== 123 /* { */) return undefined;
    pos++;
    let address: string | undefined;
    let topics: string[] | undefined;
    let data: string | undefined;
    let blockHash: string | undefined;
    let transactionHash: string | undefined;
    let blockNumber = -1, transactionIndex = -1, logIndex = -1;
    for (;;) {
      if (text.charCodeAt(pos) !== 34 /* " */) return undefined;
      const keyEnd = text.indexOf('"', pos + 1);
      if (keyEnd < 0 || text.charCodeAt(keyEnd + 1) !== 58 /* : */) return undefined;
      const key = keyAt(text, pos + 1, keyEnd - pos - 1);
      const v = keyEnd + 2;
      const c = text.charCodeAt(v);
      if (c === 34 /* " */) {
        const e = text.indexOf('"', v + 1);
        if (e < 0) return undefined;
        switch (key) {
          case Key.Address:
            if (!hexOfLength(text, v + 1, e, 42)) return undefined;
            address = text.slice(v + 1, e);
            break;
          case Key.Data:
            data = text.slice(v + 1, e);
            break;
          case Key.BlockHash:
            if (!hexOfLength(text, v + 1, e, 66)) return undefined;
            blockHash = text.slice(v + 1, e);
            break;
          case Key.TransactionHash:
            if (!hexOfLength(text, v + 1, e, 66)) return undefined;
            transactionHash = text.slice(v + 1, e);
            break;
          case Key.BlockNumber:
            if ((blockNumber = quantityAt(text, v + 1, e)) < 0) return undefined;
            break;
          case Key.TransactionIndex:
            if ((transactionIndex = quantityAt(text, v + 1, e)) < 0) return undefined;
            break;
          case Key.LogIndex:
            if ((logIndex = quantityAt(text, v + 1, e)) < 0) return undefined;
            break;
          case Key.Topics:
          case Key.Removed:
            return undefined;
        }
        pos = e + 1;
      } else if (c === 91 /* [ */) {
        if (key !== Key.Topics) return undefined;
        topics = [];
        pos = v + 1;
        if (text.charCodeAt(pos) === 93) pos++;
        else {
          for (;;) {
            if (text.charCodeAt(pos) !== 34) return undefined;
            const e = text.indexOf('"', pos + 1);
            if (e < 0) return undefined;
            topics.push(text.slice(pos + 1, e));
            pos = e + 1;
            const d = text.charCodeAt(pos++);
            if (d === 93) break;
            if (d !== 44 /* , */) return undefined;
          }
        }
      } else {
        // A literal: only `false` for removed, and anything flat for keys RawLog does not carry.
        let e = v;
        for (; e < text.length; e++) {
          const d = text.charCodeAt(e);
          if (d === 44 || d === 125) break;
          if (d === 123 || d === 91 || d === 34 || d <= 32) return undefined;
        }
        if (key === Key.Removed ? !text.startsWith('false', v) || e - v !== 5 : key !== Key.Other) return undefined;
        pos = e;
      }
      const d = text.charCodeAt(pos++);
      if (d === 125 /* } */) break;
      if (d !== 44) return undefined;
    }
    if (address === undefined || topics === undefined || data === undefined || blockHash === undefined || transactionHash === undefined
      || blockNumber < 0 || transactionIndex < 0 || logIndex < 0) return undefined;
    if (blockHash !== prevBlockHashRaw) { prevBlockHashRaw = blockHash; prevBlockHash = lower(blockHash); }
    if (transactionHash !== prevTxRaw) { prevTxRaw = transactionHash; prevTx = lower(transactionHash); }
    if (address !== prevAddressRaw) { prevAddressRaw = address; prevAddress = lower(address); }
    if (topics.length > 0) {
      if (topics[0] === prevTopic0) topics[0] = prevTopic0;
      else prevTopic0 = topics[0]!;
    }
    logs.push({
      address: prevAddress as RawLog['address'], topics: topics as RawLog['topics'], data: data as RawLog['data'], blockNumber,
      blockHash: prevBlockHash as RawLog['blockHash'], blockTime: 0, transactionHash: prevTx as RawLog['transactionHash'], transactionIndex, logIndex,
    });
    const d = text.charCodeAt(pos++);
    if (d === 93) return { logs, end: pos };
    if (d !== 44) return undefined;
  }
}
