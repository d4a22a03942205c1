import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config/load.ts';
import { createTestDatabase, type TestDatabase } from './db/testing.ts';
import { planIngest } from './ingest-bindings.ts';

describe('planIngest', () => {
  let t: TestDatabase;
  beforeAll(async () => { t = await createTestDatabase({ migrated: false }); });
  afterAll(async () => t?.drop());

  it('indexes every rollup whose chains have RPCs, adds a configured L2 chain, and skips the rest with the variable to set', () => {
    const plan = planIngest(
      loadConfig({ env: { ROLLSCOPE_RPC_1: 'http://l1:8545', ROLLSCOPE_RPC_42161: 'http://arb:8547', ROLLSCOPE_ROLLUPS: 'arbitrum-one,op-mainnet,base' } }),
      t.db,
    );
    expect(plan.bindings.map((b) => b.definition.id)).toEqual(['arbitrum-one', 'op-mainnet', 'base']);
    expect(plan.chains.map((c) => c.chainId).sort((a, b) => a - b)).toEqual([1, 42161]);
    expect(plan.skipped).toEqual([]);
    // Mainnet blobs: beacon slots from the mainnet beacon genesis.
    const withBeacon = planIngest(loadConfig({ env: { ROLLSCOPE_RPC_1: 'http://l1:8545', ROLLSCOPE_BEACON_1: 'http://beacon:5052', ROLLSCOPE_ROLLUPS: 'base' } }), t.db);
    expect(withBeacon.chains[0]!.beacon!.slotOf!({ number: 0, timestamp: 1_606_824_023 + 12 * 100 })).toBe(100);

    const none = planIngest(loadConfig({ env: { ROLLSCOPE_ROLLUPS: 'base' } }), t.db);
    expect(none.bindings).toEqual([]);
    expect(none.skipped).toEqual([{ rollupId: 'base', reason: 'no RPC configured for chain 1 (set ROLLSCOPE_RPC_1)' }]);
  });
});
