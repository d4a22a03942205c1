/**
 * The engine in embedded mode (no Redis) against a real anvil and Postgres: backfill of log,
 * factory and transaction sources equals what the node holds; reorgs of depth 1, 5 and 64 during
 * head following leave exactly the canonical facts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Registry } from 'prom-client';
import { keccak256, pad, toHex, type Address, type Hex } from 'viem';
import { createTestDatabase, type TestDatabase } from '../db/testing.ts';
import { createIngest, type Ingest } from './engine.ts';
import { createTestStack, testRollup } from './testing/stack.ts';
import { startTestChain, storedLogs, truthLogs, waitFor, type TestChain } from './testing/chain.ts';
import { emitCalldata, OTHER_TOPIC, TEST_TOPIC } from './testing/emitter.ts';

const FACTORY_TOPIC = keccak256(toHex('RollscopeChildCreated(address)'));
const INBOX = '0x00000000000000000000000000000000000b0b01' as Address;

describe('sync engine (embedded queue)', () => {
  let chain: TestChain;
  let tdb: TestDatabase;
  let ingest: Ingest | undefined;
  let registry: Registry;
  let emitters: Address[] = [];
  let factory: Address;
  let children: Address[] = [];
  const batcher = { index: 1 } as const;
  let batcherAddress: Address;
  const sentBatches: Hex[] = [];

  beforeAll(async () => {
    [chain, tdb] = await Promise.all([startTestChain(31337), createTestDatabase()]);
    emitters = [await chain.deployEmitter(), await chain.deployEmitter()];
    factory = await chain.deployEmitter();
    children = [await chain.deployEmitter(), await chain.deployEmitter()];
    const { mnemonicToAccount } = await import('viem/accounts');
    const { DEVNET_MNEMONIC } = await import('../devnet/anvil.ts');
    const batcherAccount = mnemonicToAccount(DEVNET_MNEMONIC, { addressIndex: batcher.index });
    batcherAddress = batcherAccount.address.toLowerCase() as Address;

    let id = 0;
    // History: logs spread over ~600 blocks, noise the sources must ignore, factory children, batcher txs.
    for (let round = 0; round < 6; round++) {
      await chain.emit(emitters[round % 2], id, id + 50); id += 50;
      await chain.emit(emitters[0], 10_000 + round, 10_001 + round, OTHER_TOPIC);
      await chain.emit(children[0], 20_000 + round, 20_001 + round); // before/after its creation log
      if (round === 2) await chain.emit(factory, 0, 1, FACTORY_TOPIC).catch(() => {});
      if (round === 2) {
        // Factory log announcing children[0]: topic1 = the child address.
        await chain.wallet.sendTransaction({ account: chain.account, chain: null, to: factory, data: emitCalldata({ start: BigInt(children[0]), end: BigInt(children[0]) + 1n, topic: FACTORY_TOPIC }), gas: 100_000n })
          .then((h) => chain.client.waitForTransactionReceipt({ hash: h }));
      }
      const tx = await chain.wallet.sendTransaction({ account: batcherAccount, chain: null, to: INBOX, data: toHex(`batch ${round}`), gas: 100_000n });
      await chain.client.waitForTransactionReceipt({ hash: tx });
      sentBatches.push(tx);
      // Noise: the batcher elsewhere, someone else to the inbox.
      await chain.wallet.sendTransaction({ account: batcherAccount, chain: null, to: emitters[0], data: '0x', gas: 100_000n }).then((h) => chain.client.waitForTransactionReceipt({ hash: h }));
      await chain.wallet.sendTransaction({ account: chain.account, chain: null, to: INBOX, data: '0x01', gas: 100_000n }).then((h) => chain.client.waitForTransactionReceipt({ hash: h }));
      await chain.mine(97);
    }
    await chain.mine(70); // so the history is below the finalized tag (latest − 64)
  });

  afterAll(async () => {
    await ingest?.stop();
    await chain?.stop();
    await tdb?.drop();
  });

  const rollup = testRollup('test-rollup', 31337);
  const stack = createTestStack(() => [
    { kind: 'logs', id: 'emitters', chainId: 31337, addresses: emitters, topics: [TEST_TOPIC], fromBlock: 0 },
    { kind: 'factory', id: 'children', chainId: 31337, factory, factoryTopic: FACTORY_TOPIC, childAddress: (l) => `0x${l.topics[1].slice(26)}` as Address, topics: [TEST_TOPIC], fromBlock: 0 },
    { kind: 'transactions', id: 'batches', chainId: 31337, to: INBOX, senders: () => [batcherAddress], fromBlock: 0, withReceipts: true },
  ]);

  async function synced(): Promise<boolean> {
    const [head] = await chain.client.request({ method: 'eth_blockNumber' }).then((n) => [Number(n)]);
    const p = await ingest!.refreshProgress();
    return p.synced && p.chains[0].tip === head;
  }

  async function expectFactsEqualChain(): Promise<void> {
    const emitterTruth = await truthLogs(chain.client, emitters, [TEST_TOPIC]);
    expect(await storedLogs(tdb.db, rollup.id, 'emitters')).toEqual(emitterTruth);
    // Children logs count only from the child's creation log on.
    const created = await truthLogs(chain.client, [factory], [FACTORY_TOPIC]);
    const since = new Map(created.map((c) => [`0x${BigInt(c.id).toString(16).padStart(40, '0')}`, c.block]));
    const childTruth = (await truthLogs(chain.client, children, [TEST_TOPIC])).filter((l) => since.has(l.address) && l.block >= since.get(l.address)!);
    expect(await storedLogs(tdb.db, rollup.id, 'children')).toEqual(childTruth);
  }

  it('backfills logs, factory children and batcher transactions equal to the chain', async () => {
    registry = new Registry();
    ingest = createIngest({
      db: tdb.db, chains: [{ chainId: 31337, rpcUrls: [chain.anvil.rpcUrl], pollIntervalMs: 100 }],
      rollups: [{ definition: rollup, stack }], logger: pino({ level: 'warn' }), metrics: registry, concurrency: 3,
      tuning: { jobSpanBlocks: 150, sequentialJobSpanBlocks: 100, initialLogSpan: 40, progress: 'off', pruneEveryBlocks: 16 },
    });
    await ingest.start();
    await waitFor(synced, { what: 'backfill', timeoutMs: 60_000 });
    expect(ingest.backfillDone()).toBe(true);
    await expectFactsEqualChain();
    expect((await storedLogs(tdb.db, rollup.id, 'emitters')).length).toBe(300);
    expect((await storedLogs(tdb.db, rollup.id, 'children')).length).toBe(3); // rounds 3, 4, 5 after the creation log in round 2

    const batches = await tdb.db.query<{ tx_hash: string; batch_number: string; submitter: string; l1_gas_used: string; block_time: number; block_number: number }>(
      `select tx_hash, batch_number, submitter, l1_gas_used, block_time, block_number from sequencer_batches where rollup_id = $1 order by block_number`, [rollup.id]);
    expect(batches.map((b) => b.tx_hash)).toEqual(sentBatches.map((h) => h.toLowerCase()));
    // Decoder state carried across ranges: batch numbers 0..5 in order.
    expect(batches.map((b) => b.batch_number)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(batches.every((b) => b.submitter === batcherAddress && Number(b.l1_gas_used) > 21_000)).toBe(true);
    // Headers of fact blocks are stored with their real timestamps.
    for (const b of batches) {
      const block = await chain.client.getBlock({ blockNumber: BigInt(b.block_number) });
      expect(Number(b.block_time)).toBe(Number(block.timestamp));
      const [row] = await tdb.db.query<{ hash: string }>(`select hash from blocks where chain_id = 31337 and number = $1`, [b.block_number]);
      expect(row.hash).toBe(block.hash);
    }
    const metrics = await registry.metrics();
    expect(metrics).toMatch(/rollscope_facts_written_total\{chain_id="31337",table="bridgeMessages"\} 303/);
    // Headers of finalized blocks without facts are pruned; the unfinalized list stays linked.
    const factless = `select count(*)::int as n from blocks b where b.number < (select finalized from chain_heads) - 1 and not exists
      (select 1 from bridge_messages f where f.block_number = b.number) and not exists (select 1 from sequencer_batches f where f.block_number = b.number)`;
    await waitFor(async () => (await tdb.db.query<{ n: number }>(factless))[0].n === 0, { what: 'pruning' });
    const unlinked = await tdb.db.query<{ n: number }>(`select count(*)::int as n from blocks b join blocks p on p.number = b.number - 1
      where b.number > (select finalized from chain_heads) and p.hash <> b.parent_hash`);
    expect(unlinked[0].n).toBe(0);
    const [{ n: linked }] = await tdb.db.query<{ n: number }>(`select count(*)::int as n from blocks where number >= (select finalized from chain_heads)`);
    const [{ latest, finalized }] = await tdb.db.query<{ latest: number; finalized: number }>(`select latest, finalized from chain_heads`);
    expect(linked).toBe(Number(latest) - Number(finalized) + 1);
  });

  for (const depth of [1, 5, 64]) {
    it(`keeps facts equal to the chain across a reorg of depth ${depth} while following the head`, async () => {
      const reorgsBefore = await reorgCount(registry);
      // New facts near the head, indexed before the reorg.
      await chain.mine(depth + 2);
      const base = 1_000_000 * depth;
      for (let i = 0; i < Math.min(depth, 4); i++) await chain.emit(emitters[i % 2], base + i * 10, base + i * 10 + 3);
      if (depth > 4) await chain.mine(depth - 4);
      await waitFor(synced, { what: 'head following before reorg' });
      await expectFactsEqualChain();
      const before = await storedLogs(tdb.db, rollup.id, 'emitters');
      expect(before.some((l) => Number(l.id) >= base)).toBe(true);

      // Replace the last `depth` blocks: the new branch holds other events.
      const replacement = [{ from: chain.account.address, to: emitters[0], data: emitCalldata({ start: base + 500, end: base + 502 }), gas: toHex(200_000) }];
      await chain.client.request({ method: 'anvil_reorg' as never, params: [depth, replacement.map((tx) => [tx, 0])] as never });
      await chain.mine(1);
      await waitFor(async () => (await reorgCount(registry)) > reorgsBefore && (await synced()), { what: 'reorg handled' });
      await expectFactsEqualChain();
      const after = await storedLogs(tdb.db, rollup.id, 'emitters');
      expect(after.some((l) => l.id === String(base + 500))).toBe(true);
      // No fact or header of the abandoned branch remains.
      const orphans = await tdb.db.query<{ n: number }>(
        `select count(*)::int as n from bridge_messages f left join blocks b on b.chain_id = f.chain_id and b.number = f.block_number and b.hash = f.block_hash where b.hash is null`);
      expect(orphans[0].n).toBe(0);
    });
  }

  it('stamps blocks.finalized_at when it sees a followed block become finalized', async () => {
    const [{ latest: followedFrom }] = await tdb.db.query<{ latest: number }>(`select latest from chain_heads`);
    await chain.emit(emitters[0], 9_000_000, 9_000_002);
    const t0 = Math.floor(Date.now() / 1000);
    await chain.mine(70); // past anvil's finalized tag (latest − 64)
    await waitFor(synced, { what: 'following past finality' });
    await waitFor(async () => {
      const rows = await tdb.db.query<{ finalized_at: number | null }>(
        `select b.finalized_at from blocks b join bridge_messages f on f.block_number = b.number where f.message_id = '9000000'`);
      return rows.length === 1 && rows[0].finalized_at !== null;
    }, { what: 'finalized_at of the fact block' });
    const [row] = await tdb.db.query<{ finalized_at: number; finalized_estimated: boolean }>(
      `select b.finalized_at, b.finalized_estimated from blocks b join bridge_messages f on f.block_number = b.number where f.message_id = '9000000'`);
    expect(Number(row.finalized_at)).toBeGreaterThanOrEqual(t0 - 1);
    expect(Number(row.finalized_at)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect(row.finalized_estimated).toBe(false);
    // History (backfilled, already finalized when following began) is not stamped as observed.
    const history = await tdb.db.query<{ finalized_at: number | null }>(
      `select distinct b.number, b.finalized_at from blocks b join bridge_messages f on f.block_number = b.number where f.kind = 'emitters' and f.message_id::numeric < 300`);
    expect(history.length).toBeGreaterThan(0);
    expect(history.every((h) => h.finalized_at === null)).toBe(true);
    expect(Number(followedFrom)).toBeGreaterThan(0);
  });
});

async function reorgCount(registry: Registry): Promise<number> {
  const m = await registry.getSingleMetric('rollscope_reorgs_total')?.get();
  return (m?.values ?? []).reduce((s, v) => s + v.value, 0);
}

void pad;

describe('sync engine on embedded PGlite', () => {
  it('backfills and follows the head with the same code path', async () => {
    const { openDatabase } = await import('../db/client.ts');
    const { migrate } = await import('../db/migrate.ts');
    const chain = await startTestChain(31345);
    const db = await openDatabase({ dataDir: 'memory://' });
    await migrate(db);
    const emitter = await chain.deployEmitter();
    for (let i = 0; i < 5; i++) { await chain.emit(emitter, i * 100, i * 100 + 100); await chain.mine(10); }
    const ingest = createIngest({
      db, chains: [{ chainId: 31345, rpcUrls: [chain.anvil.rpcUrl], pollIntervalMs: 100 }],
      rollups: [{ definition: testRollup('lite', 31345), stack: createTestStack(() => [{ kind: 'logs', id: 'e', chainId: 31345, addresses: [emitter], topics: [TEST_TOPIC], fromBlock: 0 }]) }],
      logger: pino({ level: 'warn' }), metrics: new Registry(), concurrency: 2, tuning: { jobSpanBlocks: 20, progress: 'off' },
    });
    try {
      await ingest.start();
      await chain.emit(emitter, 1_000, 1_010);
      const head = Number(await chain.client.getBlockNumber({ cacheTime: 0 }));
      await waitFor(async () => { const p = await ingest.refreshProgress(); return p.synced && p.chains[0].tip === head; }, { what: 'pglite sync' });
      expect(await storedLogs(db, 'lite')).toEqual(await truthLogs(chain.client, [emitter], [TEST_TOPIC]));
      expect((await storedLogs(db, 'lite')).length).toBe(510);
    } finally {
      await ingest.stop();
      await db.close();
      await chain.stop();
    }
  });
});
