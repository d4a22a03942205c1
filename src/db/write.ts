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
  toText: (v: unknown) => string | null;
}

interface TablePlan {
  columns: ColumnPlan[];
  text: string;
}

const plans = new WeakMap<PgTable, TablePlan>();

function textOf(sqlType: string): (v: unknown) => string | null {
  if (sqlType === 'jsonb' || sqlType === 'json') return (v) => (v == null ? null : jsonText(v));
  return (v) => (v == null ? null : typeof v === 'string' ? v : String(v));
}

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
    columns.push({ key, name: col.name, sqlType, fallback: col.hasDefault ? col.default : null, toText: textOf(sqlType) });
  }
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const casts = columns.map((c, i) => `c${i}::${c.sqlType}`).join(', ');
  const params = columns.map((_, i) => `$${i + 1}::text[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const text =
    `with inserted as (insert into "${config.name}" (${names}) select ${casts} from unnest(${params}) as u(${aliases}) ` +
    `on conflict do nothing returning 1) select count(*)::int as n from inserted`;
  const plan = { columns, text };
  plans.set(table, plan);
  return plan;
}

/** Rows per statement: large enough to amortise round trips, small enough to bound memory. */
export const WRITE_CHUNK = 5_000;

/**
 * Writes rows (drizzle insert shapes of `table`) idempotently; returns how many were new.
 * Pass a transaction's Queryable to commit facts together with sync progress.
 */
export async function writeFacts<T extends PgTable>(db: Queryable, table: T, rows: readonly T['$inferInsert'][]): Promise<number> {
  if (rows.length === 0) return 0;
  const plan = planFor(table);
  let inserted = 0;
  for (let start = 0; start < rows.length; start += WRITE_CHUNK) {
    const chunk = rows.slice(start, start + WRITE_CHUNK);
    const params = plan.columns.map((c) => {
      let literal = '{';
      for (let i = 0; i < chunk.length; i++) {
        const v = (chunk[i] as Record<string, unknown>)[c.key];
        const value = v === undefined ? c.fallback : v;
        // JS numbers print as digits, '-', '.', 'e': never quoted (most provenance columns).
        literal += (i === 0 ? '' : ',') + (typeof value === 'number' ? String(value) : arrayElement(c.toText(value)));
      }
      return literal + '}';
    });
    const [result] = await db.query<{ n: number }>(plan.text, params);
    inserted += Number(result?.n ?? 0);
  }
  return inserted;
}

/** Characters that make an array element need double quotes (and NUL, which text cannot hold). */
const NEEDS_QUOTES = /[{}",\\\s\u0000]|^$|^null$/i;
const QUOTED = /["\\]/g;

/** One element of a text[] literal: NULL, as is, or double-quoted with " and \\ escaped. */
function arrayElement(text: string | null): string {
  if (text === null) return 'NULL';
  if (!NEEDS_QUOTES.test(text)) return text;
  if (text.includes('\u0000')) throw new Error(`a fact value holds a NUL character, which Postgres text cannot store: ${JSON.stringify(text.slice(0, 80))}`);
  // A replacement pattern, not a callback: JSON values carry dozens of quotes each.
  return `"${text.replace(QUOTED, '\\$&')}"`;
}
