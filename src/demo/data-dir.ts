/**
 * The demo's PGlite folder is wiped at every start, so the demo always indexes from scratch. Only
 * a folder that is absent, empty or a PGlite/Postgres data folder (it holds PG_VERSION) is wiped:
 * a mistyped --data-dir never deletes anything else.
 */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export class DemoDataDirError extends Error {
  constructor(readonly dir: string, reason: string) {
    super(`demo data folder ${dir}: ${reason}; expected an absent folder, an empty one or a PGlite data folder (with PG_VERSION)`);
    this.name = 'DemoDataDirError';
  }
}

/** Removes the folder's contents (the folder itself is recreated by PGlite); returns the absolute path. */
export function wipeDemoDataDir(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs)) return abs;
  if (!statSync(abs).isDirectory()) throw new DemoDataDirError(abs, 'is not a folder');
  const entries = readdirSync(abs);
  if (entries.length > 0 && !existsSync(join(abs, 'PG_VERSION'))) throw new DemoDataDirError(abs, `holds ${entries.length} entries and no PG_VERSION`);
  rmSync(abs, { recursive: true, force: true });
  return abs;
}
