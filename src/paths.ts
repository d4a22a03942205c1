/**
 * The package's root folder (the one holding rollscope's package.json), found from this module's
 * location: the same answer when run from src/ through tsx and from the bundle in dist/. Files the
 * service reads at run time (schema/, drizzle/, devnet contracts) are located from it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'rollscope') return dir;
    if (dirname(dir) === dir) throw new Error(`rollscope's package.json not found above ${from}`);
  }
}

export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
