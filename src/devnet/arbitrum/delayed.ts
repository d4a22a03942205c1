/**
 * The delayed inbox: deposits, retryable tickets and L2 messages sent through the Inbox (each a
 * Bridge.MessageDelivered + Inbox.InboxMessageDelivered), force inclusion after the window, and
 * changes of the window itself.
 *
 * Truth: every user message is a TruthForcedMessage (queueIndex = messageIndex, deadline =
 * MessageDelivered.timestamp + maxTimeVariation.delaySeconds in force at that block, included =
 * the first batch whose afterDelayedMessagesRead > index, forced = included by forceInclusion).
 * Deposits (ETH_DEPOSIT, RETRYABLE) are also TruthBridgeMessages (DEPOSIT; stages INITIATED at
 * the MessageDelivered log, INCLUDED at the consuming batch). Batch-posting reports (kind 13) are
 * protocol messages: in the queue, not in forcedMessages.
 */
import { parseAbiItem, type Address } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { TruthBatch, TruthBridgeMessage, TruthForcedMessage } from '../truth.ts';
import type { RecordedTx } from '../recorder.ts';
import type { ArbitrumDeployment } from './deploy.ts';
import { MessageKind } from './params.ts';
import { markDelayedIncluded, oneEvent, refOfEvent } from './truth-helpers.ts';
import { readInboxState } from './batches.ts';
import { l2BlockOfMessage } from './l2.ts';

const lower = (a: string) => a.toLowerCase() as Address;

function recordDelayed(dep: ArbitrumDeployment, tx: RecordedTx, bridge?: { kind: string; from: Address; to: Address; amount: bigint }): TruthForcedMessage {
  const md = oneEvent(tx.events, 'MessageDelivered', 'delayed message');
  const ref = refOfEvent(md);
  const index = String(md.args.messageIndex);
  const forced: TruthForcedMessage = {
    rollupId: dep.rollupId,
    queueIndex: index,
    enqueued: ref,
    deadline: Number(md.args.timestamp) + Number(dep.params.maxTimeVariation.delaySeconds),
    forced: false,
  };
  dep.ctx.recorder.truth.forcedMessages.push(forced);
  if (bridge) {
    const msg: TruthBridgeMessage = {
      rollupId: dep.rollupId,
      direction: 'DEPOSIT',
      kind: bridge.kind,
      messageId: index,
      from: bridge.from,
      to: bridge.to,
      amount: bridge.amount.toString(),
      stages: { INITIATED: ref },
    };
    dep.ctx.recorder.truth.bridgeMessages.push(msg);
  }
  return forced;
}

export async function depositEth(dep: ArbitrumDeployment, opts: { from: HDAccount; amount: bigint }): Promise<TruthForcedMessage> {
  let out: TruthForcedMessage | undefined;
  await dep.ctx.write({
    account: opts.from, address: dep.addresses.inbox, abi: dep.abi.inbox, functionName: 'depositEth', value: opts.amount,
    build: (tx) => { out = recordDelayed(dep, tx, { kind: 'ETH_DEPOSIT', from: lower(opts.from.address), to: lower(opts.from.address), amount: opts.amount }); },
  });
  return out!;
}

export async function createRetryableTicket(dep: ArbitrumDeployment, opts: { from: HDAccount; to: Address; l2CallValue: bigint; data?: `0x${string}` }): Promise<TruthForcedMessage> {
  const maxSubmissionCost = 100_000_000_000_000n;
  const gasLimit = 300_000n;
  const maxFeePerGas = 100_000_000n;
  const value = maxSubmissionCost + opts.l2CallValue + gasLimit * maxFeePerGas;
  let out: TruthForcedMessage | undefined;
  await dep.ctx.write({
    account: opts.from, address: dep.addresses.inbox, abi: dep.abi.inbox, functionName: 'createRetryableTicket', value,
    args: [opts.to, opts.l2CallValue, maxSubmissionCost, opts.from.address, opts.from.address, gasLimit, maxFeePerGas, opts.data ?? '0x'],
    build: (tx) => { out = recordDelayed(dep, tx, { kind: 'RETRYABLE', from: lower(opts.from.address), to: lower(opts.to), amount: opts.l2CallValue }); },
  });
  return out!;
}

/** A signed L2 transaction sent through the delayed inbox (the censorship-resistant path). */
export async function sendL2Message(dep: ArbitrumDeployment, opts: { from: HDAccount; data?: `0x${string}` }): Promise<TruthForcedMessage> {
  let out: TruthForcedMessage | undefined;
  await dep.ctx.write({
    account: opts.from, address: dep.addresses.inbox, abi: dep.abi.inbox, functionName: 'sendL2Message',
    args: [opts.data ?? '0x04f86b8201a4808405f5e100830186a094' + 'ab'.repeat(20) + '80808080'],
    build: (tx) => { out = recordDelayed(dep, tx); },
  });
  return out!;
}

const messageDelivered = parseAbiItem(
  'event MessageDelivered(uint256 indexed messageIndex, bytes32 indexed beforeInboxAcc, address inbox, uint8 kind, address sender, bytes32 messageDataHash, uint256 baseFeeL1, uint64 timestamp)',
);

/**
 * forceInclusion of every delayed message up to `upTo` (default: all delivered). Reverts on chain
 * (and throws here) while the newest of them is still inside the window.
 */
export async function forceInclusion(dep: ArbitrumDeployment, opts: { from?: HDAccount; upTo?: bigint } = {}): Promise<TruthBatch> {
  const st = await readInboxState(dep);
  const total = opts.upTo ?? st.delayedMessageCount;
  const last = total - 1n;
  const logs = await dep.ctx.l1.public.getLogs({ address: dep.addresses.bridge, event: messageDelivered, args: { messageIndex: last }, fromBlock: BigInt(dep.rollup.startBlock) });
  const log = logs.at(-1);
  if (!log) throw new Error(`forceInclusion: MessageDelivered ${last} not found`);
  const a = log.args;
  const prevCount = st.reportedMessageCount;
  let out: TruthBatch | undefined;
  await dep.ctx.write({
    account: opts.from ?? dep.accounts.users[0]!,
    address: dep.addresses.sequencerInbox,
    abi: dep.abi.sequencerInbox,
    functionName: 'forceInclusion',
    args: [total, a.kind!, [log.blockNumber, a.timestamp!], a.baseFeeL1!, a.sender!, a.messageDataHash!],
    build: (tx) => {
      const ev = oneEvent(tx.events, 'SequencerBatchDelivered', 'forceInclusion');
      const ref = refOfEvent(ev);
      // No L2 blocks are declared: empty range (end = start − 1), times 0.
      const start = l2BlockOfMessage(dep, prevCount);
      const batch: TruthBatch = {
        rollupId: dep.rollupId,
        batchNumber: String(ev.args.batchSequenceNumber),
        l1: ref,
        submitter: tx.from,
        dataLocation: 'NONE',
        bytesPosted: 0,
        blobCount: 0,
        l2BlockStart: start,
        l2BlockEnd: start - 1,
        l2TimeStart: 0,
        l2TimeEnd: 0,
        delayedMessagesRead: String(ev.args.afterDelayedMessagesRead),
        forced: true,
      };
      dep.ctx.recorder.truth.batches.push(batch);
      markDelayedIncluded(dep, BigInt(ev.args.afterDelayedMessagesRead as string), ref, true);
      out = batch;
    },
  });
  return out!;
}

/** Owner changes the force-inclusion window (MaxTimeVariationSet + OwnerFunctionCalled(0)). */
export async function setMaxTimeVariation(dep: ArbitrumDeployment, mtv: ArbitrumDeployment['params']['maxTimeVariation']): Promise<void> {
  await dep.ctx.write({
    account: dep.accounts.owner, address: dep.addresses.sequencerInbox, abi: dep.abi.sequencerInbox, functionName: 'setMaxTimeVariation',
    args: [mtv],
  });
  dep.params = { ...dep.params, maxTimeVariation: { ...mtv } };
}

export { MessageKind };
