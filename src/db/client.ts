/**
 * One database handle for both backends: Postgres through postgres.js (DATABASE_URL set) and
 * embedded PGlite (DATABASE_URL unset; data kept under a local folder). Bulk writes and
 * transactions go through `query` (raw SQL, positional params); typed reads use `orm` (drizzle).
 */
import { mkdirSync } from 'node:fs';
import postgres from 'postgres';
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

export interface Database extends Queryable {
  kind: 'postgres' | 'pglite';
  /** The postgres:// URL (postgres only). */
  url?: string;
  orm: Orm;
  /** Runs fn in one transaction: everything it wrote commits together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
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
  const sql = postgres(url, {
    max,
    onnotice: () => {},
  });
  const orm = drizzlePostgres(sql, { schema }) as unknown as Orm;
  return {
    kind: 'postgres',
    url,
    orm,
    query: async (text, params = []) => (await sql.unsafe(text, params as never[])) as never,
    transaction: (fn) =>
      sql.begin((tx) => fn({ query: async (text, params = []) => (await tx.unsafe(text, params as never[])) as never })) as never,
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
    transaction: (fn) => pg.transaction((tx) => fn({ query: async (text, params = []) => (await tx.query(text, params)).rows as never })),
    close: () => pg.close(),
  };
}
