/**
 * The quick start as a user meets it: `startDemo` brings up the devnet, the history and the app on
 * a fresh PGlite folder; over HTTP the API becomes ready, GraphiQL opens on the demo's rollup, the
 * example queries answer for both rollups, the live rounds move the latest batch, and stop()
 * leaves no anvil behind. Plus the guards: settings that would point elsewhere are ignored, a
 * folder that is not PGlite's is never wiped, and the CLI's help and bad flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { graphiqlTabs, riskEnginePoll } from '../api/graphiql.ts';
import { startDemo, type Demo } from './index.ts';
import { DemoDataDirError, wipeDemoDataDir } from './data-dir.ts';
import { DEMO_ARBITRUM_ID, DEMO_OPSTACK_ID } from './rollups.ts';

const ROOT = resolve(import.meta.dirname, '../..');

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('rollscope demo', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'rollscope-demo-'));
  const dataDir = join(scratch, 'pglite');
  const lines: string[] = [];
  let demo: Demo | undefined;
  let startedAt = 0;

  const gql = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${demo!.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as { data?: any; errors?: { message: string }[] };
  };
  const poll = (rollup: string) => gql(riskEnginePoll, { rollup });

  beforeAll(async () => {
    // A leftover from an earlier run: wiped, since it is a PGlite folder.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, 'PG_VERSION'), '17\n');
    writeFileSync(join(dataDir, 'stale'), 'old');
    startedAt = Date.now();
    demo = await startDemo({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      liveIntervalMs: 500,
      statusEveryMs: 1_000,
      // Settings that would send the demo elsewhere: all ignored.
      env: { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/nothing', REDIS_URL: 'redis://127.0.0.1:1', ROLLSCOPE_DATA_DIR: join(scratch, 'not-this'), ROLLSCOPE_RPC_1: 'http://127.0.0.1:1' },
      logLevel: 'silent',
      print: (line) => lines.push(line),
    });
  }, 60_000);

  afterAll(async () => {
    await demo?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('is ready within a minute, on PGlite in its own fresh folder, ignoring DATABASE_URL and REDIS_URL', async () => {
    await until('/ready = 200', async () => ((await fetch(`${demo!.url}/ready`)).status === 200 ? true : undefined), 60_000 - (Date.now() - startedAt));
    expect(demo!.app.db.kind).toBe('pglite');
    expect(existsSync(join(dataDir, 'stale'))).toBe(false);
    expect(existsSync(join(scratch, 'not-this'))).toBe(false);
    expect(demo!.rollupIds).toEqual([DEMO_ARBITRUM_ID, DEMO_OPSTACK_ID]);
    expect(lines.find((l) => l.includes('ignores'))).toMatch(/DATABASE_URL.*REDIS_URL.*ROLLSCOPE_DATA_DIR.*ROLLSCOPE_RPC_1/);
    expect(lines.some((l) => l.includes(`${demo!.url}/graphql`))).toBe(true);
    await until('an "indexed up to" line', async () => (lines.some((l) => /indexed up to L1 block \d+/.test(l)) ? true : undefined), 5_000);
  }, 65_000);

  it('answers the RiskPoll example for both rollups: a latest batch, a state root, health OK', async () => {
    for (const id of demo!.rollupIds) {
      // Within the same minute: the poll row is refreshed by the fact watch once the facts landed.
      const r = await until(`a latest batch of ${id} in the poll`, async () => {
        const answer = await poll(id);
        return answer.errors || answer.data?.rollup.latest.batch ? answer : undefined;
      }, Math.max(1_000, 60_000 - (Date.now() - startedAt)));
      expect(r.errors, id).toBeUndefined();
      const rollup = r.data!.rollup;
      expect(rollup.id).toBe(id);
      expect(Number(rollup.latest.batch.number), id).toBeGreaterThanOrEqual(30);
      expect(rollup.latest.stateRoot, id).not.toBeNull();
      expect(rollup.health.status, `${id}: ${JSON.stringify(rollup.health.reasons)}`).toBe('OK');
      const settled = rollup.finality.heads.find((h: { stage: string }) => h.stage === 'SETTLED');
      expect(settled.l2Block, id).toBeGreaterThan(0);
    }
  });

  it('opens GraphiQL on a demo rollup, and every example tab runs for both rollups', async () => {
    const html = await (await fetch(`${demo!.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).toContain(DEMO_ARBITRUM_ID);
    expect(html).not.toContain('arbitrum-one');
    for (const id of demo!.rollupIds) {
      const block = (await poll(id)).data.rollup.latest.batch.l2BlockEnd as number;
      for (const tab of graphiqlTabs(id, block)) {
        const r = await gql(tab.query, JSON.parse(tab.variables));
        expect(r.errors, `${id} ${tab.query.split('\n')[1]}`).toBeUndefined();
      }
    }
  });

  it('stays live: the latest batch of both rollups moves on, with no reorg recorded', async () => {
    const l1Head = async () => {
      const [h] = await demo!.app.db.query<{ latest: string; finalized: string }>(`select latest::text, finalized::text from chain_heads where chain_id = $1`, [demo!.rollups.ctx.l1.chainId]);
      return { latest: Number(h!.latest), finalized: Number(h!.finalized) };
    };
    const headBefore = await l1Head();
    const before = new Map<string, number>();
    for (const id of demo!.rollupIds) before.set(id, Number((await poll(id)).data.rollup.latest.batch.number));
    for (const id of demo!.rollupIds) {
      await until(`a newer batch of ${id}`, async () => (Number((await poll(id)).data?.rollup.latest.batch.number) > before.get(id)! ? true : undefined), 20_000);
    }
    expect(demo!.liveRounds()).toBeGreaterThan(0);
    // The L1 `finalized` tag follows the live chain (anvil: latest − 64), and its moving is not a reorg.
    const headAfter = await l1Head();
    expect(headAfter.finalized).toBeGreaterThan(headBefore.finalized);
    expect(headAfter.latest - headAfter.finalized).toBeGreaterThanOrEqual(64);
    expect(await demo!.app.db.query(`select * from chain_reorgs`)).toEqual([]);
  }, 45_000);

  it('stop() kills every anvil it started', async () => {
    const pids = demo!.anvilPids;
    expect(pids).toHaveLength(3);
    expect(pids.every(alive)).toBe(true);
    await demo!.stop();
    expect(pids.filter(alive)).toEqual([]);
    await expect(fetch(`${demo!.url}/health`)).rejects.toThrow();
  }, 20_000);
});

describe('rollscope demo guards', () => {
  it('never wipes a folder that is not a PGlite data folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollscope-not-pglite-'));
    try {
      writeFileSync(join(dir, 'precious.txt'), 'keep me');
      expect(() => wipeDemoDataDir(dir)).toThrow(DemoDataDirError);
      expect(existsSync(join(dir, 'precious.txt'))).toBe(true);
      expect(wipeDemoDataDir(join(dir, 'absent'))).toBe(join(dir, 'absent'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('CLI: `rollscope demo --help` explains the demo; a bad flag exits 2', () => {
    const help = spawnSync(process.execPath, ['bin/rollscope.mjs', 'demo', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('rollscope demo');
    expect(help.stdout).toContain('npx rollscope start');
    const bad = spawnSync(process.execPath, ['bin/rollscope.mjs', 'demo', '--interval', 'soon'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--interval = "soon": expected a non-negative integer');
    const top = spawnSync(process.execPath, ['bin/rollscope.mjs', '--help'], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(top.stdout).toMatch(/demo\s+the quick start/);
  }, 60_000);
});
