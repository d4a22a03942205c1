/**
 * commitRange on both backends: progress ranges merge with the ones they touch (in any order of
 * commits), decoder state is stored with them, and a range past the followed head is refused with
 * nothing written. The commit's statements go out pipelined; these check what they leave behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { testBackends } from '../db/testing.ts';
import { commitRange } from './commit.ts';

const CHAIN = 5;
const SOURCE = 'r:logs';


describe.each(testBackends)('commitRange on $name', ({ open }) => {
  let db: Database;
  let close: () => Promise<void>;
  const commit = (fromBlock: number, toBlock: number, stateWrites?: Map<string, unknown>) =>
    commitRange({ db, chainId: CHAIN, source: SOURCE, fromBlock, toBlock, headers: new Map(), facts: { blocks: new Set(), tables: [] }, stateWrites });
  const ranges = async () =>
    (await db.query<{ from_block: number; to_block: number }>('select from_block, to_block from sync_ranges where chain_id = $1 and source = $2 order by from_block', [CHAIN, SOURCE]))
      .map((r) => [Number(r.from_block), Number(r.to_block)]);

  beforeAll(async () => {
    ({ db, close } = await open());
    await db.query(`insert into chain_heads (chain_id, latest, safe, finalized, updated_at) values ($1, 1000, 1000, 1000, now())`, [CHAIN]);
  });
  afterAll(async () => close());

  it('merges each range with the ranges it overlaps or touches, whatever the order', async () => {
    await commit(20, 29);
    await commit(0, 9);
    expect(await ranges()).toEqual([[0, 9], [20, 29]]);
    await commit(40, 49);
    await commit(10, 19);
    expect(await ranges()).toEqual([[0, 29], [40, 49]]);
    await commit(25, 41);
    expect(await ranges()).toEqual([[0, 49]]);
    await commit(3, 7); // already covered: nothing changes
    expect(await ranges()).toEqual([[0, 49]]);
  });

  it('stores decoder state with the range', async () => {
    await commit(50, 59, new Map([['window', { delayBlocks: '5760', big: 2n ** 70n }]]));
    const [row] = await db.query<{ block_number: number; value: unknown }>('select block_number, value from decoder_state where chain_id = $1 and source = $2 and key = $3', [CHAIN, SOURCE, 'window']);
    expect(Number(row!.block_number)).toBe(59);
    expect(row!.value).toEqual({ delayBlocks: '5760', big: (2n ** 70n).toString() });
    expect(await ranges()).toEqual([[0, 59]]);
  });

  it('refuses a range past the followed head and writes nothing', async () => {
    await expect(commit(990, 1_005)).rejects.toThrow(/past the followed head/);
    expect(await ranges()).toEqual([[0, 59]]);
  });
});
