#!/usr/bin/env node
/**
 * Bundles the CLI (src/cli.ts and everything it imports, npm packages left external) into
 * dist/rollscope.mjs with esbuild. bin/rollscope.mjs runs that bundle while it is newer than every
 * file under src/, and the TypeScript sources through tsx otherwise, so an edit is never run stale.
 * Why: the tsx loader thread costs a process ~80 MB of RSS (measured: 191 MB vs 108 MB for the
 * engine's modules), which a fleet of ingest workers pays once each.
 *   node scripts/build.mjs [--if-possible]   (--if-possible, npm's postinstall: a bundle that cannot be
 *   built — no esbuild, or no src/ yet as in the Dockerfile's install layer — is reported, not an error)
 */
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const optional = process.argv.includes('--if-possible');

export async function bundle({ entry, outfile }) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: 'warning',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    await bundle({ entry: 'src/cli.ts', outfile: 'dist/rollscope.mjs' });
    console.log('built dist/rollscope.mjs');
  } catch (err) {
    if (!optional) throw err;
    console.log(`dist/rollscope.mjs not built (${err.message.split('\n')[0]}); bin/rollscope.mjs runs the sources through tsx`);
  }
}
