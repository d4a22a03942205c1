/**
 * The bulk, idempotent write path for facts: one multi-row statement per chunk,
 *   INSERT INTO t (c1, c2, ...) SELECT c1::type, ... FROM unnest($1::text[], $2::text[], ...)
 *   ON CONFLICT DO NOTHING
 * One array parameter per column (no parameter-count limit, one parse per chunk), values sent as
 * text and cast by Postgres (exact for numeric(78,0) wei amounts). Each array parameter is sent as
 * one array literal built here (`arrayElement`): most values are hex or decimal and need no quoting,
 * which is far cheaper than the client's generic per-element escaping. Natural keys are the tables'
 * primary keys, so writing the same rows twice stores them once. Works on postgres.js and PGlite.
 */
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { is, SQL } from 'drizzle-orm';
import type { Queryable } from './client.ts';

interface ColumnPlan {
  key: string;
  name: string;
  sqlType: string;
  /** Value used when the row leaves this column undefined (the column's JS default), else null. */
  fallback: unknown;
}

interface TablePlan {
  columns: ColumnPlan[];
  text: string;
  /** One text[] literal per column for rows[start, end). */
  literals: (rows: readonly unknown[], start: number, end: number) => string[];
}

const plans = new WeakMap<PgTable, TablePlan>();

/** JSON text of a value; bigints as decimal strings (the replacer is slow, so only when one is there). */
export function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return JSON.stringify(v, bigintReplacer);
  }
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/**
 * Array element of a text column's value. JS numbers print as digits, '-', '.', 'e' (never
 * quoted); other values as their text, quoted when needed.
 */
function textElement(value: unknown): string {
  if (value == null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return arrayElement(typeof value === 'string' ? value : String(value));
}

/**
 * Array element of a json/jsonb column's value: its JSON text, double-quoted with " and \
 * escaped — which is what JSON.stringify does to a string that holds no control characters, and
 * JSON text never holds them raw.
 */
function jsonElement(value: unknown): string {
  return value == null ? 'NULL' : JSON.stringify(jsonText(value));
}

/**
 * Builds the literal builder of a table: one pass over the rows reads each column by its name
 * (generated code, so each read site sees rows of one shape, where a loop over keys reads every
 * property through one megamorphic site).
 */
function literalBuilder(columns: ColumnPlan[]): TablePlan['literals'] {
  const body = [
    ...columns.map((_, i) => `let c${i} = '{';`),
    'for (let i = start; i < end; i++) {',
    '  const r = rows[i];',
    "  const sep = i === start ? '' : ',';",
    '  let v;',
    ...columns.map((c, i) => `  v = r[${JSON.stringify(c.key)}]; if (v === undefined) v = fallbacks[${i}]; c${i} += sep + element${i}(v);`),
    '}',
    `return [${columns.map((_, i) => `c${i} + '}'`).join(', ')}];`,
  ].join('\n');
  // Each literal is a rope of its rows' strings until flattened: charCodeAt flattens it, so the
  // literals hold no reference to what the rows were cut from (e.g. a whole RPC answer).
  const elements = columns.map((c) => (c.sqlType === 'jsonb' || c.sqlType === 'json' ? jsonElement : textElement));
  const build = new Function('fallbacks', ...columns.map((_, i) => `element${i}`), `return (rows, start, end) => {\n${body}\n};`);
  const literals = build(columns.map((c) => c.fallback), ...elements) as TablePlan['literals'];
  return (rows, start, end) => {
    const out = literals(rows, start, end);
    for (const l of out) l.charCodeAt(0);
    return out;
  };
}

function planFor(table: PgTable): TablePlan {
  const cached = plans.get(table);
  if (cached) return cached;
  const config = getTableConfig(table);
  const columns: ColumnPlan[] = [];
  for (const [key, col] of Object.entries(table as unknown as Record<string, PgColumn>)) {
    if (!col || typeof col !== 'object' || !('columnType' in col) || !config.columns.includes(col)) continue;
    // Columns filled by an SQL default (e.g. now()) are left to Postgres.
    if (col.hasDefault && is(col.default, SQL)) continue;
    const sqlType = col.getSQLType();
    columns.push({ key, name: col.name, sqlType, fallback: col.hasDefault ? col.default : null });
  }
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const casts = columns.map((c, i) => `c${i}::${c.sqlType}`).join(', ');
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text =
    `with inserted as (insert into "${config.name}" (${names}) select ${casts} from unnest(${params}) as u(${aliases}) ` +
    `on conflict do nothing returning 1) select count(*)::int as n from inserted`;
  const plan = { columns, text, literals: literalBuilder(columns) };
  plans.set(table, plan);
  return plan;
}

/** Rows per statement: large enough to amortise round trips, small enough to bound memory. */
export const WRITE_CHUNK = 5_000;

/** Rows of one table encoded for writeEncoded: one array of column literals per chunk. */
export interface EncodedRows {
  table: PgTable;
  rows: number;
  chunks: string[][];
}

/**
 * Encodes rows (drizzle insert shapes of `table`) as the statement parameters writeEncoded sends.
 * The encoding holds strings only: rows can be let go as soon as they are encoded.
 */
export function encodeRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): EncodedRows {
  const plan = planFor(table);
  const chunks: string[][] = [];
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) chunks.push(plan.literals(rows, start, Math.min(rows.length, start + WRITE_CHUNK)));
  return { table, rows: rows.length, chunks };
}

/** Writes encoded rows idempotently; returns how many were new. */
export async function writeEncoded(db: Queryable, encoded: EncodedRows): Promise<number> {
  const plan = planFor(encoded.table);
  let inserted = 0;
  for (const params of encoded.chunks) {
    const [result] = await db.query<{ n: number }>(plan.text, params);
    inserted += Number(result?.n ?? 0);
  }
  return inserted;
}

/**
 * Writes rows (drizzle insert shapes of `table`) idempotently; returns how many were new.
 * Pass a transaction's Queryable to commit facts together with sync progress.
 */
export async function writeFacts<T extends PgTable>(db: Queryable, table: T, rows: readonly T['$inferInsert'][]): Promise<number> {
  if (rows.length === 0) return 0;
  return writeEncoded(db, encodeRows(table, rows));
}

/** Characters that make an array element need double quotes (and NUL, which text cannot hold). */
const NEEDS_QUOTES = /[{}",\\\s\u0000]|^$|^null$/i;
const QUOTED = /["\\]/g;

/** One element of a text[] literal: as is, or double-quoted with " and \\ escaped. */
function arrayElement(text: string): string {
  if (!NEEDS_QUOTES.test(text)) return text;
  if (text.includes('\u0000')) throw new Error(`a fact value holds a NUL character, which Postgres text cannot store: ${JSON.stringify(text.slice(0, 80))}`);
  // A replacement pattern, not a callback: JSON values carry dozens of quotes each.
  return `"${text.replace(QUOTED, '\\$&')}"`;
}
