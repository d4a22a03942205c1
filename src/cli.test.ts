import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/rollscope.mjs', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('rollscope CLI', () => {
  it('prints help listing every command', async () => {
    const p = run(['--help']);
    expect(await p.exited).toBe(0);
    for (const c of ['start', 'api', 'worker', 'migrate']) expect(p.out()).toMatch(new RegExp(`^  ${c} `, 'm'));
  });

  it('refuses an unknown command', async () => {
    const p = run(['frobnicate']);
    expect(await p.exited).toBe(2);
    expect(p.err()).toContain('Unknown command "frobnicate"');
  });

  it('fails at start on a bad configuration value, naming it', async () => {
    const p = run(['start'], { ROLLSCOPE_RPC_1: 'not a url', DATABASE_URL: '' });
    expect(await p.exited).toBe(78);
    expect(p.err()).toContain('chains.1.rpcUrls.0 (from ROLLSCOPE_RPC_1) = "not a url"');
  });

  it('starts on embedded PGlite with no services and serves GraphiQL and the API', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'rollscope-cli-')), 'pglite');
    const p = run(['start'], { ROLLSCOPE_DATA_DIR: dataDir, ROLLSCOPE_PORT: '0', ROLLSCOPE_HOST: '127.0.0.1', DATABASE_URL: '', REDIS_URL: '' });
    try {
      let url: string | undefined;
      for (let i = 0; i < 300 && !url; i++) {
        await new Promise((r) => setTimeout(r, 100));
        const line = p.out().split('\n').find((l) => l.includes('"msg":"migrations applied"'));
        const listening = p.out().split('\n').find((l) => l.includes('"msg":"API listening"'));
        if (line && listening) url = JSON.parse(listening).url as string;
      }
      expect(url, `stdout: ${p.out()}\nstderr: ${p.err()}`).toBeDefined();
      expect(p.out()).toContain('"backend":"pglite"');
      const page = await fetch(url!, { headers: { accept: 'text/html' } });
      expect(await page.text()).toContain('<title>rollscope</title>');
      const res = await fetch(url!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ rollups { id } }' }) });
      expect(((await res.json()) as { data: { rollups: unknown[] } }).data.rollups).toBeInstanceOf(Array);
    } finally {
      p.child.kill('SIGTERM');
      expect(await p.exited).toBe(0);
    }
  });
});
