/**
 * The bulk, idempotent write path for facts: one multi-row statement per chunk,
 *   INSERT INTO t (c1, c2, ...) SELECT c1::type, $2::text::type, ... FROM unnest($1::text[], ...)
 *   ON CONFLICT DO NOTHING
 * One array parameter per column (no parameter-count limit, one parse per chunk), or one scalar
 * for a column whose value is the same in every row of the chunk; values sent as
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
  table: string;
  columns: ColumnPlan[];
  /** Statement text by which columns are constant ('0'/'1' per column). */
  statements: Map<string, string>;
  /** Parameters for rows[start, end): per column a text[] literal, or the constant value as text. */
  params: (rows: readonly unknown[], start: number, end: number) => { constant: boolean[]; values: (string | null)[] };
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
 * Builds the parameter builder of a table. A column whose value is the same in every row of the
 * chunk (chain id, rollup id, sub index...) is sent once as a scalar (`constant[i]`), not as an
 * array of copies: less to build here, less for Postgres to parse. The other columns become one
 * text[] literal each, in one pass over the rows that reads each column by its name (generated
 * code, so each read site sees rows of one shape, where a loop over keys reads every property
 * through one megamorphic site).
 */
function paramBuilder(columns: ColumnPlan[]): TablePlan['params'] {
  const read = (i: number, row = 'r') => `v = ${row}[${JSON.stringify(columns[i]!.key)}]; if (v === undefined) v = fallbacks[${i}];`;
  const constancy = [
    'const r0 = rows[start];',
    'let v;',
    ...columns.map((_, i) => `let same${i} = true; ${read(i, 'r0')} const first${i} = v;`),
    'for (let i = start + 1; i < end; i++) {',
    '  const r = rows[i];',
    ...columns.map((_, i) => `  if (same${i}) { ${read(i)} if (v !== first${i} || (typeof v === 'object' && v !== null)) same${i} = false; }`),
    '}',
    `return { same: [${columns.map((_, i) => `same${i}`).join(', ')}], first: [${columns.map((_, i) => `first${i}`).join(', ')}] };`,
  ].join('\n');
  const literals = [
    'const n = end - start;',
    ...columns.map((_, i) => `const c${i} = constant[${i}] ? undefined : new Array(n);`),
    'for (let i = start; i < end; i++) {',
    '  const r = rows[i];',
    '  let v;',
    ...columns.map((_, i) => `  if (c${i} !== undefined) { ${read(i)} c${i}[i - start] = element${i}(v); }`),
    '}',
    `return [${columns.map((_, i) => `c${i} === undefined ? '' : '{' + c${i}.join(',') + '}'`).join(', ')}];`,
  ].join('\n');
  const elements = columns.map((c) => (isJson(c) ? jsonElement : textElement));
  const names = ['fallbacks', ...columns.map((_, i) => `element${i}`)];
  const fallbacks = columns.map((c) => c.fallback);
  const sameIn = new Function(...names, `return (rows, start, end) => {\n${constancy}\n};`)(fallbacks, ...elements) as (rows: readonly unknown[], start: number, end: number) => { same: boolean[]; first: unknown[] };
  const build = new Function(...names, `return (rows, start, end, constant) => {\n${literals}\n};`)(fallbacks, ...elements) as (rows: readonly unknown[], start: number, end: number, constant: boolean[]) => string[];
  return (rows, start, end) => {
    // One row is no evidence of a constant column; and unnest needs at least one array.
    const { same: constant, first } = end - start > 1 ? sameIn(rows, start, end) : { same: columns.map(() => false), first: [] };
    if (constant.every(Boolean)) constant[0] = false;
    const out: (string | null)[] = build(rows, start, end, constant);
    for (let i = 0; i < columns.length; i++) {
      if (constant[i]) {
        const v = first[i];
        // A copy, not the value itself: a string cut from a larger one (e.g. a block hash sliced out
        // of a whole RPC answer) would keep that one alive as long as the parameters live.
        out[i] = v == null ? null : isJson(columns[i]!) ? jsonText(v) : copyString(String(v));
      } else {
        // A literal is a rope of its rows' strings until flattened: charCodeAt flattens it, so it
        // holds no reference to what the rows were cut from (e.g. a whole RPC answer).
        out[i]!.charCodeAt(0);
      }
    }
    return { constant, values: out };
  };
}

/** A string that shares no storage with its argument (concatenation, then a cut of that). */
const copyString = (s: string) => (' ' + s).slice(1);

const isJson = (c: ColumnPlan) => c.sqlType === 'jsonb' || c.sqlType === 'json';

/** The statement for a chunk whose constant columns are scalars (one text per set of constant columns). */
function statementFor(plan: TablePlan, constant: boolean[]): string {
  const mask = constant.map((c) => (c ? '1' : '0')).join('');
  let text = plan.statements.get(mask);
  if (text !== undefined) return text;
  const { columns, table } = plan;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const values = columns.map((c, i) => (constant[i] ? `$${i + 1}::text::${c.sqlType}` : `c${i}::${c.sqlType}`)).join(', ');
  const arrays = columns.flatMap((_, i) => (constant[i] ? [] : [`$${i + 1}::text[]`])).join(', ');
  const aliases = columns.flatMap((_, i) => (constant[i] ? [] : [`c${i}`])).join(', ');
  text =
    `with inserted as (insert into "${table}" (${names}) select ${values} from unnest(${arrays}) as u(${aliases}) ` +
    `on conflict do nothing returning 1) select count(*)::int as n from inserted`;
  plan.statements.set(mask, text);
  return text;
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
  const plan: TablePlan = { table: config.name, columns, statements: new Map(), params: paramBuilder(columns) };
  plans.set(table, plan);
  return plan;
}

/** Rows per statement: large enough to amortise round trips, small enough to bound memory. */
export const WRITE_CHUNK = 5_000;

/** Rows of one table encoded for writeEncoded: one array of column literals per chunk. */
export interface EncodedRows {
  table: PgTable;
  rows: number;
  chunks: { text: string; params: (string | null)[] }[];
}

/**
 * Encodes rows (drizzle insert shapes of `table`) as the statement parameters writeEncoded sends.
 * The encoding holds strings only: rows can be let go as soon as they are encoded.
 */
export function encodeRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): EncodedRows {
  const plan = planFor(table);
  const chunks: EncodedRows['chunks'] = [];
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const { constant, values } = plan.params(rows, start, Math.min(rows.length, start + WRITE_CHUNK));
    chunks.push({ text: statementFor(plan, constant), params: values });
  }
  return { table, rows: rows.length, chunks };
}

/** Writes encoded rows idempotently; returns how many were new. */
export async function writeEncoded(db: Queryable, encoded: EncodedRows): Promise<number> {
  let inserted = 0;
  for (const { text, params } of encoded.chunks) {
    const [result] = await db.query<{ n: number }>(text, params);
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
