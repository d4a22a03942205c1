/**
 * parameter_changes: on-chain configuration announced by events, one row per event. `name` says
 * what changed; `value` is the event's content (bigints as decimal strings, addresses lowercase),
 * plus `contract` when the same name could come from several contracts.
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { Facts, RawLog } from '../types.ts';
import { decoders, topics } from './events.ts';
import { json, lower, provenanceOf } from './rows.ts';

type Row = Facts['parameterChanges'][number];

function row(rollup: ArbitrumRollup, log: RawLog, name: string, value: Record<string, unknown>): Row {
  return Object.assign(provenanceOf(rollup.l1ChainId, log), { rollupId: rollup.id, name, value: json(value) as Record<string, unknown> });
}

/** The parameter change a log announces, or undefined when its topic0 is not a parameter event. */
export function parameterChangeRow(rollup: ArbitrumRollup, log: RawLog): Row | undefined {
  const contract = lower(log.address);
  switch (log.topics[0]) {
    // SequencerInbox
    case topics.MaxTimeVariationSet:
      return row(rollup, log, 'maxTimeVariation', { ...decoders.MaxTimeVariationSet(log).args.maxTimeVariation });
    case topics.BufferConfigSet:
      return row(rollup, log, 'bufferConfig', { ...decoders.BufferConfigSet(log).args.bufferConfig });
    case topics.BatchPosterSet: {
      const a = decoders.BatchPosterSet(log).args;
      return row(rollup, log, 'batchPoster', { address: a.batchPoster, enabled: a.isBatchPoster });
    }
    case topics.BatchPosterManagerSet:
      return row(rollup, log, 'batchPosterManager', { address: decoders.BatchPosterManagerSet(log).args.newBatchPosterManager });
    case topics.SequencerSet: {
      const a = decoders.SequencerSet(log).args;
      return row(rollup, log, 'sequencer', { address: a.addr, enabled: a.isSequencer });
    }
    case topics.SetValidKeyset: {
      const a = decoders.SetValidKeyset(log).args;
      return row(rollup, log, 'dasKeyset', { keysetHash: a.keysetHash, valid: true, keysetBytes: (a.keysetBytes.length - 2) / 2 });
    }
    case topics.InvalidateKeyset:
      return row(rollup, log, 'dasKeyset', { keysetHash: decoders.InvalidateKeyset(log).args.keysetHash, valid: false });
    case topics.OwnerFunctionCalled:
      return row(rollup, log, 'ownerFunctionCalled', { id: decoders.OwnerFunctionCalled(log).args.id, contract });
    // Bridge
    case topics.InboxToggle: {
      const a = decoders.InboxToggle(log).args;
      return row(rollup, log, 'delayedInbox', { address: a.inbox, enabled: a.enabled });
    }
    case topics.OutboxToggle: {
      const a = decoders.OutboxToggle(log).args;
      return row(rollup, log, 'outbox', { address: a.outbox, enabled: a.enabled });
    }
    case topics.RollupUpdated:
      return row(rollup, log, 'rollup', { address: decoders.RollupUpdated(log).args.rollup });
    case topics.SequencerInboxUpdated:
      return row(rollup, log, 'sequencerInbox', { address: decoders.SequencerInboxUpdated(log).args.newSequencerInbox });
    // Outbox
    case topics.SendRootUpdated: {
      const a = decoders.SendRootUpdated(log).args;
      return row(rollup, log, 'outboxSendRoot', { sendRoot: a.outputRoot, l2BlockHash: a.l2BlockHash });
    }
    // Rollups
    case topics.WasmModuleRootSet:
      return row(rollup, log, 'wasmModuleRoot', { root: decoders.WasmModuleRootSet(log).args.newWasmModuleRoot, contract });
    case topics.ChallengeManagerSet:
      return row(rollup, log, 'challengeManager', { address: decoders.ChallengeManagerSet(log).args.challengeManager, contract });
    case topics.RollupInitialized: {
      const a = decoders.RollupInitialized(log).args;
      return row(rollup, log, 'rollupInitialized', { machineHash: a.machineHash, chainId: a.chainId, contract });
    }
    case topics.AssertionForceCreated:
      return row(rollup, log, 'assertionForceCreated', { assertionHash: decoders.AssertionForceCreated(log).args.assertionHash });
    case topics.AssertionForceConfirmed:
      return row(rollup, log, 'assertionForceConfirmed', { assertionHash: decoders.AssertionForceConfirmed(log).args.assertionHash });
    default:
      return undefined;
  }
}
