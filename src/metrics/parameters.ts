/**
 * The protocol parameters that bound finality and censorship, normalised across stacks. Each value
 * comes from (latest wins): the stack's mainnet default, `rollups.parameters` (read from the
 * contracts at start), then the latest `parameter_changes` row of that name (an on-chain event).
 *
 * Accepted raw names (camelCase): confirmPeriodBlocks, challengePeriodSeconds,
 * finalizationPeriodSeconds, maxClockDurationSeconds, disputeGameFinalityDelaySeconds,
 * proofMaturityDelaySeconds, maxTimeVariation ({delayBlocks, futureBlocks, delaySeconds,
 * futureSeconds} or the 4-tuple), forceInclusionWindowSeconds, forceInclusionWindowBlocks,
 * sequencingWindowBlocks, l1BlockTimeSeconds, proofSystem.
 */
import type { RollupDefinition } from '../rollups/types.ts';

export type ProofSystem = 'OPTIMISTIC_ORACLE' | 'FAULT_PROOF_GAMES' | 'ARBITRUM_ASSERTIONS' | 'VALIDITY_PROOFS';
/** delayed-read: Arbitrum/Scroll batch counters; priority-executed: zkSync executions; sequencing-window: OP deposits. */
export type ForcedPath = 'delayed-read' | 'priority-executed' | 'sequencing-window' | 'none';
export type ParameterSource = 'DEFAULT' | 'ROLLUP' | 'EVENT';

export interface ParameterOrigin {
  source: ParameterSource;
  blockNumber?: number;
  blockTime?: number;
}

export interface RollupParameters {
  proofSystem: ProofSystem;
  /** Time a state root can be disputed before it is accepted. */
  challengePeriodSeconds: number;
  /** Time from a state root's posting to withdrawals against it being finalizable, if unchallenged. */
  withdrawalDelaySeconds: number;
  /**
   * Time after which a forced message can be forced in (Arbitrum delaySeconds; OP sequencing window
   * × L1 block time; Scroll maxDelayMessageQueueSeconds); null when the rollup has no such window
   * (zkSync: per-message expiration; Linea, Starknet: no force path).
   */
  forceInclusionWindowSeconds: number | null;
  forceInclusionWindowBlocks: number | null;
  l1BlockTimeSeconds: number;
  /** Arbitrum: assertion confirm period in L1 blocks. */
  confirmPeriodBlocks: number | null;
  /** OP legacy L2OutputOracle: output → withdrawable. */
  finalizationPeriodSeconds: number | null;
  /** OP fault proofs: chess-clock time of one side. */
  maxClockDurationSeconds: number | null;
  /** OP fault proofs: resolved game → usable for finalizing withdrawals. */
  disputeGameFinalityDelaySeconds: number | null;
  /** OP fault proofs: proven withdrawal → finalizable. */
  proofMaturityDelaySeconds: number | null;
  /** Validity-proof rollups: delay between proof and execution enforced on L1 (0 when executions are observed directly). */
  executionDelaySeconds: number | null;
  /** How forced messages get in: see censorship.ts. */
  forcedPath: ForcedPath;
  origins: Record<string, ParameterOrigin>;
}

export interface ParameterChangeRow {
  name: string;
  value: unknown;
  blockNumber: number;
  blockTime: number;
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v && typeof v === 'object' && 'value' in v) return num((v as { value: unknown }).value);
  return undefined;
}

function maxTimeVariation(v: unknown): { delayBlocks?: number; delaySeconds?: number } {
  if (Array.isArray(v)) return { delayBlocks: num(v[0]), delaySeconds: num(v[2]) };
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return { delayBlocks: num(o.delayBlocks), delaySeconds: num(o.delaySeconds) };
  }
  return {};
}

/**
 * Normalises parameters. `changes` may hold every change row; the one with the highest
 * blockNumber per name wins.
 */
export function resolveParameters(definition: RollupDefinition, stored: Record<string, unknown>, changes: readonly ParameterChangeRow[]): RollupParameters {
  const raw = new Map<string, { value: unknown; origin: ParameterOrigin }>();
  for (const [k, v] of Object.entries(stored ?? {})) raw.set(k, { value: v, origin: { source: 'ROLLUP' } });
  const latest = new Map<string, ParameterChangeRow>();
  for (const c of changes) {
    const prev = latest.get(c.name);
    if (!prev || c.blockNumber >= prev.blockNumber) latest.set(c.name, c);
  }
  for (const c of latest.values()) raw.set(c.name, { value: c.value, origin: { source: 'EVENT', blockNumber: c.blockNumber, blockTime: c.blockTime } });

  const origins: Record<string, ParameterOrigin> = {};
  const pick = (out: string, names: string[], fallback: number | null, read: (v: unknown) => number | undefined = num): number | null => {
    for (const name of names) {
      const r = raw.get(name);
      const v = r ? read(r.value) : undefined;
      if (v !== undefined) {
        origins[out] = r!.origin;
        return v;
      }
    }
    origins[out] = { source: 'DEFAULT' };
    return fallback;
  };

  const l1BlockTimeSeconds = pick('l1BlockTimeSeconds', ['l1BlockTimeSeconds'], 12)!;

  if (definition.stack === 'arbitrum') {
    const confirmPeriodBlocks = pick('confirmPeriodBlocks', ['confirmPeriodBlocks'], 45_818);
    const challengePeriodSeconds = pick('challengePeriodSeconds', ['challengePeriodSeconds'], confirmPeriodBlocks! * l1BlockTimeSeconds)!;
    if (origins.challengePeriodSeconds.source === 'DEFAULT') origins.challengePeriodSeconds = origins.confirmPeriodBlocks;
    const forceInclusionWindowSeconds = pick('forceInclusionWindowSeconds', ['forceInclusionWindowSeconds', 'maxTimeVariation'], 86_400, (v) =>
      typeof v === 'object' && v !== null ? maxTimeVariation(v).delaySeconds : num(v),
    )!;
    const forceInclusionWindowBlocks = pick('forceInclusionWindowBlocks', ['forceInclusionWindowBlocks', 'maxTimeVariation'], 5_760, (v) =>
      typeof v === 'object' && v !== null ? maxTimeVariation(v).delayBlocks : num(v),
    );
    return {
      proofSystem: 'ARBITRUM_ASSERTIONS',
      challengePeriodSeconds,
      withdrawalDelaySeconds: challengePeriodSeconds,
      forceInclusionWindowSeconds,
      forceInclusionWindowBlocks,
      l1BlockTimeSeconds,
      confirmPeriodBlocks,
      finalizationPeriodSeconds: null,
      maxClockDurationSeconds: null,
      disputeGameFinalityDelaySeconds: null,
      proofMaturityDelaySeconds: null,
      executionDelaySeconds: null,
      forcedPath: 'delayed-read',
      origins,
    };
  }

  if (definition.stack !== 'opstack') {
    const executionDelaySeconds = pick('executionDelaySeconds', ['executionDelaySeconds'], 0)!;
    const scrollWindow = definition.stack === 'scroll' ? definition.enforcedBatchParameters.maxDelayMessageQueueSeconds : null;
    const forceInclusionWindowSeconds = pick('forceInclusionWindowSeconds', ['forceInclusionWindowSeconds'], scrollWindow);
    if (scrollWindow !== null && origins.forceInclusionWindowSeconds.source === 'DEFAULT') origins.forceInclusionWindowSeconds = { source: 'ROLLUP' };
    const forcedPath: ForcedPath = definition.stack === 'scroll' ? 'delayed-read' : definition.stack === 'zksync' ? 'priority-executed' : 'none';
    return {
      proofSystem: 'VALIDITY_PROOFS',
      challengePeriodSeconds: 0,
      withdrawalDelaySeconds: executionDelaySeconds,
      forceInclusionWindowSeconds,
      forceInclusionWindowBlocks: null,
      l1BlockTimeSeconds,
      confirmPeriodBlocks: null,
      finalizationPeriodSeconds: null,
      maxClockDurationSeconds: null,
      disputeGameFinalityDelaySeconds: null,
      proofMaturityDelaySeconds: null,
      executionDelaySeconds,
      forcedPath,
      origins,
    };
  }

  const faultProofs = Boolean(definition.contracts.disputeGameFactory);
  const finalizationPeriodSeconds = pick('finalizationPeriodSeconds', ['finalizationPeriodSeconds'], 604_800);
  const maxClockDurationSeconds = pick('maxClockDurationSeconds', ['maxClockDurationSeconds'], 302_400);
  const disputeGameFinalityDelaySeconds = pick('disputeGameFinalityDelaySeconds', ['disputeGameFinalityDelaySeconds'], 302_400);
  const proofMaturityDelaySeconds = pick('proofMaturityDelaySeconds', ['proofMaturityDelaySeconds'], 604_800);
  const windowBlocks = pick('forceInclusionWindowBlocks', ['forceInclusionWindowBlocks', 'sequencingWindowBlocks'], definition.sequencingWindowBlocks)!;
  if (origins.forceInclusionWindowBlocks.source === 'DEFAULT') origins.forceInclusionWindowBlocks = { source: 'ROLLUP' };
  const forceInclusionWindowSeconds = pick('forceInclusionWindowSeconds', ['forceInclusionWindowSeconds'], windowBlocks * l1BlockTimeSeconds)!;
  const challengePeriodSeconds = faultProofs ? maxClockDurationSeconds! : finalizationPeriodSeconds!;
  return {
    proofSystem: faultProofs ? 'FAULT_PROOF_GAMES' : 'OPTIMISTIC_ORACLE',
    challengePeriodSeconds,
    withdrawalDelaySeconds: faultProofs
      ? Math.max(maxClockDurationSeconds! + disputeGameFinalityDelaySeconds!, proofMaturityDelaySeconds!)
      : finalizationPeriodSeconds!,
    forceInclusionWindowSeconds,
    forceInclusionWindowBlocks: windowBlocks,
    l1BlockTimeSeconds,
    confirmPeriodBlocks: null,
    finalizationPeriodSeconds,
    maxClockDurationSeconds,
    disputeGameFinalityDelaySeconds,
    proofMaturityDelaySeconds,
    executionDelaySeconds: null,
    forcedPath: 'sequencing-window',
    origins,
  };
}
