/**
 * bench:write — the fact write path (writeFacts: COPY in a savepoint; when rows are there already,
 * a text staging table and INSERT ... ON CONFLICT DO NOTHING)
 * against drizzle's insert and against COPY (the floor), on the same rows, in one run, on the real
 * Postgres (TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres; a fresh database).
 *   node bin/run.mjs bench/write.ts [rows]
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { createTestDatabase } from '../src/db/testing.ts';
import { writeFacts } from '../src/db/write.ts';
import { sequencerBatches } from '../src/db/schema/index.ts';

const N = Number(process.argv[2] ?? 200_000);

function row(i: number, chainId: number) {
  return {
    chainId,
    blockNumber: 20_000_000 + Math.floor(i / 4),
    blockHash: `0x${(20_000_000 + Math.floor(i / 4)).toString(16).padStart(64, '0')}`,
    blockTime: 1_700_000_000 + Math.floor(i / 4) * 12,
    txHash: `0x${i.toString(16).padStart(64, 'a')}`,
    txIndex: i % 4,
    logIndex: (i % 4) * 3,
    subIndex: 0,
    rollupId: 'bench',
    batchNumber: String(700_000 + i),
    submitter: '0xc1b634853cb333d3ad8663715b08f41a3aec47cc',
    dataLocation: 'BLOB',
    bytesPosted: 131072 * 3,
    blobCount: 3,
    blobGasUsed: '393216',
    blobBaseFee: '1000000007',
    l1GasUsed: '123456',
    l1GasPrice: '15000000000',
    executionFee: (123456n * 15000000000n).toString(),
    blobFee: (393216n * 1000000007n).toString(),
    l2BlockStart: i * 100,
    l2BlockEnd: i * 100 + 99,
    delayedMessagesRead: String(1_000_000 + i),
    forced: false,
  };
}

async function time(label: string, fn: () => Promise<unknown>) {
  const t0 = performance.now();
  await fn();
  const s = (performance.now() - t0) / 1000;
  const rate = N / s;
  console.log(`${label.padEnd(38)} ${s.toFixed(2).padStart(7)} s  ${Math.round(rate).toLocaleString('en-US').padStart(10)} rows/s`);
  return rate;
}

const t = await createTestDatabase();
try {
  const { db } = t;
  console.log(`bench:write — ${N.toLocaleString('en-US')} sequencer_batches rows into Postgres (${db.kind})`);
  const a = Array.from({ length: N }, (_, i) => row(i, 1));
  const b = Array.from({ length: N }, (_, i) => row(i, 2));
  const c = Array.from({ length: N }, (_, i) => row(i, 3));

  const ours = await time('writeFacts (new rows: COPY)', () => writeFacts(db, sequencerBatches, a));
  const again = await time('writeFacts again (duplicates: staged)', () => writeFacts(db, sequencerBatches, a));
  const drizzleRate = await time('drizzle insert (1000-row chunks)', async () => {
    for (let i = 0; i < b.length; i += 1000) await db.orm.insert(sequencerBatches).values(b.slice(i, i + 1000)).onConflictDoNothing();
  });

  // COPY floor: the same rows as CSV through postgres.js COPY FROM STDIN (no conflict handling).
  const cols = Object.keys(c[0]).map((k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
  const sql = postgres(t.url, { max: 1, onnotice: () => {} });
  const copyRate = await time('COPY FROM STDIN (floor, not idempotent)', async () => {
    const writable = await sql.unsafe(`copy sequencer_batches (${cols.join(', ')}) from stdin with (format csv)`).writable();
    async function* lines() {
      for (let i = 0; i < c.length; i += 1000) {
        yield c.slice(i, i + 1000).map((r) => Object.values(r).join(',')).join('\n') + '\n';
      }
    }
    await pipeline(Readable.from(lines()), writable);
  });
  await sql.end();

  const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches');
  if (n !== 3 * N) throw new Error(`expected ${3 * N} rows, found ${n}`);
  console.log(`\nratio writeFacts / drizzle insert: ${(ours / drizzleRate).toFixed(2)}x`);
  console.log(`ratio writeFacts / COPY floor:     ${(ours / copyRate).toFixed(2)}x`);
  console.log(`duplicate rewrite rate:            ${Math.round(again).toLocaleString('en-US')} rows/s`);
} finally {
  await t.drop();
}
