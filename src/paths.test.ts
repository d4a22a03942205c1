import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { packageRoot } from './paths.ts';
import { createTestDatabase } from './db/testing.ts';

const run = promisify(execFile);
// @ts-expect-error plain ESM build script without type declarations
const { bundle } = (await import('../scripts/build.mjs')) as { bundle(o: { entry: string; outfile: string }): Promise<void> };

describe('the bundled CLI (dist/, what bin/rollscope.mjs runs after npm run build)', () => {
  // Three folders down: paths taken relative to the module (not the package root) would miss.
  const outDir = join(packageRoot, 'dist', 'test', String(process.pid));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('finds the package root from src/', () => {
    expect(JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).name).toBe('rollscope');
    expect(existsSync(join(packageRoot, 'schema'))).toBe(true);
  });

  it('runs from dist/: prints its help and applies the migrations it finds through the package root', async () => {
    const outfile = join(outDir, 'rollscope.mjs');
    await bundle({ entry: 'src/cli.ts', outfile });
    const help = await run(process.execPath, [outfile, '--help'], { cwd: packageRoot });
    expect(help.stdout).toContain('Usage: rollscope <command>');

    const t = await createTestDatabase({ migrated: false });
    try {
      await run(process.execPath, [outfile, 'migrate'], { cwd: outDir, env: { ...process.env, DATABASE_URL: t.url, LOG_LEVEL: 'silent' } });
      const tables = await t.db.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('sequencer_batches', 'forced_messages', 'rollup_snapshots')`);
      expect(tables[0]!.n).toBe(3);
    } finally {
      await t.drop();
    }
  }, 120_000);
});
