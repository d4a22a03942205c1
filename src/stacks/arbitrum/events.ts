/** Compiled decoders of every Arbitrum event the stack reads (built once at module load). */
import { compileEventDecoder } from '../../chain/decode/index.ts';
import {
  boldRollupEvents, bridgeEvents, edgeChallengeManagerEvents, eventOf, inboxEvents, legacyChallengeManagerEvents,
  legacyRollupEvents, outboxEvents, sequencerInboxEvents,
} from './abi.ts';

const c = compileEventDecoder;

export const decoders = {
  // SequencerInbox
  SequencerBatchDelivered: c(eventOf(sequencerInboxEvents, 'SequencerBatchDelivered')),
  SequencerBatchData: c(eventOf(sequencerInboxEvents, 'SequencerBatchData')),
  MaxTimeVariationSet: c(eventOf(sequencerInboxEvents, 'MaxTimeVariationSet')),
  BufferConfigSet: c(eventOf(sequencerInboxEvents, 'BufferConfigSet')),
  BatchPosterSet: c(eventOf(sequencerInboxEvents, 'BatchPosterSet')),
  BatchPosterManagerSet: c(eventOf(sequencerInboxEvents, 'BatchPosterManagerSet')),
  SequencerSet: c(eventOf(sequencerInboxEvents, 'SequencerSet')),
  SetValidKeyset: c(eventOf(sequencerInboxEvents, 'SetValidKeyset')),
  InvalidateKeyset: c(eventOf(sequencerInboxEvents, 'InvalidateKeyset')),
  OwnerFunctionCalled: c(eventOf(sequencerInboxEvents, 'OwnerFunctionCalled')),
  // Bridge + delayed Inbox
  MessageDelivered: c(eventOf(bridgeEvents, 'MessageDelivered')),
  InboxToggle: c(eventOf(bridgeEvents, 'InboxToggle')),
  OutboxToggle: c(eventOf(bridgeEvents, 'OutboxToggle')),
  RollupUpdated: c(eventOf(bridgeEvents, 'RollupUpdated')),
  SequencerInboxUpdated: c(eventOf(bridgeEvents, 'SequencerInboxUpdated')),
  InboxMessageDelivered: c(eventOf(inboxEvents, 'InboxMessageDelivered')),
  // Outbox
  OutBoxTransactionExecuted: c(eventOf(outboxEvents, 'OutBoxTransactionExecuted')),
  SendRootUpdated: c(eventOf(outboxEvents, 'SendRootUpdated')),
  // legacy Rollup + ChallengeManager
  NodeCreated: c(eventOf(legacyRollupEvents, 'NodeCreated')),
  NodeConfirmed: c(eventOf(legacyRollupEvents, 'NodeConfirmed')),
  NodeRejected: c(eventOf(legacyRollupEvents, 'NodeRejected')),
  RollupChallengeStarted: c(eventOf(legacyRollupEvents, 'RollupChallengeStarted')),
  LegacyRollupInitialized: c(eventOf(legacyRollupEvents, 'RollupInitialized')),
  InitiatedChallenge: c(eventOf(legacyChallengeManagerEvents, 'InitiatedChallenge')),
  Bisected: c(eventOf(legacyChallengeManagerEvents, 'Bisected')),
  ExecutionChallengeBegun: c(eventOf(legacyChallengeManagerEvents, 'ExecutionChallengeBegun')),
  OneStepProofCompleted: c(eventOf(legacyChallengeManagerEvents, 'OneStepProofCompleted')),
  ChallengeEnded: c(eventOf(legacyChallengeManagerEvents, 'ChallengeEnded')),
  // BoLD Rollup + EdgeChallengeManager
  AssertionCreated: c(eventOf(boldRollupEvents, 'AssertionCreated')),
  AssertionConfirmed: c(eventOf(boldRollupEvents, 'AssertionConfirmed')),
  AssertionForceCreated: c(eventOf(boldRollupEvents, 'AssertionForceCreated')),
  AssertionForceConfirmed: c(eventOf(boldRollupEvents, 'AssertionForceConfirmed')),
  ChallengeManagerSet: c(eventOf(boldRollupEvents, 'ChallengeManagerSet')),
  WasmModuleRootSet: c(eventOf(boldRollupEvents, 'WasmModuleRootSet')),
  RollupInitialized: c(eventOf(boldRollupEvents, 'RollupInitialized')),
  EdgeAdded: c(eventOf(edgeChallengeManagerEvents, 'EdgeAdded')),
  EdgeBisected: c(eventOf(edgeChallengeManagerEvents, 'EdgeBisected')),
  EdgeConfirmedByTime: c(eventOf(edgeChallengeManagerEvents, 'EdgeConfirmedByTime')),
  EdgeConfirmedByOneStepProof: c(eventOf(edgeChallengeManagerEvents, 'EdgeConfirmedByOneStepProof')),
  EdgeRefunded: c(eventOf(edgeChallengeManagerEvents, 'EdgeRefunded')),
};

type Topics = { readonly [K in keyof typeof decoders]: `0x${string}` };

/** topic0 of each event, by name. */
export const topics = Object.fromEntries(Object.entries(decoders).map(([k, d]) => [k, d.topic0])) as Topics;
