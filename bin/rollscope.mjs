#!/usr/bin/env node
// Entry point of the `rollscope` CLI. Runs dist/rollscope.mjs (`npm run build`, also run by npm's
// postinstall) while it is newer than every file under src/; otherwise the TypeScript sources
// through tsx, so a source edit is never run stale. ROLLSCOPE_TSX=1 forces the sources.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = join(root, 'dist/rollscope.mjs');

function newestUnder(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : statSync(path).mtimeMs);
  }
  return newest;
}

if (process.env.ROLLSCOPE_TSX !== '1' && existsSync(bundle) && statSync(bundle).mtimeMs >= newestUnder(join(root, 'src'))) {
  await import(bundle);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
