import { describe, expect, it } from 'vitest';
import { resolveParameters } from './parameters.ts';
import { arbitrumDefinition, opDefinition } from './fixtures.ts';

describe('rollup parameters', () => {
  it('Arbitrum: defaults, then stored values, then the latest on-chain change', () => {
    const d = resolveParameters(arbitrumDefinition(), {}, []);
    expect(d).toMatchObject({ proofSystem: 'ARBITRUM_ASSERTIONS', confirmPeriodBlocks: 45_818, challengePeriodSeconds: 45_818 * 12, withdrawalDelaySeconds: 45_818 * 12, forceInclusionWindowSeconds: 86_400, forceInclusionWindowBlocks: 5_760 });
    expect(d.origins.challengePeriodSeconds.source).toBe('DEFAULT');
    const p = resolveParameters(arbitrumDefinition(), { confirmPeriodBlocks: '100' }, [
      { name: 'maxTimeVariation', value: { delayBlocks: '600', futureBlocks: '12', delaySeconds: '7200', futureSeconds: '3600' }, blockNumber: 5, blockTime: 60 },
      { name: 'maxTimeVariation', value: ['300', '12', '3600', '3600'], blockNumber: 9, blockTime: 108 },
      { name: 'maxTimeVariation', value: ['999', '12', '9999', '3600'], blockNumber: 7, blockTime: 84 },
    ]);
    expect(p).toMatchObject({ confirmPeriodBlocks: 100, challengePeriodSeconds: 1_200, forceInclusionWindowSeconds: 3_600, forceInclusionWindowBlocks: 300 });
    expect(p.origins.challengePeriodSeconds).toEqual({ source: 'ROLLUP' });
    expect(p.origins.forceInclusionWindowSeconds).toEqual({ source: 'EVENT', blockNumber: 9, blockTime: 108 });
  });
  it('OP Stack: fault proofs vs the legacy output oracle', () => {
    const fp = resolveParameters(opDefinition('a', true), { maxClockDurationSeconds: 100, disputeGameFinalityDelaySeconds: 50, proofMaturityDelaySeconds: 120 }, []);
    expect(fp).toMatchObject({ proofSystem: 'FAULT_PROOF_GAMES', challengePeriodSeconds: 100, withdrawalDelaySeconds: 150, forceInclusionWindowBlocks: 3_600, forceInclusionWindowSeconds: 43_200 });
    const legacy = resolveParameters(opDefinition('b', false), {}, [{ name: 'finalizationPeriodSeconds', value: 12, blockNumber: 3, blockTime: 36 }]);
    expect(legacy).toMatchObject({ proofSystem: 'OPTIMISTIC_ORACLE', challengePeriodSeconds: 12, withdrawalDelaySeconds: 12 });
  });

  it('validity-proof stacks: no challenge period; Scroll window from its definition; Linea has no force path', () => {
    const scroll = { id: 's', name: 'S', stack: 'scroll', l1ChainId: 1, l2ChainId: 534352, startBlock: 0, forcedPath: 'enforced-batch-mode', contracts: {}, enforcedBatchParameters: { maxDelayEnterEnforcedModeSeconds: 604_800, maxDelayMessageQueueSeconds: 172_800 } } as never;
    expect(resolveParameters(scroll, {}, [])).toMatchObject({ proofSystem: 'VALIDITY_PROOFS', challengePeriodSeconds: 0, withdrawalDelaySeconds: 0, forceInclusionWindowSeconds: 172_800, forcedPath: 'delayed-read' });
    const linea = { id: 'l', name: 'L', stack: 'linea', l1ChainId: 1, l2ChainId: 59144, startBlock: 0, forcedPath: 'none', contracts: {} } as never;
    expect(resolveParameters(linea, { executionDelaySeconds: 60 }, [])).toMatchObject({ forceInclusionWindowSeconds: null, forcedPath: 'none', withdrawalDelaySeconds: 60 });
    const zk = { id: 'z', name: 'Z', stack: 'zksync', l1ChainId: 1, l2ChainId: 324, startBlock: 0, forcedPath: 'priority-queue', contracts: {} } as never;
    expect(resolveParameters(zk, {}, []).forcedPath).toBe('priority-executed');
  });
});
