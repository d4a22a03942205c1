/**
 * One database handle for both backends: Postgres through postgres.js (DATABASE_URL set) and
 * embedded PGlite (DATABASE_URL unset; data kept under a local folder). Bulk writes and
 * transactions go through `query` (raw SQL, positional params); typed reads use `orm` (drizzle).
 */
import { mkdirSync } from 'node:fs';
import postgres from 'postgres';
import { postgresPool } from './socket.ts';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Orm = PgDatabase<any, Schema>;

/** Runs raw SQL with positional parameters ($1, $2, ...). */
export interface Queryable {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A Queryable inside a transaction, with bulk COPY. */
export interface Transaction extends Queryable {
  /**
   * COPY rows into `table (columns)`: `chunks` are pieces of COPY text format (tab-separated
   * values, one line per row, \N for null), in UTF-8. All or nothing: when Postgres refuses any
   * row (a key already present, a value its column cannot hold) nothing is written, the
   * transaction stays usable, and this throws.
   */
  copyFrom(table: string, columns: readonly string[], chunks: readonly Uint8Array[]): Promise<void>;
}

export interface Database extends Queryable {
  kind: 'postgres' | 'pglite';
  /** The postgres:// URL (postgres only). */
  url?: string;
  orm: Orm;
  /** Runs fn in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres:// URL; when absent, embedded PGlite in `dataDir` (or in memory if dataDir is 'memory://'). */
  url?: string;
  dataDir?: string;
  /** Max connections of the postgres.js pool. */
  max?: number;
}

export async function openDatabase({ url, dataDir, max = 10 }: OpenDatabaseOptions): Promise<Database> {
  if (url) return openPostgres(url, max);
  return openPglite(dataDir ?? '.rollscope/pglite');
}

function openPostgres(url: string, max: number): Database {
  const sql = postgresPool(url, { max });
  const orm = drizzlePostgres(sql, { schema }) as unknown as Orm;
  return {
    kind: 'postgres',
    url,
    orm,
    query: async (text, params = []) => (await sql.unsafe(text, params as never[])) as never,
    transaction: (fn) =>
      sql.begin((tx) =>
        fn({
          query: async (text, params = []) => (await tx.unsafe(text, params as never[])) as never,
          // In a savepoint: a refused COPY rolls back to it, and the transaction goes on.
          copyFrom: async (table, columns, chunks) => void (await tx.savepoint((sp) => copyIn(sp, copyStatement(table, columns, 'stdin'), chunks))),
        }),
      ) as never,
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pg = new PGlite(dataDir);
  await pg.waitReady;
  const orm = drizzlePglite(pg, { schema }) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    query: async (text, params = []) => (await pg.query(text, params)).rows as never,
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({
          query: async (text, params = []) => (await tx.query(text, params)).rows as never,
          copyFrom: async (table, columns, chunks) => {
            await tx.query('savepoint rollscope_copy');
            try {
              await tx.query(copyStatement(table, columns, `'/dev/blob'`), [], { blob: new Blob(chunks as unknown as BlobPart[]) });
            } catch (err) {
              await tx.query('rollback to savepoint rollscope_copy');
              throw err;
            }
            await tx.query('release savepoint rollscope_copy');
          },
        }),
      ),
    close: () => pg.close(),
  };
}

const copyStatement = (table: string, columns: readonly string[], from: string) =>
  `copy "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) from ${from}`;

/**
 * COPY ... FROM STDIN through postgres.js. Its writable never settles when Postgres refuses the
 * data after the last chunk was sent (porsager/postgres#1173, open in 3.4.9): so once the copy's
 * end has been handed to the connection, the next statement tells. It runs after the copy on the
 * same connection; if the copy failed, the transaction is aborted and that statement fails too
 * (25P02), which rejects the enclosing savepoint. A failure while sending ends the writable with
 * the error.
 */
async function copyIn(sql: postgres.TransactionSql, statement: string, chunks: readonly Uint8Array[]): Promise<void> {
  const writable = await sql.unsafe(statement).writable();
  let failure: Error | undefined;
  const failed = new Promise<never>((_, reject) => writable.once('error', (err: Error) => reject((failure = err))));
  failed.catch(() => {});
  // postgres.js marks the copy as done (and lets other statements run) inside _final.
  const finalOf = writable._final!.bind(writable);
  const ended = new Promise<void>((resolve) => {
    writable._final = (callback) => {
      finalOf(callback);
      resolve();
    };
  });
  for (const chunk of chunks) {
    if (failure) throw failure;
    if (!writable.write(chunk)) await Promise.race([new Promise((r) => writable.once('drain', r)), failed]);
  }
  if (failure) throw failure;
  writable.end();
  await Promise.race([ended, failed]);
  await sql.unsafe('select 1');
}
