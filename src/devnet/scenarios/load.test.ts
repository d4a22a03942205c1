/**
 * The load scenario: ≥ 1,000,000 rollup events (Bridge.MessageDelivered + Inbox.InboxMessageDelivered
 * pairs from Inbox.sendL2MessageBulk), counted by the recorder and by eth_getLogs.
 * Out of `npm test` (minutes of anvil work): run with `LOAD=1 npx vitest run src/devnet/scenarios/load.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './index.ts';
import { logCountsOnChain, truthCounts } from '../testing/truth-checks.ts';

describe.skipIf(!process.env.LOAD)('scenario load', () => {
  it('emits at least 1,000,000 rollup events, all counted', async () => {
    const run = await runScenario('load', { stacks: ['arbitrum'], log: (m, f) => console.log(m, JSON.stringify(f)) });
    try {
      const stats = run.truth.expected['arb-devnet.load'] as { events: number; txs: number; seconds: number; eventsPerSecond: number };
      console.log('load', stats);
      expect(stats.events).toBeGreaterThanOrEqual(1_000_000);
      expect(run.truth.events).toEqual([]);
      expect(truthCounts(run.truth)).toEqual(await logCountsOnChain(run.truth));
    } finally {
      await run.stop();
    }
  }, 1_800_000);
});
