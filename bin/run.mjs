#!/usr/bin/env node
// Runs one TypeScript file (a benchmark or a script) through tsx: `node bin/run.mjs bench/write.ts`.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
register();
const file = process.argv[2];
if (!file) { console.error('usage: node bin/run.mjs <file.ts> [args...]'); process.exit(2); }
process.argv.splice(2, 1);
// Lets the file know it is the entry point (see src/devnet/main-module.ts).
process.env.ROLLSCOPE_ENTRY = resolve(file);
await import(pathToFileURL(resolve(file)).href);
