import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './client.ts';
import { migrate } from './migrate.ts';
import { testBackends } from './testing.ts';
import { writeFacts } from './write.ts';
import { sequencerBatches, stateRoots } from './schema/index.ts';

function batchRow(i: number) {
  return {
    chainId: 1,
    blockNumber: 20_000_000 + Math.floor(i / 3),
    blockHash: `0x${(20_000_000 + Math.floor(i / 3)).toString(16).padStart(64, '0')}`,
    blockTime: 1_700_000_000 + i * 12,
    txHash: `0x${i.toString(16).padStart(64, 'a')}`,
    txIndex: i % 3,
    logIndex: (i % 3) * 2,
    rollupId: 'arbitrum-one',
    batchNumber: String(700_000 + i),
    submitter: '0xc1b634853cb333d3ad8663715b08f41a3aec47cc',
    dataLocation: i % 2 ? 'BLOB' : 'CALLDATA',
    bytesPosted: 1000 + i,
    blobCount: i % 2 ? 6 : 0,
    // A fee beyond 2^64 and 2^53: must survive exactly.
    executionFee: (123456789012345678901234567890n + BigInt(i)).toString(),
    l2BlockStart: 1000 * i,
    l2BlockEnd: 1000 * i + 999,
    extra: { note: `row ${i}`, big: 2n ** 70n },
  };
}


describe.each(testBackends)('$name', ({ open }) => {
  let db: Database;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ db, close } = await open());
  });
  afterAll(async () => close());

  it('applies the migrations: every fact table exists, and applying them again is a no-op', async () => {
    const tables = await db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
    );
    const names = tables.map((t) => t.table_name);
    for (const t of ['blocks', 'chain_heads', 'sync_ranges', 'rollups', 'sequencer_batches', 'state_roots', 'state_root_events', 'challenges', 'challenge_moves', 'bridge_messages', 'forced_messages', 'parameter_changes', 'l2_blocks']) {
      expect(names).toContain(t);
    }
    await migrate(db);
  });

  it('stores the same facts written twice once, exactly to the last wei', async () => {
    const rows = Array.from({ length: 12_345 }, (_, i) => batchRow(i));
    expect(await writeFacts(db, sequencerBatches, rows)).toBe(rows.length);
    expect(await writeFacts(db, sequencerBatches, rows)).toBe(0);
    // Overlapping write: half old, some new.
    const more = Array.from({ length: 100 }, (_, i) => batchRow(12_300 + i));
    expect(await writeFacts(db, sequencerBatches, more)).toBe(55);

    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches');
    expect(n).toBe(12_400);
    const [r] = await db.query<Record<string, unknown>>(
      `select execution_fee::text as fee, data_location, sub_index, forced, extra, l2_block_end::text as l2_end from sequencer_batches where batch_number = $1`,
      ['700007'],
    );
    expect(r.fee).toBe('123456789012345678901234567897');
    expect(r.data_location).toBe('BLOB');
    expect(r.sub_index).toBe(0); // column default applied
    expect(r.forced).toBe(false);
    expect(r.extra).toEqual({ note: 'row 7', big: (2n ** 70n).toString() });
    expect(r.l2_end).toBe('7999');
  });

  it('stores columns that are the same in every row (null, quoted text, numerics beyond 2^128, one shared object) exactly', async () => {
    const shared = { note: 'one object, many rows', big: 2n ** 80n };
    const rows = Array.from({ length: 7_000 }, (_, i) => ({
      ...batchRow(20_000 + i),
      l2TimeStart: null, // constant NULL
      dataLocation: 'needs, "quotes" {as an element}', // constant text that an array element would quote
      executionFee: '340282366920938463463374607431768211456', // constant numeric beyond 2^128
      blobCount: i < 5_000 ? 3 : i, // constant in the first chunk only
      extra: shared, // the same object: sent per row (objects are never taken as constant)
    }));
    expect(await writeFacts(db, sequencerBatches, rows)).toBe(7_000);
    expect(await writeFacts(db, sequencerBatches, rows.slice(0, 1))).toBe(0); // a one-row chunk
    const stored = await db.query<{ l2_time_start: string | null; data_location: string; fee: string; blob_count: number; extra: unknown; batch_number: string }>(
      `select l2_time_start, data_location, execution_fee::text as fee, blob_count::int as blob_count, extra, batch_number::text from sequencer_batches
       where batch_number::numeric between $1 and $2 order by batch_number::numeric`, [700_000 + 20_000, 700_000 + 26_999]);
    expect(stored).toHaveLength(7_000);
    stored.forEach((r, i) => {
      expect(r).toEqual({ l2_time_start: null, data_location: rows[0]!.dataLocation, fee: rows[0]!.executionFee, blob_count: rows[i]!.blobCount, extra: { note: shared.note, big: (2n ** 80n).toString() }, batch_number: String(700_000 + 20_000 + i) });
    });
  });

  it('refuses a value holding NUL with an error naming it', async () => {
    await expect(writeFacts(db, sequencerBatches, [{ ...batchRow(90_000), submitter: 'a\u0000b' }])).rejects.toThrow(/NUL character/);
  });

  it('stores rows repeated within one write once', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => batchRow(40_000 + (i % 10)));
    expect(await writeFacts(db, sequencerBatches, rows)).toBe(10);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches where batch_number::numeric between $1 and $2', [740_000, 740_039]);
    expect(n).toBe(10);
  });

  it("refuses a value its column cannot hold with Postgres's reason, and writes none of the rows", async () => {
    const rows = [batchRow(41_000), { ...batchRow(41_001), batchNumber: 'not a number' }, batchRow(41_002)];
    await expect(writeFacts(db, sequencerBatches, rows)).rejects.toThrow(/invalid input syntax for type numeric: "not a number"/);
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches where batch_number::numeric between $1 and $2', [741_000, 741_002]);
    expect(n).toBe(0);
    // The database is usable afterwards, and the good rows go in alone.
    expect(await writeFacts(db, sequencerBatches, [rows[0]!, rows[2]!] as never)).toBe(2);
  });

  it('leaves no connection behind when COPYs are refused: 25 rewrites in a row, then nothing idle in a transaction', async () => {
    const rows = Array.from({ length: 200 }, (_, i) => batchRow(42_000 + i));
    expect(await writeFacts(db, sequencerBatches, rows)).toBe(200);
    // Each rewrite is a refused COPY (the rows are there) taken by the staged insert.
    for (let k = 0; k < 25; k++) expect(await writeFacts(db, sequencerBatches, rows)).toBe(0);
    if (db.kind === 'postgres') {
      const stuck = await db.query<{ n: number }>(`select count(*)::int as n from pg_stat_activity where datname = current_database() and state like 'idle in transaction%'`);
      expect(stuck[0]!.n).toBe(0);
    }
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches where batch_number::numeric between $1 and $2', [742_000, 742_199]);
    expect(n).toBe(200);
  });

  it('writes inside a transaction atomically: a failure rolls back every row', async () => {
    const roots = [{ chainId: 1, blockNumber: 5, blockHash: '0x05', blockTime: 60, txHash: '0xaa', txIndex: 0, logIndex: 0, rollupId: 'r', kind: 'ASSERTION', rootIndex: '0x01', root: '0xbb' }];
    await expect(
      db.transaction(async (tx) => {
        await writeFacts(tx, stateRoots, roots);
        await tx.query('select * from no_such_table');
      }),
    ).rejects.toThrow();
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from state_roots');
    expect(n).toBe(0);
    await db.transaction((tx) => writeFacts(tx, stateRoots, roots));
    const [{ m }] = await db.query<{ m: number }>('select count(*)::int as m from state_roots');
    expect(m).toBe(1);
  });

  it('in a transaction: new rows land whole, quotes, braces, commas, backslashes, whitespace, \\N and the word NULL survive the COPY text, overlaps are written once', async () => {
    const base = 50_000;
    const rows = Array.from({ length: 1_500 }, (_, i) => ({
      ...batchRow(base + i),
      submitter: i === 7 ? 'tab\there, newline\nthere, {braces} "quotes" backslash \\N and \\ end ' : i === 8 ? 'NULL' : i === 9 ? '' : batchRow(base + i).submitter,
      extra: { note: `quote " and backslash \\ and tab \t, {braces}, commas, NULL, é, 🚀, \u2028 in row ${i}`, nested: { big: 10n ** 30n } },
    }));
    // A row longer than a COPY block (its line gets a buffer of its own).
    rows[10]!.extra.note = `${'é🚀'.repeat(20_000)} long`;
    expect(await db.transaction((tx) => writeFacts(tx, sequencerBatches, rows))).toBe(1_500);
    // Same rows again, then an overlap, in one transaction.
    const more = Array.from({ length: 300 }, (_, i) => batchRow(base + 1_400 + i));
    const written = await db.transaction(async (tx) => {
      const again = await writeFacts(tx, sequencerBatches, rows);
      const overlap = await writeFacts(tx, sequencerBatches, more);
      return { again, overlap };
    });
    expect(written).toEqual({ again: 0, overlap: 200 });
    const [{ n }] = await db.query<{ n: number }>('select count(*)::int as n from sequencer_batches where batch_number::numeric >= $1', [700_000 + base]);
    expect(n).toBe(1_700);
    const [r] = await db.query<{ submitter: string; extra: unknown; fee: string }>(
      'select submitter, extra, execution_fee::text as fee from sequencer_batches where batch_number = $1', [String(700_000 + base + 7)],
    );
    expect(r.submitter).toBe(rows[7]!.submitter);
    const edge = await db.query<{ submitter: string | null }>('select submitter from sequencer_batches where batch_number = any($1::text[]::numeric[]) order by batch_number', [[String(700_000 + base + 8), String(700_000 + base + 9)]]);
    expect(edge.map((e) => e.submitter)).toEqual(['NULL', '']);
    expect(r.extra).toEqual({ note: rows[7]!.extra.note, nested: { big: (10n ** 30n).toString() } });
    expect(r.fee).toBe((123456789012345678901234567890n + BigInt(base + 7)).toString());
    const [long] = await db.query<{ extra: { note: string } }>('select extra from sequencer_batches where batch_number = $1', [String(700_000 + base + 10)]);
    expect(long!.extra.note).toBe(rows[10]!.extra.note);
  });
});
