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
 *   (dest amount / l2CallValue). The payload is the InboxMessageDelivered of the same message
 *   number in the same transaction (not re-hashed against messageDataHash: keccak would cost more
 *   than the rest of the decode).
 */
import type { ArbitrumRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog } from '../types.ts';
import { sequencerInboxViews } from './abi.ts';
import { L1MessageKind, messageKindName, protocolMessageKinds, undoAlias } from './constants.ts';
import { decoders, topics } from './events.ts';
import { windowsAtBlocks } from './force-window.ts';
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

/** Addresses from the engine are lowercase already; compare without allocating when they are. */
const sameAddress = (a: string, lowercase: string) => a === lowercase || a.toLowerCase() === lowercase;

/**
 * Deposits whose payload was not in their slice yet (see DecodeContext.carry), by message number:
 * as drafts, not as logs, so that a bulk delivery's thousands of waiting deposits hold their rows
 * only, not their logs' data and decoded events as well.
 */
type PendingDeposits = Map<string, DepositDraft>;
const PENDING = 'arbitrum:delayed:pending-deposits';

/**
 * `more`: further slices of the range follow (SourceBatch.more). A deposit's payload follows its
 * MessageDelivered; one not found in the slice waits in ctx.carry for the next slices, and is
 * written without it (with the reason) once the range's last slice has none.
 */
export async function decodeDelayedMessages(rollup: ArbitrumRollup, logs: readonly RawLog[], ctx: DecodeContext, facts: Facts, more = false): Promise<void> {
  const bridge = lower(rollup.contracts.bridge.address);
  const inbox = lower(rollup.contracts.inbox.address);
  const sequencerInbox = lower(rollup.contracts.sequencerInbox.address);

  // Pass 1: payload logs by message number (their topic1, as MessageDelivered's), window-change
  // announcements, user messages. Payloads are decoded only for deposits.
  const payloads = new Map<string, RawLog>();
  const changeBlocks: number[] = [];
  const messages: { log: RawLog; event: MessageDelivered }[] = [];
  for (const log of logs) {
    const topic0 = log.topics[0];
    if (topic0 === topics.MessageDelivered) {
      if (!sameAddress(log.address, bridge)) continue;
      const event = decoders.MessageDelivered(log).args;
      if (!protocolMessageKinds.has(event.kind)) messages.push({ log, event });
    } else if (topic0 === topics.InboxMessageDelivered) {
      payloads.set(log.topics[1]!, log);
    } else if ((topic0 === topics.MaxTimeVariationSet || topic0 === topics.OwnerFunctionCalled || topic0 === topics.BufferConfigSet) && sameAddress(log.address, sequencerInbox)) {
      changeBlocks.push(log.blockNumber);
    }
  }
  const pending = ctx.carry?.get(PENDING) as PendingDeposits | undefined;
  if (pending) {
    for (const [num, d] of pending) {
      const payloadLog = payloads.get(num);
      if (payloadLog === undefined && more) continue;
      pending.delete(num);
      facts.bridgeMessages.push(completeDeposit(d, payloadLog));
    }
  }
  if (messages.length === 0) return;

  const windows = await windowsAtBlocks(messages.map((m) => m.log.blockNumber), changeBlocks, async (blockNumber) => {
    const [delayBlocks, futureBlocks, delaySeconds, futureSeconds] = await ctx.readContract<readonly [bigint, bigint, bigint, bigint]>({
      address: rollup.contracts.sequencerInbox.address, abi: sequencerInboxViews, functionName: 'maxTimeVariation', blockNumber,
    });
    return { delayBlocks, futureBlocks, delaySeconds, futureSeconds };
  });

  for (const { log, event } of messages) {
    const window = windows.get(log.blockNumber)!;
    const l1Sender = event.inbox === inbox ? undoAlias(event.sender) : undefined;
    const kind = messageKindName(event.kind);
    const messageIndex = event.messageIndex.toString();
    const forcedExtra: Record<string, unknown> = {
      kindCode: event.kind, inbox: event.inbox, beforeInboxAcc: event.beforeInboxAcc,
      baseFeeL1: event.baseFeeL1.toString(), timestamp: event.timestamp.toString(),
      deadlineBlock: (BigInt(log.blockNumber) + window.delayBlocks).toString(),
    };
    if (l1Sender) forcedExtra.l1Sender = l1Sender;
    facts.forcedMessages.push(Object.assign(provenanceOf(rollup.l1ChainId, log), {
      rollupId: rollup.id,
      queueIndex: messageIndex,
      kind,
      sender: event.sender,
      deadline: Number(event.timestamp + window.delaySeconds),
      windowSeconds: Number(window.delaySeconds),
      windowBlocks: Number(window.delayBlocks),
      messageHash: event.messageDataHash,
      extra: forcedExtra,
    }));

    if (event.kind !== L1MessageKind.EthDeposit && event.kind !== L1MessageKind.SubmitRetryable) continue;
    const payloadLog = payloads.get(log.topics[1]!);
    if (payloadLog === undefined && more && ctx.carry) {
      let waiting = ctx.carry.get(PENDING) as PendingDeposits | undefined;
      if (!waiting) ctx.carry.set(PENDING, (waiting = new Map()));
      waiting.set(log.topics[1]!, depositDraft(rollup, log, event, l1Sender));
      continue;
    }
    facts.bridgeMessages.push(completeDeposit(depositDraft(rollup, log, event, l1Sender), payloadLog));
  }
}

type BridgeRow = Facts['bridgeMessages'][number];

/** A deposit's DEPOSIT row before its payload is read, with what reading it needs. */
interface DepositDraft {
  row: BridgeRow;
  kindCode: number;
  txHash: string;
  l2Sender: `0x${string}`;
  inbox: `0x${string}`;
}

function depositDraft(rollup: ArbitrumRollup, log: RawLog, event: MessageDelivered, l1Sender: `0x${string}` | undefined): DepositDraft {
  const row: BridgeRow = Object.assign(provenanceOf(rollup.l1ChainId, log), {
    rollupId: rollup.id,
    direction: 'DEPOSIT',
    kind: event.kind === L1MessageKind.EthDeposit ? 'ETH_DEPOSIT' : 'RETRYABLE',
    messageId: event.messageIndex.toString(),
    stage: 'INITIATED',
    sender: l1Sender ?? event.sender,
    recipient: null as string | null,
    token: null,
    amount: null as string | null,
    l2TxHash: null,
    extra: null as Record<string, unknown> | null,
  });
  return { row, kindCode: event.kind, txHash: log.transactionHash, l2Sender: event.sender, inbox: event.inbox };
}

/**
 * The DEPOSIT row of a deposit message, completed from its payload. Message numbers are unique
 * delayed-queue indices and the payload is emitted by the same transaction: a payload from
 * another transaction means the logs are not what they claim.
 */
function completeDeposit(draft: DepositDraft, payloadLog: RawLog | undefined): BridgeRow {
  const { row, kindCode } = draft;
  let deposit: DepositPayload | undefined;
  let reason: string | undefined;
  if (payloadLog === undefined) reason = 'InboxMessageDelivered payload of this message not found';
  else if (payloadLog.transactionHash !== draft.txHash) reason = 'InboxMessageDelivered payload of this message comes from another transaction';
  else if (!(deposit = parseDepositPayload(kindCode, decoders.InboxMessageDelivered(payloadLog).args.data))) reason = `payload too short for ${messageKindName(kindCode)}`;
  if (deposit) {
    row.kind = deposit.kind;
    row.recipient = deposit.recipient;
    row.amount = deposit.amount.toString();
  }
  row.extra = json({ l2Sender: draft.l2Sender, inbox: draft.inbox, ...deposit?.details, reason }) as Record<string, unknown>;
  return row;
}
