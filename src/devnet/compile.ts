/**
 * Compiles the emulator contracts (src/devnet/contracts/**\/*.sol) with solc-js into committed
 * artifacts (src/devnet/artifacts/<ContractName>.json), so tests need no compile step.
 *
 * API (stable):
 *   compileContracts({ write?: boolean }) => CompileResult     // compile all, optionally write
 *   loadArtifact(name) => Artifact                             // { contractName, abi, bytecode, ... }
 *   artifactStaleness() => StaleArtifact[]                     // [] when artifacts match sources
 *   Script: `node bin/run.mjs src/devnet/compile.ts` (writes artifacts, prints what changed).
 *
 * Invariants:
 * - One artifact per contract (not per file); contract names are unique across all sources
 *   (duplicates are an error — prefix stack-specific names, e.g. `OpFoo`).
 * - Deterministic: fixed compiler (solc-js 0.8.28), fixed settings, no metadata hash in bytecode,
 *   sorted JSON keys => the same sources give byte-identical artifacts.
 * - `sourceHash` = sha256 over (path, content) of the contract's file and every file it imports,
 *   transitively, sorted by path; the staleness check recomputes it without compiling.
 * - The script rewrites only artifacts whose content changed; whoever changes a stack's sources
 *   commits that stack's artifacts (compile.test.ts fails while any artifact is stale).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, existsSync, statSync, unlinkSync } from 'node:fs';
import { join, relative, resolve, posix } from 'node:path';
import { createRequire } from 'node:module';
import type { Abi } from 'viem';
import type { Hex } from '../rollups/types.ts';
import { isMainModule } from './main-module.ts';
import { packageRoot } from '../paths.ts';

export const CONTRACTS_DIR = join(packageRoot, 'src/devnet/contracts');
export const ARTIFACTS_DIR = join(packageRoot, 'src/devnet/artifacts');

export const COMPILER_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  viaIR: true,
  metadata: { bytecodeHash: 'none', appendCBOR: false },
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
} as const;

export interface Artifact {
  contractName: string;
  /** Path relative to src/devnet/contracts, posix separators. */
  sourcePath: string;
  sourceHash: Hex;
  compiler: string;
  abi: Abi;
  bytecode: Hex;
}

export interface StaleArtifact {
  contractName: string;
  sourcePath: string;
  reason: 'missing-artifact' | 'hash-mismatch' | 'orphan-artifact';
}

/** All .sol files under contracts/, as posix paths relative to it, sorted. */
export function listSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.sol')) out.push(relative(CONTRACTS_DIR, p).split('\\').join('/'));
    }
  };
  walk(CONTRACTS_DIR);
  return out.sort();
}

function readSource(path: string): string {
  return readFileSync(join(CONTRACTS_DIR, path), 'utf8');
}

const importRe = /^\s*import\s+(?:[^'"]*from\s+)?["']([^"']+)["']/gm;

/** The file and its transitive relative imports, sorted. */
function closure(path: string, seen = new Set<string>()): string[] {
  if (seen.has(path)) return [];
  seen.add(path);
  const src = readSource(path);
  for (const m of src.matchAll(importRe)) {
    const target = m[1]!.startsWith('.') ? posix.normalize(posix.join(posix.dirname(path), m[1]!)) : m[1]!;
    closure(target, seen);
  }
  return [...seen].sort();
}

export function sourceHashOf(path: string): Hex {
  const h = createHash('sha256');
  for (const p of closure(path)) {
    h.update(p);
    h.update('\0');
    h.update(readSource(p));
    h.update('\0');
  }
  return `0x${h.digest('hex')}`;
}

/** Contract names declared (as `contract X`, not interfaces/libraries) in a source file. */
function declaredContracts(src: string): string[] {
  const stripped = src.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  return [...stripped.matchAll(/^\s*(?:abstract\s+)?contract\s+([A-Za-z_]\w*)/gm)]
    .filter((m) => !/abstract/.test(m[0]))
    .map((m) => m[1]!);
}

export interface CompileResult {
  artifacts: Artifact[];
  written: string[];
  removed: string[];
}

export function compileContracts(opts: { write?: boolean } = {}): CompileResult {
  const require = createRequire(import.meta.url);
  const solc = require('solc') as { compile(input: string, opts?: unknown): string; version(): string };
  const sources = listSources();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(sources.map((p) => [p, { content: readSource(p) }])),
    settings: COMPILER_SETTINGS,
  };
  const findImports = (p: string) => {
    const full = resolve(CONTRACTS_DIR, p);
    return existsSync(full) ? { contents: readFileSync(full, 'utf8') } : { error: `import not found: ${p}` };
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports })) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(`solc compilation failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`);

  const compiler = `solc-js ${solc.version()}`;
  const artifacts: Artifact[] = [];
  const owner = new Map<string, string>();
  for (const path of sources) {
    const hash = sourceHashOf(path);
    for (const name of declaredContracts(readSource(path))) {
      const prev = owner.get(name);
      if (prev) throw new Error(`duplicate contract name ${name} in ${prev} and ${path}: contract names must be unique across src/devnet/contracts`);
      owner.set(name, path);
      const c = output.contracts?.[path]?.[name];
      if (!c) throw new Error(`solc produced no output for ${path}:${name}`);
      artifacts.push({ contractName: name, sourcePath: path, sourceHash: hash, compiler, abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` });
    }
  }

  const written: string[] = [];
  const removed: string[] = [];
  if (opts.write) {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    for (const a of artifacts) {
      const file = join(ARTIFACTS_DIR, `${a.contractName}.json`);
      const text = `${JSON.stringify(a, null, 2)}\n`;
      if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
        writeFileSync(file, text);
        written.push(a.contractName);
      }
    }
    const names = new Set(artifacts.map((a) => a.contractName));
    for (const f of readdirSync(ARTIFACTS_DIR)) {
      if (f.endsWith('.json') && !names.has(f.slice(0, -5))) {
        unlinkSync(join(ARTIFACTS_DIR, f));
        removed.push(f.slice(0, -5));
      }
    }
  }
  return { artifacts, written, removed };
}

const cache = new Map<string, Artifact>();

export function loadArtifact(name: string): Artifact {
  let a = cache.get(name);
  if (!a) {
    const file = join(ARTIFACTS_DIR, `${name}.json`);
    if (!existsSync(file)) throw new Error(`artifact ${name} not found at ${file}; run \`node bin/run.mjs src/devnet/compile.ts\``);
    a = JSON.parse(readFileSync(file, 'utf8')) as Artifact;
    cache.set(name, a);
  }
  return a;
}

/** Artifacts that do not match the current sources (without compiling). */
export function artifactStaleness(): StaleArtifact[] {
  const stale: StaleArtifact[] = [];
  const expected = new Map<string, string>();
  for (const path of listSources()) {
    for (const name of declaredContracts(readSource(path))) expected.set(name, path);
  }
  for (const [name, path] of expected) {
    const file = join(ARTIFACTS_DIR, `${name}.json`);
    if (!existsSync(file)) { stale.push({ contractName: name, sourcePath: path, reason: 'missing-artifact' }); continue; }
    const a = JSON.parse(readFileSync(file, 'utf8')) as Artifact;
    if (a.sourceHash !== sourceHashOf(path) || a.sourcePath !== path) stale.push({ contractName: name, sourcePath: path, reason: 'hash-mismatch' });
  }
  if (existsSync(ARTIFACTS_DIR)) {
    for (const f of readdirSync(ARTIFACTS_DIR)) {
      const name = f.slice(0, -5);
      if (f.endsWith('.json') && !expected.has(name)) {
        const a = JSON.parse(readFileSync(join(ARTIFACTS_DIR, f), 'utf8')) as Artifact;
        stale.push({ contractName: name, sourcePath: a.sourcePath, reason: 'orphan-artifact' });
      }
    }
  }
  return stale;
}

// Script entry: `node bin/run.mjs src/devnet/compile.ts`
if (isMainModule(import.meta.url)) {
  const t0 = Date.now();
  const r = compileContracts({ write: true });
  console.log(`compiled ${r.artifacts.length} contracts in ${Date.now() - t0} ms; written: ${r.written.join(', ') || 'none'}; removed: ${r.removed.join(', ') || 'none'}`);
}
