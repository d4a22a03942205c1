/**
 * Head following and commits share the chain lock: a tick that stores new headers, rewinds or
 * stamps finality holds it exclusively, so no commit checks its range against a list being
 * changed. A tick that finds nothing new takes no lock, so commits in flight are not drained by
 * every poll. Real anvil and Postgres; a commit in flight is a transaction holding the shared lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createRpcClient } from '../chain/rpc.ts';
import { followHead } from './head.ts';
import { chainLockSql } from './tables.ts';
import { startTestChain, type TestChain } from './testing/chain.ts';

const CHAIN = 31337;

describe('head tick and the chain lock', () => {
  let chain: TestChain;
  let tdb: TestDatabase;
  const tick = () => followHead({ db: tdb.db, rpc: createRpcClient({ chainId: CHAIN, urls: [chain.anvil.rpcUrl] }), chainId: CHAIN, finality: 'tags' });
  const updatedAt = async () => new Date((await tdb.db.query<{ updated_at: Date | string }>('select updated_at from chain_heads where chain_id = $1', [CHAIN]))[0]!.updated_at).getTime();

  /** Runs `fn` while another transaction holds the shared chain lock (as a commit does) until `release` is called. */
  async function withCommitInFlight<T>(fn: (release: () => void) => Promise<T>): Promise<T> {
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const holding = new Promise<void>((r) => { locked = r; });
    const commit = tdb.db.transaction(async (tx) => {
      await tx.query(chainLockSql('shared'), [CHAIN]);
      locked();
      await released;
    });
    await holding;
    try {
      return await fn(release);
    } finally {
      release();
      await commit;
    }
  }

  beforeAll(async () => {
    [chain, tdb] = await Promise.all([startTestChain(CHAIN), createTestDatabase()]);
    await chain.mine(80);
    await tick();
  }, 60_000);
  afterAll(async () => {
    await tdb?.drop();
    await chain?.stop();
  });

  it('records a tick that found nothing new while a commit holds the chain lock', async () => {
    const before = await updatedAt();
    await new Promise((r) => setTimeout(r, 20));
    await withCommitInFlight(async () => {
      const outcome = await Promise.race([tick().then((u) => u), new Promise<'blocked'>((r) => setTimeout(() => r('blocked'), 5_000))]);
      expect(outcome).not.toBe('blocked');
      expect(await updatedAt()).toBeGreaterThan(before);
    });
  });

  it('waits for commits in flight before storing new headers, then stores them', async () => {
    const tipBefore = Number((await chain.client.getBlockNumber({ cacheTime: 0 })));
    await chain.mine(3);
    await withCommitInFlight(async (release) => {
      let done = false;
      const ticking = tick().then((u) => { done = true; return u; });
      await new Promise((r) => setTimeout(r, 500));
      expect(done).toBe(false);
      release();
      const update = await ticking;
      expect(update.tip).toBe(tipBefore + 3);
    });
    const [row] = await tdb.db.query<{ latest: number }>('select latest from chain_heads where chain_id = $1', [CHAIN]);
    expect(Number(row!.latest)).toBe(tipBefore + 3);
  });
});
