/**
 * The delayed inbox: Bridge.MessageDelivered (+ the Inbox's InboxMessageDelivered payload of the
 * same message number) → forced_messages rows, and bridge_messages DEPOSIT rows for ETH deposits
 * and retryable tickets.
 *
 * - forced_messages holds user messages only: batch-spending reports, initialization and legacy
 *   rollup events (protocolMessageKinds) share the queue but are not on the forced path.
 *   queueIndex = messageIndex. `sender` is the event's sender: the L2 view of it, which the Inbox
 *   always aliases (applyL1ToL2Alias); extra.l1Sender holds the un-aliased L1 address.
 * - deadline = message timestamp + maxTimeVariation.delaySeconds read at the message's block
 *   (forceInclusion accepts the message once block.timestamp > deadline and
 *   block.number > enqueue block + delayBlocks; extra.deadlineBlock holds the latter bound).
 *   The delay buffer of newer inboxes can only shorten this; it is not applied here.
 * - deposits: ETH_DEPOSIT (kind 12) data = abi.encodePacked(address dest, uint256 amount);
 *   RETRYABLE (kind 9) data = abi.encodePacked(uint256 to, l2CallValue, deposit, maxSubmissionCost,
 *   uint256 excessFeeRefundAddress, uint256 callValueRefundAddress, gasLimit, maxFeePerGas,
 *   dataLength, data). messageId = messageIndex, stage INITIATED, amount = ETH reaching `to`
 *   (dest amount / l2CallValue); the payload is checked against messageDataHash.
 */
import { keccak256 } from 'viem';
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog } from '../types.ts';
import { sequencerInboxViews } from './abi.ts';
import { L1MessageKind, messageKindName, protocolMessageKinds, undoAlias } from './constants.ts';
import { decoders, topics } from './events.ts';
import { windowsAtBlocks, type ForceInclusionWindow } from './force-window.ts';
import { json, lower, provenanceOf } from './rows.ts';

type MessageDelivered = ReturnType<typeof decoders.MessageDelivered>['args'];

export interface DepositPayload {
  kind: 'ETH_DEPOSIT' | 'RETRYABLE';
  recipient: `0x${string}`;
  amount: bigint;
  details?: Record<string, unknown>;
}

const word = (d: string, i: number) => d.slice(2 + 64 * i, 66 + 64 * i);
const wordAddress = (d: string, i: number) => `0x${word(d, i).slice(24)}` as `0x${string}`;

/** Parses a deposit's InboxMessageDelivered payload; undefined when its kind carries no deposit or the payload is short. */
export function parseDepositPayload(kind: number, data: string): DepositPayload | undefined {
  if (kind === L1MessageKind.EthDeposit) {
    if (data.length < 2 + 2 * 52) return undefined;
    return { kind: 'ETH_DEPOSIT', recipient: lower(`0x${data.slice(2, 42)}`), amount: BigInt(`0x${data.slice(42, 106)}`) };
  }
  if (kind === L1MessageKind.SubmitRetryable) {
    if (data.length < 2 + 64 * 9) return undefined;
    const dataLength = BigInt(`0x${word(data, 8)}`);
    return {
      kind: 'RETRYABLE',
      recipient: lower(wordAddress(data, 0)),
      amount: BigInt(`0x${word(data, 1)}`),
      details: {
        deposit: BigInt(`0x${word(data, 2)}`),
        maxSubmissionCost: BigInt(`0x${word(data, 3)}`),
        excessFeeRefundAddress: lower(wordAddress(data, 4)),
        callValueRefundAddress: lower(wordAddress(data, 5)),
        gasLimit: BigInt(`0x${word(data, 6)}`),
        maxFeePerGas: BigInt(`0x${word(data, 7)}`),
        dataLength,
        /** First 4 bytes of the L2 call data (e.g. a token gateway's finalizeInboundTransfer). */
        l2CallSelector: dataLength >= 4n ? `0x${data.slice(2 + 64 * 9, 2 + 64 * 9 + 8)}` : undefined,
      },
    };
  }
  return undefined;
}

export async function decodeDelayedMessages(rollup: ArbitrumRollup, logs: readonly RawLog[], ctx: DecodeContext, facts: Facts): Promise<void> {
  const bridge = lower(rollup.contracts.bridge.address);
  const inbox = lower(rollup.contracts.inbox.address);
  const sequencerInbox = lower(rollup.contracts.sequencerInbox.address);

  // Pass 1: payloads by message number, window-change announcements, user messages.
  const payloads = new Map<bigint, { data: `0x${string}`; log: RawLog }>();
  const changeBlocks: number[] = [];
  const messages: { log: RawLog; event: MessageDelivered }[] = [];
  for (const log of logs) {
    const topic0 = log.topics[0];
    const address = lower(log.address);
    if (topic0 === topics.MessageDelivered && address === bridge) {
      messages.push({ log, event: decoders.MessageDelivered(log).args });
    } else if (topic0 === topics.InboxMessageDelivered) {
      const { messageNum, data } = decoders.InboxMessageDelivered(log).args;
      payloads.set(messageNum, { data, log });
    } else if (address === sequencerInbox && (topic0 === topics.MaxTimeVariationSet || topic0 === topics.OwnerFunctionCalled || topic0 === topics.BufferConfigSet)) {
      changeBlocks.push(log.blockNumber);
    }
  }

  const userMessages = messages.filter((m) => !protocolMessageKinds.has(m.event.kind));
  const windows = userMessages.length === 0
    ? new Map<number, ForceInclusionWindow>()
    : await windowsAtBlocks(userMessages.map((m) => m.log.blockNumber), changeBlocks, async (blockNumber) => {
      const [delayBlocks, futureBlocks, delaySeconds, futureSeconds] = await ctx.readContract<readonly [bigint, bigint, bigint, bigint]>({
        address: rollup.contracts.sequencerInbox.address, abi: sequencerInboxViews, functionName: 'maxTimeVariation', blockNumber,
      });
      return { delayBlocks, futureBlocks, delaySeconds, futureSeconds };
    });

  for (const { log, event } of userMessages) {
    const window = windows.get(log.blockNumber)!;
    const fromDelayedInbox = lower(event.inbox) === inbox;
    const l1Sender = fromDelayedInbox ? undoAlias(event.sender) : undefined;
    const kind = messageKindName(event.kind);
    const provenance = provenanceOf(rollup.l1ChainId, log);
    facts.forcedMessages.push({
      ...provenance,
      rollupId: rollup.id,
      queueIndex: event.messageIndex.toString(),
      kind,
      sender: lower(event.sender),
      deadline: Number(event.timestamp + window.delaySeconds),
      windowSeconds: Number(window.delaySeconds),
      windowBlocks: Number(window.delayBlocks),
      messageHash: event.messageDataHash,
      extra: json({
        kindCode: event.kind, inbox: lower(event.inbox), l1Sender, beforeInboxAcc: event.beforeInboxAcc,
        baseFeeL1: event.baseFeeL1, timestamp: event.timestamp,
        deadlineBlock: BigInt(log.blockNumber) + window.delayBlocks,
      }) as Record<string, unknown>,
    });

    if (event.kind !== L1MessageKind.EthDeposit && event.kind !== L1MessageKind.SubmitRetryable) continue;
    const payload = payloads.get(event.messageIndex);
    let deposit: DepositPayload | undefined;
    let reason: string | undefined;
    if (!payload) reason = 'InboxMessageDelivered payload of this message not found in its transaction';
    else if (keccak256(payload.data) !== event.messageDataHash) reason = 'InboxMessageDelivered payload does not hash to messageDataHash';
    else if (!(deposit = parseDepositPayload(event.kind, payload.data))) reason = `payload too short for ${kind}`;
    facts.bridgeMessages.push({
      ...provenance,
      rollupId: rollup.id,
      direction: 'DEPOSIT',
      kind: deposit?.kind ?? (event.kind === L1MessageKind.EthDeposit ? 'ETH_DEPOSIT' : 'RETRYABLE'),
      messageId: event.messageIndex.toString(),
      stage: 'INITIATED',
      sender: l1Sender ?? lower(event.sender),
      recipient: deposit?.recipient ?? null,
      token: null,
      amount: deposit?.amount.toString() ?? null,
      l2TxHash: null,
      extra: json({ l2Sender: lower(event.sender), inbox: lower(event.inbox), ...deposit?.details, reason }) as Record<string, unknown>,
    });
  }
}
