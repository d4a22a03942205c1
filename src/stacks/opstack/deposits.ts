/**
 * Deposits (the OP forced path): OptimismPortal.TransactionDeposited → one forced_messages row and
 * one bridge_messages DEPOSIT INITIATED row, both keyed by the L2 deposit's source hash.
 *
 * - opaqueData (version 0) = abi.encodePacked(uint256 mint, uint256 value, uint64 gasLimit,
 *   bool isCreation, bytes data): 73 bytes + data.
 * - The L2 transaction: sourceHash = keccak256(bytes32(0) ++ keccak256(l1BlockHash ++ bytes32(logIndex)))
 *   (deposits.md, user deposit domain 0) is the message id (bridge_messages.messageId and
 *   forced_messages.messageHash); bridge_messages.l2TxHash = keccak256 of the 0x7E deposit tx.
 * - queueIndex: 0-based order of the rollup's TransactionDeposited logs (L1 block, log index). The
 *   portal keeps no deposit counter, so the source is sequential and the count lives in decoder
 *   state (`depositCount`); extra.l1Position = blockNumber × 1,000,000 + logIndex orders it too.
 * - deadline = L1 block time + sequencingWindowBlocks × 12 s: the sequencer may hold the L2 chain's
 *   L1 origin back by at most the sequencing window, after which derivation includes the deposit
 *   regardless (12 s assumes no missed slot; with missed slots the real bound is later).
 * - Kind (PORTAL | MESSENGER | ETH | ERC20) and end-user detail come from the message bytes
 *   (messages.ts); a L1StandardBridge ETH/ERC20 *Initiated event earlier in the same transaction
 *   supplies from/to/token/amount (the Bridge* event, else the legacy Deposit* one). PORTAL:
 *   sender/recipient = the log's from/to, amount = mint.
 */
import { keccak256 } from 'viem';
import { getSourceHash, serializeTransaction } from 'viem/op-stack';
import type { Address, Hex, OpStackRollup } from '../../rollups/types.ts';
import type { DecodeContext, Facts, RawLog } from '../types.ts';
import { decoders, topics as t } from './events.ts';
import { classifyDeposit, type ClassifiedMessage } from './messages.ts';
import { errorCode, errorMessage, isDataError, json, logProvenance, lower, MalformedDataError, type IssueSink } from './rows.ts';

/** Seconds per L1 slot, used to turn the sequencing window (L1 blocks) into a deadline. */
export const L1_SLOT_SECONDS = 12;

export interface DepositData {
  mint: bigint;
  value: bigint;
  gasLimit: bigint;
  isCreation: boolean;
  data: Hex;
}

export class DepositDataError extends MalformedDataError {
  override name = 'DepositDataError';
  constructor(message: string) {
    super(message, 'DEPOSIT_DATA');
  }
}

/** Unpacks TransactionDeposited.opaqueData (version 0). */
export function unpackOpaqueData(opaqueData: Hex): DepositData {
  const hex = opaqueData.slice(2);
  if (hex.length % 2 !== 0 || hex.length < 146) {
    throw new DepositDataError(`opaqueData must hold at least 73 bytes (mint, value, gasLimit, isCreation), got ${hex.length / 2}`);
  }
  const flag = hex.slice(144, 146);
  if (flag !== '00' && flag !== '01') throw new DepositDataError(`opaqueData isCreation byte must be 0 or 1, got 0x${flag}`);
  return {
    mint: BigInt(`0x${hex.slice(0, 64)}`),
    value: BigInt(`0x${hex.slice(64, 128)}`),
    gasLimit: BigInt(`0x${hex.slice(128, 144)}`),
    isCreation: flag === '01',
    data: `0x${hex.slice(146)}`,
  };
}

/** Source hash and hash of the L2 deposit transaction a TransactionDeposited log becomes. */
export function depositTransactionHash(args: { l1BlockHash: Hex; logIndex: number; from: Address; to: Address; deposit: DepositData }): { sourceHash: Hex; l2TxHash: Hex } {
  const sourceHash = getSourceHash({ domain: 'userDeposit', l1BlockHash: args.l1BlockHash, l1LogIndex: args.logIndex });
  const { deposit } = args;
  const l2TxHash = keccak256(serializeTransaction({
    type: 'deposit',
    sourceHash,
    from: args.from,
    to: deposit.isCreation ? undefined : args.to,
    mint: deposit.mint,
    value: deposit.value,
    gas: deposit.gasLimit,
    isSystemTx: false,
    data: deposit.data,
  }));
  return { sourceHash, l2TxHash };
}

/** L1 position of a log, readable in decimal: blockNumber × 1,000,000 + logIndex. */
export const l1Position = (blockNumber: number, logIndex: number) => BigInt(blockNumber) * 1_000_000n + BigInt(logIndex);

/** Decoder-state key of the number of deposits decoded so far (decimal string). */
export const DEPOSIT_COUNT_KEY = 'depositCount';

export function depositDeadline(l1Time: number, sequencingWindowBlocks: number): number {
  return l1Time + sequencingWindowBlocks * L1_SLOT_SECONDS;
}

interface BridgeInitiated {
  bridgeEvent: boolean;
  sender: Address;
  recipient: Address;
  token?: Address;
  l2Token?: Address;
  amount: bigint;
}

function bridgeInitiated(log: RawLog): BridgeInitiated | undefined {
  switch (log.topics[0]) {
    case t.ETHBridgeInitiated:
    case t.ETHDepositInitiated: {
      const e = (log.topics[0] === t.ETHBridgeInitiated ? decoders.ETHBridgeInitiated : decoders.ETHDepositInitiated)(log).args;
      return { bridgeEvent: log.topics[0] === t.ETHBridgeInitiated, sender: lower(e.from), recipient: lower(e.to), amount: e.amount };
    }
    case t.ERC20BridgeInitiated: {
      const e = decoders.ERC20BridgeInitiated(log).args;
      return { bridgeEvent: true, sender: lower(e.from), recipient: lower(e.to), token: lower(e.localToken), l2Token: lower(e.remoteToken), amount: e.amount };
    }
    case t.ERC20DepositInitiated: {
      const e = decoders.ERC20DepositInitiated(log).args;
      return { bridgeEvent: false, sender: lower(e.from), recipient: lower(e.to), token: lower(e.l1Token), l2Token: lower(e.l2Token), amount: e.amount };
    }
    default:
      return undefined;
  }
}

/** Decodes the `deposits` source: TransactionDeposited and L1StandardBridge *Initiated logs, in L1 order. */
export async function decodeDeposits(rollup: OpStackRollup, logs: readonly RawLog[], ctx: DecodeContext, facts: Facts, report: IssueSink, source: string): Promise<void> {
  const chainId = rollup.l1ChainId;
  const countBefore = BigInt((await ctx.state.get<string>(DEPOSIT_COUNT_KEY)) ?? '0');
  let count = countBefore;
  const windowBlocks = rollup.sequencingWindowBlocks;
  // Bridge events of the current transaction not yet matched to a deposit.
  let pendingTx: string | undefined;
  let pending: BridgeInitiated[] = [];
  for (const log of logs) {
    if (log.transactionHash !== pendingTx) {
      pendingTx = log.transactionHash;
      pending = [];
    }
    try {
      const bridge = bridgeInitiated(log);
      if (bridge) {
        pending.push(bridge);
        continue;
      }
      if (log.topics[0] !== t.TransactionDeposited) continue;
      const e = decoders.TransactionDeposited(log).args;
      if (e.version !== 0n) throw new DepositDataError(`unknown deposit version ${e.version} (derivation accepts only 0)`);
      const deposit = unpackOpaqueData(e.opaqueData);
      const from = lower(e.from);
      const to = lower(e.to);
      const { sourceHash, l2TxHash } = depositTransactionHash({ l1BlockHash: log.blockHash, logIndex: log.logIndex, from, to, deposit });
      const message: ClassifiedMessage = classifyDeposit(to, deposit.data);
      const event = pending.findLast((p) => p.bridgeEvent) ?? pending.at(-1);
      pending = [];
      const prov = logProvenance(chainId, log);
      facts.forcedMessages.push({
        ...prov,
        rollupId: rollup.id,
        queueIndex: (count++).toString(),
        kind: 'DEPOSIT',
        sender: from,
        deadline: depositDeadline(log.blockTime, windowBlocks),
        windowSeconds: windowBlocks * L1_SLOT_SECONDS,
        windowBlocks,
        messageHash: sourceHash,
        extra: json({
          l2TxHash, l1Position: l1Position(log.blockNumber, log.logIndex), to, messageKind: message.kind,
          mint: deposit.mint, value: deposit.value, gasLimit: deposit.gasLimit, isCreation: deposit.isCreation,
        }),
      });
      const amount = event?.amount ?? message.amount ?? deposit.mint;
      facts.bridgeMessages.push({
        ...prov,
        rollupId: rollup.id,
        direction: 'DEPOSIT',
        kind: message.kind,
        messageId: sourceHash,
        stage: 'INITIATED',
        sender: event?.sender ?? message.sender ?? from,
        recipient: event?.recipient ?? message.recipient ?? to,
        token: event?.token ?? message.token ?? null,
        amount: amount.toString(),
        l2TxHash,
        extra: json({
          from, to, mint: deposit.mint, value: deposit.value, gasLimit: deposit.gasLimit, isCreation: deposit.isCreation,
          dataBytes: (deposit.data.length - 2) / 2, l2Token: event?.l2Token ?? message.l2Token,
          messengerNonce: message.messenger?.nonce, messengerSender: message.messenger?.sender, messengerTarget: message.messenger?.target,
        }),
      });
    } catch (err) {
      if (!isDataError(err)) throw err;
      report({ rollupId: rollup.id, source, what: 'log', blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex, code: errorCode(err), message: errorMessage(err) });
    }
  }
  if (count !== countBefore) await ctx.state.set(DEPOSIT_COUNT_KEY, count.toString());
}
