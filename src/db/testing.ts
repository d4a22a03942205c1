/**
 * Test helper: a fresh Postgres database per test file (real server at TEST_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/postgres), migrated, dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresPool } from './socket.ts';
import { openDatabase, type Database } from './client.ts';
import { migrate } from './migrate.ts';

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  db: Database;
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const name = `rollscope_test_${randomBytes(6).toString('hex')}`;
  const admin = postgresPool(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), max: 5 });
  if (migrated) await migrate(db);
  return {
    db,
    url: url.toString(),
    async drop() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}

/** Both backends a test can run on (describe.each): a fresh Postgres database, or PGlite in a temporary folder; both migrated. */
export const testBackends: { name: string; open: () => Promise<{ db: Database; close: () => Promise<void> }> }[] = [
  {
    name: 'Postgres',
    open: async () => {
      const t = await createTestDatabase();
      return { db: t.db, close: t.drop };
    },
  },
  {
    name: 'PGlite',
    open: async () => {
      const db = await openDatabase({ dataDir: join(mkdtempSync(join(tmpdir(), 'rollscope-pglite-')), 'data') });
      await migrate(db);
      return { db, close: () => db.close() };
    },
  },
];
