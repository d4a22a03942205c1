/**
 * Commit latency on Postgres: `npm run bench:commit [transactions=50]`. A transaction shaped like a
 * small range commit (a COPY of two rows, a query, an INSERT ... unnest) on a postgres.js connection
 * opened as postgres.js opens it (Nagle's algorithm on) and as rollscope opens it
 * (db/socket.ts: TCP_NODELAY), alternately. Prints median and max ms per transaction.
 * Env: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres).
 */
import { once } from 'node:events';
import postgres from 'postgres';
import { postgresPool } from '../src/db/socket.ts';
import { adminUrl } from '../src/db/testing.ts';

const N = Number(process.argv[2] ?? 50);
if (!Number.isInteger(N) || N < 1) throw new Error(`transactions must be a whole number ≥ 1, got ${JSON.stringify(process.argv[2])}`);

async function measure(noDelay: boolean): Promise<{ median: number; max: number }> {
  const sql = noDelay ? postgresPool(adminUrl, { max: 1 }) : postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await sql`create temp table bench_commit (a int, b text)`;
    const ms: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await sql.begin(async (tx) => {
        const copy = await tx`copy bench_commit from stdin`.writable();
        copy.end(Buffer.from('1\tx\n2\ty\n'));
        await once(copy, 'finish');
        await tx`select count(*) from bench_commit`;
        await tx`insert into bench_commit select * from unnest(${[1, 2]}::int[], ${['a', 'b']}::text[])`;
      });
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return { median: Math.round(ms[Math.floor(N / 2)]! * 10) / 10, max: Math.round(ms[N - 1]! * 10) / 10 };
  } finally {
    await sql.end({ timeout: 2 });
  }
}

const results: Record<string, { median: number; max: number }[]> = { 'postgres.js default (Nagle on)': [], 'rollscope (TCP_NODELAY)': [] };
for (let round = 0; round < 2; round++) {
  results['postgres.js default (Nagle on)']!.push(await measure(false));
  results['rollscope (TCP_NODELAY)']!.push(await measure(true));
}
console.log(JSON.stringify({ transactions_per_measure: N, ms_per_transaction: results }, null, 2));
