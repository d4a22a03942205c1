/**
 * The batcher history read back from Postgres: ConfigUpdate(BATCHER) rows written by the
 * system-config decoder, and the ordering rule (no answer past what that source has indexed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pad } from 'viem';
import { createTestDatabase, type TestDatabase } from '../../db/testing.ts';
import { writeFacts } from '../../db/write.ts';
import * as s from '../../db/schema/index.ts';
import { isRetryable, ChainError } from '../../chain/errors.ts';
import { opMainnet } from '../../rollups/op-mainnet.ts';
import type { Address } from '../../rollups/types.ts';
import type { Source } from '../types.ts';
import { eventOf, systemConfigEvents } from './abi.ts';
import { batcherHistoryFromDb, definitionBatcherHistory } from './batcher-history.ts';
import { createOpStack } from './index.ts';
import { encodeLog, fakeHash, sourceBatch, testContext } from './testing.ts';

const rollup = opMainnet;
const SC = rollup.contracts.systemConfig;
const FIRST = '0x6887246668a3b87f54deb3b94ba47a6f63f32985';
const SECOND = '0x1111111111111111111111111111111111111111' as Address;
const THIRD = '0x2222222222222222222222222222222222222222' as Address;

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
}, 60_000);
afterAll(async () => {
  await t?.drop();
});

async function indexSystemConfig(changes: { block: number; batcher: Address }[], covered: [number, number][]) {
  const stack = createOpStack();
  const source = stack.sources(rollup).find((x) => x.id === 'system-config') as Source;
  const logs = changes.map((c) => encodeLog(eventOf(systemConfigEvents, 'ConfigUpdate'), { version: 0n, updateType: 0, data: pad(c.batcher) }, {
    address: SC.address as Address, blockNumber: c.block, transactionHash: fakeHash('tx'), logIndex: 3,
  }));
  const facts = await stack.decode(rollup, sourceBatch(source, logs), testContext());
  expect(facts.parameterChanges).toHaveLength(changes.length);
  await writeFacts(t.db, s.parameterChanges, facts.parameterChanges);
  for (const [from, to] of covered) {
    await t.db.query(`insert into sync_ranges (chain_id, source, from_block, to_block) values (1, $1, $2, $3) on conflict do nothing`, [`${rollup.id}:system-config`, from, to]);
  }
}

describe('batcherHistoryFromDb', () => {
  it('answers from the ConfigUpdate(BATCHER) rows, inclusive of the change block; refuses blocks the system-config source has not indexed', async () => {
    await indexSystemConfig([{ block: 18_000_000, batcher: SECOND }, { block: 19_000_000, batcher: THIRD }], [[SC.fromBlock, 18_500_000], [18_500_001, 19_500_000]]);
    let clock = 0;
    const history = batcherHistoryFromDb({ db: t.db, now: () => clock });
    expect(await history.at(rollup, SC.fromBlock - 1)).toEqual([FIRST]);
    expect(await history.at(rollup, 17_999_999)).toEqual([FIRST]);
    expect(await history.at(rollup, 18_000_000)).toEqual([SECOND]);
    expect(await history.at(rollup, 18_999_999)).toEqual([SECOND]);
    expect(await history.at(rollup, 19_000_000)).toEqual([THIRD]);
    expect(await history.at(rollup, 19_500_000)).toEqual([THIRD]);
    const err = await history.at(rollup, 19_500_001).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChainError);
    expect(isRetryable(err)).toBe(true);
    expect((err as ChainError).kind).toBe('lagging');
    expect(String(err)).toContain('block=19500001');
    expect(String(err)).toContain('systemConfigIndexedTo=19500000');

    // A gap in the system-config progress stops the frontier at the gap.
    await t.db.query(`insert into sync_ranges (chain_id, source, from_block, to_block) values (1, $1, 19600000, 19700000)`, [`${rollup.id}:system-config`]);
    clock += 10_000;
    await expect(history.at(rollup, 19_650_000)).rejects.toThrow('SystemConfig logs not indexed yet');
    // Filling it (and the cache expiring) makes the later blocks answerable.
    await indexSystemConfig([], [[19_500_001, 19_599_999]]);
    clock += 10_000;
    expect(await history.at(rollup, 19_650_000)).toEqual([THIRD]);
  });

  it('the default history is the definition\'s initial batcher at every block', async () => {
    expect(await definitionBatcherHistory().at(rollup, 25_000_000)).toEqual([FIRST]);
  });
});
