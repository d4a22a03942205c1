/**
 * The bulk, idempotent write path for facts. Rows are encoded as COPY text (one generated pass per
 * table, written into reused byte blocks: copy-blocks.ts) and COPYed into their table, inside a
 * savepoint: Postgres's fastest way in (batched heap inserts, no conflict checks). When the COPY
 * is refused, because some rows are there already (a retried range, an overlap) or a value does not
 * fit its column, nothing of it stays, and the same text goes into a temporary text-only table,
 * from which
 *   INSERT INTO t (c1, ...) SELECT c1::type, ... FROM stage ON CONFLICT DO NOTHING
 * takes the rows that are new, or fails with Postgres's own message for the bad value. Values are
 * text cast by Postgres (exact for numeric(78,0) wei amounts). Natural keys are the tables'
 * primary keys, so writing the same rows twice stores them once. Works on postgres.js and PGlite.
 */
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import { is, SQL } from 'drizzle-orm';
import type { Database, Transaction } from './client.ts';
import { CopyText } from './copy-blocks.ts';

interface ColumnPlan {
  key: string;
  name: string;
  sqlType: string;
  /** Value used when the row leaves this column undefined (the column's JS default), else null. */
  fallback: unknown;
}

interface TablePlan {
  table: string;
  /** SQL names of the columns written, in COPY order. */
  columns: string[];
  /** Appends the COPY text of the rows to `out`: one line per row. */
  encode: (rows: readonly unknown[], out: CopyText) => void;
  /** Moves the rows of a staging table (text columns) into the table; counts the new ones. */
  insertFromStage: (stage: string) => string;
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

/** Characters COPY text must escape, and NUL, which Postgres text cannot hold. */
const COPY_SPECIAL = /[\\\t\n\r\u0000]/;
const COPY_ESCAPED = /[\\\t\n\r]/g;
const escapes: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text as one COPY field: as is (hex, decimals, names), or with \\, tab, newline and CR escaped. */
function copyField(text: string): string {
  if (!COPY_SPECIAL.test(text)) return text;
  if (text.includes('\u0000')) throw new Error(`a fact value holds a NUL character, which Postgres text cannot store: ${JSON.stringify(text.slice(0, 80))}`);
  return text.replace(COPY_ESCAPED, (c) => escapes[c]!);
}

/** COPY field of a value for a non-JSON column: numbers and bigints print as digits; \\N is null. */
function valueField(value: unknown): string {
  if (typeof value === 'string') return copyField(value);
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value == null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (value instanceof Date) return value.toISOString();
  return copyField(String(value));
}

/**
 * COPY field of a json/jsonb column's value: its JSON text, whose only character COPY must escape
 * is the backslash (JSON.stringify writes control characters, NUL included, as \\u escapes).
 */
function jsonField(value: unknown): string {
  if (value == null) return '\\N';
  const text = jsonText(value);
  return text.indexOf('\\') === -1 ? text : text.replace(BACKSLASHES, '\\\\');
}
const BACKSLASHES = /\\/g;

/**
 * The COPY encoder of a table: one pass over the rows that reads each column by its name
 * (generated code, so each read site sees rows of one shape, where a loop over keys reads every
 * property through one megamorphic site). Each row's fields are joined once (an array join copies
 * each field once; `a + '\t' + b` would build a rope of two nodes per field first) and the line
 * goes straight into the CopyText's blocks: no text of the whole table is made.
 */
function copyEncoder(columns: ColumnPlan[]): TablePlan['encode'] {
  const code = [
    'for (let i = 0; i < rows.length; i++) {',
    '  const r = rows[i];',
    '  let v;',
    ...columns.map((c, i) => `  v = r[${JSON.stringify(c.key)}]; if (v === undefined) v = fallbacks[${i}]; const f${i} = field${i}(v);`),
    `  out.line([${columns.map((_, i) => `f${i}`).join(', ')}].join('\\t'));`,
    '}',
  ].join('\n');
  const fields = columns.map((c) => (c.sqlType === 'jsonb' || c.sqlType === 'json' ? jsonField : valueField));
  const names = ['fallbacks', ...columns.map((_, i) => `field${i}`)];
  return new Function(...names, `return (rows, out) => {\n${code}\n};`)(columns.map((c) => c.fallback), ...fields) as TablePlan['encode'];
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
  const casts = columns.map((c) => `"${c.name}"::${c.sqlType}`).join(', ');
  const plan: TablePlan = {
    table: config.name,
    columns: columns.map((c) => c.name),
    encode: copyEncoder(columns),
    insertFromStage: (stage) =>
      `with inserted as (insert into "${config.name}" (${names}) select ${casts} from "${stage}" on conflict do nothing returning 1) ` +
      `select count(*)::int as n from inserted`,
  };
  plans.set(table, plan);
  return plan;
}

/** Rows of one table encoded for writeEncoded: COPY text in reused blocks (see copy-blocks.ts). */
export interface EncodedRows {
  table: PgTable;
  text: CopyText;
}

/**
 * Encodes rows (drizzle insert shapes of `table`) as the COPY text writeEncoded sends, in bytes
 * outside the JS heap: rows can be let go as soon as they are encoded. The owner releases the
 * text (releaseEncoded) once it is written or dropped; its blocks are then reused.
 */
export function encodeRows<T extends PgTable>(table: T, rows: readonly T['$inferInsert'][]): EncodedRows {
  const text = new CopyText();
  planFor(table).encode(rows, text);
  return { table, text };
}

/** Gives the blocks of encoded rows back for reuse; writing them afterwards is refused. */
export const releaseEncoded = (encoded: EncodedRows): void => encoded.text.release();

/** Writes encoded rows idempotently inside a transaction; returns how many were new. */
export async function writeEncoded(tx: Transaction, encoded: EncodedRows): Promise<number> {
  const rows = encoded.text.rows;
  if (rows === 0) return 0;
  const plan = planFor(encoded.table);
  try {
    await tx.copyFrom(plan.table, plan.columns, encoded.text.chunks());
    return rows;
  } catch {
    // Refused whole (rows already there, or a bad value): take what is new, or fail with the reason.
    return insertMissing(tx, plan, encoded);
  }
}

/** The slow path: COPY into a text-only staging table, then insert what is new with casts. */
async function insertMissing(tx: Transaction, plan: TablePlan, encoded: EncodedRows): Promise<number> {
  const stage = `rollscope_stage_${plan.table}`;
  await tx.query(`create temp table "${stage}" (${plan.columns.map((c) => `"${c}" text`).join(', ')}) on commit drop`);
  await tx.copyFrom(stage, plan.columns, encoded.text.chunks());
  const [result] = await tx.query<{ n: number }>(plan.insertFromStage(stage));
  await tx.query(`drop table "${stage}"`);
  return Number(result?.n ?? 0);
}

/**
 * Writes rows (drizzle insert shapes of `table`) idempotently; returns how many were new.
 * Pass a transaction to commit facts together with sync progress; given the database, it opens one.
 */
export async function writeFacts<T extends PgTable>(db: Database | Transaction, table: T, rows: readonly T['$inferInsert'][]): Promise<number> {
  if (rows.length === 0) return 0;
  const encoded = encodeRows(table, rows);
  try {
    return await ('transaction' in db ? db.transaction((tx) => writeEncoded(tx, encoded)) : writeEncoded(db, encoded));
  } finally {
    releaseEncoded(encoded);
  }
}
