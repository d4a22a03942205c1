/**
 * Relay connections with keyset pagination. A cursor is base64url(JSON [kind, ...key]) where key is
 * the row's position in the connection's total order (e.g. L1 time, chain, block, tx, log, sub), so
 * it stays valid while rows are added. Malformed cursors, or cursors of another connection, fail
 * with BAD_CURSOR; page sizes above MAX_PAGE with PAGE_TOO_LARGE.
 */
import { userError } from './errors.ts';

export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 20;

export function pageSize(first: number | null | undefined): number {
  const n = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(n) || n < 0) throw userError('BAD_PAGE_SIZE', `first must be a non-negative integer, got ${n}`, { first: n });
  if (n > MAX_PAGE) throw userError('PAGE_TOO_LARGE', `first is ${n}; at most ${MAX_PAGE} items per page`, { first: n, max: MAX_PAGE });
  return n;
}

export type CursorKey = (string | number)[];

export function encodeCursor(kind: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify([kind, ...key])).toString('base64url');
}

/** `types`: 'n' (safe integer) or 's' (string of digits / hex) per key element. */
export function decodeCursor(kind: string, cursor: string, types: string): CursorKey {
  const bad = () => userError('BAD_CURSOR', `Malformed cursor for ${kind}: pass an endCursor returned by this connection`, { cursor: cursor.slice(0, 100) });
  if (cursor.length > 512 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed[0] !== kind || parsed.length !== types.length + 1) throw bad();
  const key = parsed.slice(1);
  for (let i = 0; i < types.length; i++) {
    const v = key[i];
    if (types[i] === 'n' && !(typeof v === 'number' && Number.isSafeInteger(v))) throw bad();
    if (types[i] === 's' && !(typeof v === 'string' && /^[0-9a-zA-Z:-]{1,100}$/.test(v))) throw bad();
  }
  return key;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** `rows` were fetched with limit first + 1. */
export function connection<T>(rows: T[], first: number, hadCursor: boolean, cursorOf: (t: T) => string): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: hadCursor,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

export interface RangeFilter {
  from?: number | null;
  to?: number | null;
  fromBlock?: number | null;
  toBlock?: number | null;
}

/** SQL conditions (appended to params) for a RangeFilter on alias `a`. */
export function rangeConditions(a: string, f: RangeFilter | null | undefined, params: unknown[]): string[] {
  if (!f) return [];
  if (f.from != null && f.to != null && f.from >= f.to) throw userError('BAD_FILTER', 'filter.from must be before filter.to');
  if (f.fromBlock != null && f.fromBlock < 0) throw userError('BAD_FILTER', 'filter.fromBlock must be ≥ 0');
  if (f.fromBlock != null && f.toBlock != null && f.fromBlock > f.toBlock) throw userError('BAD_FILTER', 'filter.fromBlock must be ≤ filter.toBlock');
  const out: string[] = [];
  if (f.from != null) out.push(`${a}.block_time >= $${params.push(f.from)}`);
  if (f.to != null) out.push(`${a}.block_time < $${params.push(f.to)}`);
  if (f.fromBlock != null) out.push(`${a}.block_number >= $${params.push(f.fromBlock)}`);
  if (f.toBlock != null) out.push(`${a}.block_number <= $${params.push(f.toBlock)}`);
  return out;
}

/** Keyset condition: (cols) < (values) for newest-first, > for oldest-first. */
export function keysetCondition(cols: string[], key: CursorKey, desc: boolean, params: unknown[], casts: string[] = []): string {
  const ph = key.map((v, i) => `$${params.push(v)}${casts[i] ?? ''}`);
  return `(${cols.join(', ')}) ${desc ? '<' : '>'} (${ph.join(', ')})`;
}
