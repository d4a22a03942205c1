/**
 * What to read on L1 for an Arbitrum rollup: five log sources, each a set of contracts × topic0s
 * bounded by the contracts' block ranges (the legacy Rollup until the BoLD upgrade, BoLD after).
 *
 * - sequencer-inbox: batches (+ their transactions and receipts) and inbox parameter changes.
 * - delayed-inbox: Bridge.MessageDelivered and the InboxMessageDelivered payloads (same message
 *   numbers), plus the SequencerInbox's maxTimeVariation change announcements, which split the
 *   force-window reads (their parameter rows come from sequencer-inbox only).
 * - outbox: executed withdrawals (+ transactions, for executeTransaction's value) and send roots.
 * - rollup-legacy / rollup-bold: assertions and their challenges (+ transactions, for proposer and
 *   claimants). The dispute contract is read with its rollup so one range holds both. Sequential:
 *   their decoders keep state across ranges (challenge turns, edge → challenge, first children,
 *   assertion roots and L2 blocks), which a range may read only once every earlier range committed.
 */
import type { Address, ArbitrumRollup, TrackedContract } from '../../rollups/types.ts';
import type { LogSource } from '../types.ts';
import { topics as t } from './events.ts';

export const sourceNames = ['sequencer-inbox', 'delayed-inbox', 'outbox', 'rollup-legacy', 'rollup-bold'] as const;
export type ArbitrumSourceName = (typeof sourceNames)[number];

/** Source id: the name; the engine keys progress by `${rollup.id}:${id}`. */
export const sourceId = (_rollup: ArbitrumRollup, name: ArbitrumSourceName): string => name;

/** The source name of a source id of this rollup, or undefined. */
export function sourceNameOf(rollup: ArbitrumRollup, id: string): ArbitrumSourceName | undefined {
  const prefix = `${rollup.id}:`;
  const name = id.startsWith(prefix) ? id.slice(prefix.length) : id;
  return (sourceNames as readonly string[]).includes(name) ? (name as ArbitrumSourceName) : undefined;
}

function span(contracts: readonly TrackedContract[]): { fromBlock: number; toBlock?: number } {
  const fromBlock = Math.min(...contracts.map((c) => c.fromBlock));
  const ends = contracts.map((c) => c.toBlock);
  return ends.every((e): e is number => e !== undefined) ? { fromBlock, toBlock: Math.max(...ends) } : { fromBlock };
}

function logs(rollup: ArbitrumRollup, name: ArbitrumSourceName, contracts: TrackedContract[], topics: `0x${string}`[], extra: Partial<LogSource> = {}): LogSource {
  return {
    kind: 'logs',
    id: sourceId(rollup, name),
    chainId: rollup.l1ChainId,
    addresses: [...new Set(contracts.map((c) => c.address.toLowerCase() as Address))],
    topics,
    ...span(contracts),
    ...extra,
  };
}

export function arbitrumSources(rollup: ArbitrumRollup): LogSource[] {
  const c = rollup.contracts;
  const out: LogSource[] = [
    logs(rollup, 'sequencer-inbox', [c.sequencerInbox], [
      t.SequencerBatchDelivered, t.SequencerBatchData, t.MaxTimeVariationSet, t.BufferConfigSet, t.BatchPosterSet,
      t.BatchPosterManagerSet, t.SequencerSet, t.SetValidKeyset, t.InvalidateKeyset, t.OwnerFunctionCalled,
    ], { withTransactions: true, withReceipts: true }),
    {
      ...logs(rollup, 'delayed-inbox', [c.bridge, c.inbox, c.sequencerInbox], [
        t.MessageDelivered, t.InboxMessageDelivered, t.MaxTimeVariationSet, t.OwnerFunctionCalled, t.BufferConfigSet,
        t.InboxToggle, t.OutboxToggle, t.RollupUpdated, t.SequencerInboxUpdated,
      ]),
      // The SequencerInbox is here only for window-change announcements: bound by the bridge and inbox.
      ...span([c.bridge, c.inbox]),
      // Cut before a message or a payload: a payload (InboxMessageDelivered) follows its
      // MessageDelivered, as the Bridge and Inbox emit them, and a deposit waits for it across
      // slices (ctx.carry); force windows are read per block.
      sliceBefore: [t.MessageDelivered, t.InboxMessageDelivered],
    },
    logs(rollup, 'outbox', [c.outbox], [t.OutBoxTransactionExecuted, t.SendRootUpdated], { withTransactions: true }),
  ];
  if (c.legacyRollup) {
    out.push(logs(rollup, 'rollup-legacy', [c.legacyRollup, ...(c.legacyChallengeManager ? [c.legacyChallengeManager] : [])], [
      t.NodeCreated, t.NodeConfirmed, t.NodeRejected, t.RollupChallengeStarted, t.LegacyRollupInitialized,
      t.InitiatedChallenge, t.Bisected, t.ExecutionChallengeBegun, t.OneStepProofCompleted, t.ChallengeEnded,
    ], { withTransactions: true, sequential: true }));
  }
  if (c.boldRollup) {
    out.push(logs(rollup, 'rollup-bold', [c.boldRollup, ...(c.edgeChallengeManager ? [c.edgeChallengeManager] : [])], [
      t.AssertionCreated, t.AssertionConfirmed, t.AssertionForceCreated, t.AssertionForceConfirmed, t.ChallengeManagerSet,
      t.WasmModuleRootSet, t.RollupInitialized, t.EdgeAdded, t.EdgeBisected, t.EdgeConfirmedByTime,
      t.EdgeConfirmedByOneStepProof, t.EdgeRefunded,
    ], { withTransactions: true, sequential: true }));
  }
  return out;
}
