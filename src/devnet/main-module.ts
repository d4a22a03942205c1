/**
 * `isMainModule(import.meta.url)`: true when this module is the file run by `node bin/run.mjs <file>`
 * (bin/run.mjs sets ROLLSCOPE_ENTRY) or by `tsx <file>` directly.
 */
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

export function isMainModule(importMetaUrl: string): boolean {
  const self = fileURLToPath(importMetaUrl);
  const entry = process.env.ROLLSCOPE_ENTRY ?? (process.argv[1] ? resolve(process.argv[1]) : undefined);
  return entry === self;
}
