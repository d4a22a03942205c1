/**
 * The Arbitrum Nitro stack: sources() says what to read on L1 for a rollup definition, decode()
 * turns one fetched range of one source into fact rows, dispatching per topic0. Pure apart from
 * DecodeContext (maxTimeVariation / getAssertion reads, decoder state, the optional L2 RPC).
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type SourceBatch, type StackIndexer } from '../types.ts';
import { resolveL2Times, sequencerBatchRow } from './batches.ts';
import {
  bisectionKey, edgeAdded, edgeBisected, edgeConfirmed, edgeRefunded, legacyChallengeEnded, legacyChallengeMove,
  legacyChallengeStarted, noteAssertionCreated,
} from './challenges.ts';
import { createMemo } from './memo.ts';
import { decodeDelayedMessages } from './delayed-messages.ts';
import { decoders, topics as t } from './events.ts';
import { withdrawalFinalizedRow } from './outbox.ts';
import { parameterChangeRow } from './parameters.ts';
import { lower, transactionOf } from './rows.ts';
import { arbitrumSources, sourceNameOf } from './sources.ts';
import { assertionCreatedRow, nodeCreatedRow, resolveL2Blocks, stateRootEvent } from './state-roots.ts';

export const arbitrumStack: StackIndexer<ArbitrumRollup> = {
  stack: 'arbitrum',
  sources: arbitrumSources,
  async decode(rollup, batch, ctx) {
    const facts = emptyFacts();
    const name = sourceNameOf(rollup, batch.source.id);
    switch (name) {
      case 'sequencer-inbox':
        decodeSequencerInbox(rollup, batch, facts);
        await resolveL2Times(rollup, facts.sequencerBatches, ctx);
        break;
      case 'delayed-inbox': await decodeDelayedInbox(rollup, batch, ctx, facts); break;
      case 'outbox': decodeOutbox(rollup, batch, facts); break;
      case 'rollup-legacy': await decodeLegacyRollup(rollup, batch, ctx, facts); break;
      case 'rollup-bold': await decodeBoldRollup(rollup, batch, ctx, facts); break;
      default: throw new Error(`Arbitrum stack has no source ${batch.source.id} for rollup ${rollup.id}`);
    }
    return facts;
  },
};

function decodeSequencerInbox(rollup: ArbitrumRollup, batch: SourceBatch, facts: Facts): void {
  // SequencerBatchData payloads (batches posted through a contract), by transaction and batch number.
  const separate = new Map<string, `0x${string}`>();
  for (const log of batch.logs) {
    if (log.topics[0] === t.SequencerBatchData) {
      const { batchSequenceNumber, data } = decoders.SequencerBatchData(log).args;
      separate.set(`${log.transactionHash}:${batchSequenceNumber}`, data);
    }
  }
  for (const log of batch.logs) {
    const topic0 = log.topics[0];
    if (topic0 === t.SequencerBatchDelivered) {
      const event = decoders.SequencerBatchDelivered(log).args;
      facts.sequencerBatches.push(sequencerBatchRow({
        rollup, log, event, tx: transactionOf(batch, log), separateData: separate.get(`${log.transactionHash}:${event.batchSequenceNumber}`),
      }));
    } else if (topic0 !== t.SequencerBatchData) {
      const change = parameterChangeRow(rollup, log);
      if (change) facts.parameterChanges.push(change);
    }
  }
}

async function decodeDelayedInbox(rollup: ArbitrumRollup, batch: SourceBatch, ctx: DecodeContext, facts: Facts): Promise<void> {
  await decodeDelayedMessages(rollup, batch.logs, ctx, facts, batch.more);
  const bridge = lower(rollup.contracts.bridge.address);
  for (const log of batch.logs) {
    if (lower(log.address) !== bridge || log.topics[0] === t.MessageDelivered) continue;
    const change = parameterChangeRow(rollup, log);
    if (change) facts.parameterChanges.push(change);
  }
}

function decodeOutbox(rollup: ArbitrumRollup, batch: SourceBatch, facts: Facts): void {
  for (const log of batch.logs) {
    if (log.topics[0] === t.OutBoxTransactionExecuted) {
      facts.bridgeMessages.push(withdrawalFinalizedRow(rollup, log, decoders.OutBoxTransactionExecuted(log).args, batch.transactions.get(log.transactionHash)));
    } else {
      const change = parameterChangeRow(rollup, log);
      if (change) facts.parameterChanges.push(change);
    }
  }
}

async function decodeLegacyRollup(rollup: ArbitrumRollup, batch: SourceBatch, ctx: DecodeContext, facts: Facts): Promise<void> {
  const memo = createMemo(ctx);
  for (const log of batch.logs) {
    switch (log.topics[0]) {
      case t.NodeCreated:
        facts.stateRoots.push(nodeCreatedRow(rollup, log, decoders.NodeCreated(log).args, transactionOf(batch, log)));
        break;
      case t.NodeConfirmed: {
        const e = decoders.NodeConfirmed(log).args;
        facts.stateRootEvents.push(stateRootEvent(rollup, log, e.nodeNum.toString(), 'CONFIRMED', { blockHash: e.blockHash, sendRoot: e.sendRoot }));
        break;
      }
      case t.NodeRejected:
        facts.stateRootEvents.push(stateRootEvent(rollup, log, decoders.NodeRejected(log).args.nodeNum.toString(), 'REJECTED'));
        break;
      case t.RollupChallengeStarted:
        await legacyChallengeStarted(rollup, log, decoders.RollupChallengeStarted(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.InitiatedChallenge:
        await legacyChallengeMove(rollup, log, 'InitiatedChallenge', decoders.InitiatedChallenge(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.Bisected:
        await legacyChallengeMove(rollup, log, 'Bisected', decoders.Bisected(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.ExecutionChallengeBegun:
        await legacyChallengeMove(rollup, log, 'ExecutionChallengeBegun', decoders.ExecutionChallengeBegun(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.OneStepProofCompleted:
        await legacyChallengeMove(rollup, log, 'OneStepProofCompleted', decoders.OneStepProofCompleted(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.ChallengeEnded:
        await legacyChallengeEnded(rollup, log, decoders.ChallengeEnded(log).args, transactionOf(batch, log), memo, facts);
        break;
      default: {
        const change = parameterChangeRow(rollup, log);
        if (change) facts.parameterChanges.push(change);
      }
    }
  }
  await resolveL2Blocks(facts, ctx, memo);
}

async function decodeBoldRollup(rollup: ArbitrumRollup, batch: SourceBatch, ctx: DecodeContext, facts: Facts): Promise<void> {
  const memo = createMemo(ctx);
  const bisectionParents = new Map<string, string>();
  for (const log of batch.logs) {
    if (log.topics[0] === t.EdgeBisected) {
      const e = decoders.EdgeBisected(log).args;
      bisectionParents.set(bisectionKey(log.transactionHash, e.lowerChildId), e.edgeId);
      bisectionParents.set(bisectionKey(log.transactionHash, e.upperChildId), e.edgeId);
    }
  }
  for (const log of batch.logs) {
    switch (log.topics[0]) {
      case t.AssertionCreated: {
        const e = decoders.AssertionCreated(log).args;
        facts.stateRoots.push(assertionCreatedRow(rollup, log, e, transactionOf(batch, log)));
        if (BigInt(e.parentAssertionHash) === 0n) facts.stateRootEvents.push(stateRootEvent(rollup, log, e.assertionHash, 'CONFIRMED', { genesis: true }));
        await noteAssertionCreated(e, memo);
        break;
      }
      case t.AssertionConfirmed: {
        const e = decoders.AssertionConfirmed(log).args;
        facts.stateRootEvents.push(stateRootEvent(rollup, log, e.assertionHash, 'CONFIRMED', { blockHash: e.blockHash, sendRoot: e.sendRoot }));
        break;
      }
      case t.EdgeAdded:
        await edgeAdded(rollup, log, decoders.EdgeAdded(log).args, transactionOf(batch, log), memo, facts, bisectionParents);
        break;
      case t.EdgeBisected:
        await edgeBisected(rollup, log, decoders.EdgeBisected(log).args, transactionOf(batch, log), memo, facts);
        break;
      case t.EdgeConfirmedByTime:
        await edgeConfirmed(rollup, log, 'CONFIRMED_BY_TIME', decoders.EdgeConfirmedByTime(log).args, transactionOf(batch, log), memo, ctx, facts);
        break;
      case t.EdgeConfirmedByOneStepProof:
        await edgeConfirmed(rollup, log, 'ONE_STEP_PROOF', decoders.EdgeConfirmedByOneStepProof(log).args, transactionOf(batch, log), memo, ctx, facts);
        break;
      case t.EdgeRefunded:
        await edgeRefunded(rollup, log, decoders.EdgeRefunded(log).args, transactionOf(batch, log), memo, facts);
        break;
      default: {
        const change = parameterChangeRow(rollup, log);
        if (change) facts.parameterChanges.push(change);
      }
    }
  }
  await resolveL2Blocks(facts, ctx, memo);
}

export { arbitrumSources } from './sources.ts';
export { decodeBatchCall, type BatchCall } from './batch-call.ts';
export { classifyBatchData, type DataLocation } from './data-location.ts';
export { parseDepositPayload } from './delayed-messages.ts';
