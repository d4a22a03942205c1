import { describe, expect, it } from 'vitest';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { orbitChain } from '../../rollups/templates/orbit.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { topics } from './events.ts';
import { arbitrumStack } from './index.ts';
import { arbitrumSources, sourceNameOf } from './sources.ts';

describe('Arbitrum One definition and its sources', () => {
  it('is a valid rollup definition with the real addresses, Nitro start and genesis', () => {
    expect(rollupDefinitionSchema.parse(arbitrumOne)).toEqual(arbitrumOne);
    expect(arbitrumOne).toMatchObject({
      id: 'arbitrum-one', stack: 'arbitrum', l1ChainId: 1, l2ChainId: 42161, startBlock: 15_411_056, dataAvailability: 'rollup', l2GenesisBlock: 22_207_817,
    });
    expect(arbitrumOne.contracts.sequencerInbox.address).toBe('0x1c479675ad559DC151F6Ec7ed3FbF8ceE79582B6');
    expect(arbitrumOne.contracts.boldRollup!.address).toBe('0x4DCeB440657f21083db8aDd07665f8ddBe1DCfc0');
    expect(arbitrumOne.contracts.legacyRollup!.toBlock).toBeGreaterThanOrEqual(arbitrumOne.contracts.boldRollup!.fromBlock);
  });

  it('five log sources, ids by name (the engine prefixes the rollup id), lowercase addresses, generation bounds', () => {
    const sources = arbitrumStack.sources(arbitrumOne);
    expect(sources.map((s) => s.id)).toEqual([
      'sequencer-inbox', 'delayed-inbox', 'outbox', 'rollup-legacy', 'rollup-bold',
    ]);
    for (const s of sources) {
      expect(s.kind).toBe('logs');
      expect(s.chainId).toBe(1);
      if (s.kind === 'logs') for (const a of s.addresses) expect(a).toBe(a.toLowerCase());
      expect(sourceNameOf(arbitrumOne, s.id)).toBeDefined();
    }
    const byId = Object.fromEntries(sources.map((s) => [s.id, s]));
    expect(byId['sequencer-inbox']).toMatchObject({ fromBlock: 15_411_056, withTransactions: true, withReceipts: true, addresses: ['0x1c479675ad559dc151f6ec7ed3fbf8cee79582b6'] });
    expect(byId['sequencer-inbox']!.kind === 'logs' && byId['sequencer-inbox']!.topics).toContain(topics.SequencerBatchDelivered);
    expect(byId['delayed-inbox']).toMatchObject({ fromBlock: 15_411_056, addresses: ['0x8315177ab297ba92a06054ce80a67ed4dbd7ed3a', '0x4dbd4fc535ac27206064b68ffcf827b0a60bab3f', '0x1c479675ad559dc151f6ec7ed3fbf8cee79582b6'] });
    expect(byId['rollup-legacy']).toMatchObject({ fromBlock: 15_411_056, toBlock: 21_887_612, addresses: ['0x5ef0d09d1e6204141b4d37530808ed19f60fba35', '0xe5896783a2f463446e1f624e64aa6836be4c6f58'] });
    expect(byId['rollup-bold']).toMatchObject({ fromBlock: 21_815_910, addresses: ['0x4dceb440657f21083db8add07665f8ddbe1dcfc0', '0xa5565d266c3c3ee90b16be8a5b13d587ef559fb0'] });
    expect(byId['rollup-bold']!.toBlock).toBeUndefined();
    // Decoder state (challenges, roots) crosses ranges: the rollup sources are decoded in block order.
    expect(sources.map((s) => [s.id, s.kind === 'logs' && s.sequential === true])).toEqual([
      ['sequencer-inbox', false], ['delayed-inbox', false], ['outbox', false], ['rollup-legacy', true], ['rollup-bold', true],
    ]);
    expect(byId['sequencer-inbox']!.toBlock).toBeUndefined();
    expect(byId['rollup-bold']!.kind === 'logs' && byId['rollup-bold']!.topics).toEqual(expect.arrayContaining([topics.AssertionCreated, topics.EdgeAdded]));
    expect(byId['rollup-bold']!.kind === 'logs' && byId['rollup-bold']!.topics).not.toContain(topics.NodeCreated);
  });
});

describe('orbitChain template', () => {
  const c = (address: string, fromBlock: number, toBlock?: number) => ({ address: address as `0x${string}`, fromBlock, toBlock });
  const base = {
    sequencerInbox: c('0x0000000000000000000000000000000000000001', 500), bridge: c('0x0000000000000000000000000000000000000002', 400),
    inbox: c('0x0000000000000000000000000000000000000003', 400), outbox: c('0x0000000000000000000000000000000000000004', 450),
  };

  it('a BoLD-only Orbit chain is one call; defaults fill the rest', () => {
    const chain = orbitChain({ id: 'my-orbit', name: 'My Orbit', l2ChainId: 123_456, l1ChainId: 42161, contracts: { ...base, boldRollup: c('0x0000000000000000000000000000000000000005', 300) } });
    expect(chain).toMatchObject({ stack: 'arbitrum', startBlock: 300, l1ChainId: 42161, l2GenesisBlock: 0, dataAvailability: 'rollup' });
    expect(arbitrumSources(chain).map((s) => s.id)).toEqual(['sequencer-inbox', 'delayed-inbox', 'outbox', 'rollup-bold']);
    expect(rollupDefinitionSchema.safeParse(chain).success).toBe(true);
  });

  it('rejects inconsistent generations', () => {
    expect(() => orbitChain({ id: 'x', name: 'x', l2ChainId: 1, contracts: base })).toThrow(/needs a legacyRollup or a boldRollup/);
    expect(() => orbitChain({ id: 'x', name: 'x', l2ChainId: 1, contracts: { ...base, legacyRollup: c('0x0000000000000000000000000000000000000006', 1), boldRollup: c('0x0000000000000000000000000000000000000005', 9) } })).toThrow(/needs a toBlock/);
    expect(() => orbitChain({ id: 'x', name: 'x', l2ChainId: 1, contracts: { ...base, boldRollup: c('0x0000000000000000000000000000000000000005', 9, 3) } })).toThrow(/ends \(3\) before it starts \(9\)/);
  });
});
