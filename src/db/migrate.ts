/**
 * Applies the drizzle-kit migrations in drizzle/. On Postgres an advisory lock serialises
 * concurrent starters (N workers + API booting at once); PGlite is single-process.
 */
import { join } from 'node:path';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { postgresPool } from './socket.ts';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { Database } from './client.ts';
import { packageRoot } from '../paths.ts';

export const migrationsFolder = join(packageRoot, 'drizzle');
const MIGRATION_LOCK = 7_262_001;

export async function migrate(db: Database): Promise<void> {
  if (db.kind === 'pglite') {
    await migratePglite(db.orm as never, { migrationsFolder });
    return;
  }
  // One dedicated connection: the advisory lock belongs to a session, not to the pool.
  const sql = postgresPool(db.url!, { max: 1 });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
