/**
 * Ground truth of the governance simulator: every governance fact it caused (keyed like
 * governance_events rows) and the figures expected from them, computed here by plain code from
 * what the simulator did (when it scheduled and executed, which parameters it declared) — never
 * from the decoders or metrics under test. Stored in the recorded truth under
 * `expected.governance` (GroundTruth has no governance family).
 */
import type { Address, Hex } from '../../rollups/types.ts';
import type { TruthRef } from '../truth.ts';

export interface TruthGovernanceEvent {
  rollupId: string;
  kind: string;
  contract: Address;
  contractRole: string;
  scope: string;
  oldValue: string | null;
  newValue: string | null;
  actor: Address;
  delaySeconds: number | null;
  /** Ref with the log index (from the receipt). */
  l1: TruthRef;
  subIndex: number;
  /** The timelock operation / executor call that ran it, when one ran in the same transaction. */
  viaTimelock?: Address;
  operationId?: Hex;
  viaExecutor?: Address;
}

export interface TruthUpgrade {
  rollupId: string;
  contract: Address;
  implementation: Address;
  l1: TruthRef;
  /** Seconds between the timelock schedule and the execution; 0 without timelock. */
  noticeSeconds: number;
  timeToExitSeconds: number;
  exitWindowSeconds: number;
  initial: boolean;
}

export interface TruthPause {
  rollupId: string;
  contract: Address;
  pausedAt: number;
  unpausedAt: number | null;
}

export interface GovernanceTruth {
  events: TruthGovernanceEvent[];
  upgrades: TruthUpgrade[];
  pauses: TruthPause[];
  /** Exit window of each rollup at given times: [time, upgradeDelaySeconds, exitWindowSeconds]. */
  exitWindows: Record<string, [number, number, number][]>;
  /** Health reasons expected at `at`: code → since. */
  health: Record<string, { at: number; reasons: { code: string; severity: string; since: number }[] }>;
  /** Proof system permissioned at the end (Arbitrum whitelist disabled ⇒ false). */
  permissioned: Record<string, boolean | null>;
}

export const emptyGovernanceTruth = (): GovernanceTruth => ({ events: [], upgrades: [], pauses: [], exitWindows: {}, health: {}, permissioned: {} });
