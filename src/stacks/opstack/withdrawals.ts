/**
 * Withdrawals on L1 (the `withdrawals` source: OptimismPortal(2) + L1StandardBridge, with txs):
 * - WithdrawalProven(withdrawalHash, from, to) → bridge_messages WITHDRAWAL PROVEN; the prover is
 *   WithdrawalProvenExtension1.proofSubmitter (OptimismPortal2, same tx) or the tx sender;
 * - WithdrawalFinalized(withdrawalHash, success) → FINALIZED (extra.success: false when the
 *   withdrawal's call failed — it is finalized all the same and cannot be replayed);
 * - keyed by withdrawalHash (messageId), the hash the L2ToL1MessagePasser emitted on L2.
 * When the tx calls the portal directly, its input gives the WithdrawalTransaction (checked
 * against withdrawalHash), hence kind, end-user sender/recipient, token and amount, and for proofs
 * the L2OutputOracle output index (legacy) or DisputeGameFactory game index (fault proofs) it was
 * proven against. A L1StandardBridge ETH/ERC20 *Finalized event earlier in the same tx fills
 * token/amount/from/to of FINALIZED rows.
 * Also here (same contract): DisputeGameBlacklisted → state_root_events REJECTED of that game,
 * RespectedGameTypeSet → parameter `respectedGameType`.
 */
import { encodeAbiParameters, keccak256 } from 'viem';
import type { Address, Hex, OpStackRollup } from '../../rollups/types.ts';
import type { Facts, RawLog, RawTransaction } from '../types.ts';
import { L2_CROSS_DOMAIN_MESSENGER } from './abi.ts';
import { decoders, calls, topics as t } from './events.ts';
import { classifyWithdrawal, type ClassifiedMessage } from './messages.ts';
import { parameterRow } from './parameters.ts';
import { errorCode, errorMessage, isDataError, json, logProvenance, lower, type IssueSink } from './rows.ts';

export interface WithdrawalTransaction {
  nonce: bigint;
  sender: Address;
  target: Address;
  value: bigint;
  gasLimit: bigint;
  data: Hex;
}

/** Hashing.hashWithdrawal: keccak256(abi.encode(nonce, sender, target, value, gasLimit, data)). */
export function withdrawalHash(w: WithdrawalTransaction): Hex {
  return keccak256(encodeAbiParameters(
    [{ type: 'uint256' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }],
    [w.nonce, w.sender, w.target, w.value, w.gasLimit, w.data],
  ));
}

interface PortalCall {
  withdrawal: WithdrawalTransaction;
  /** proveWithdrawalTransaction's second argument. */
  proofIndex?: bigint;
}

/** The WithdrawalTransaction a direct portal call carries, when its hash is `hash`. */
function portalCall(tx: RawTransaction | undefined, portal: Address, hash: Hex): PortalCall | undefined {
  if (!tx || !tx.to || lower(tx.to) !== lower(portal)) return undefined;
  const sel = tx.input.slice(0, 10);
  const decoder = [calls.proveWithdrawalTransaction, calls.finalizeWithdrawalTransaction, calls.finalizeWithdrawalTransactionExternalProof].find((d) => d.selector === sel);
  if (!decoder) return undefined;
  let args: readonly unknown[] | undefined;
  try {
    args = decoder(tx.input, tx.hash).args;
  } catch {
    return undefined;
  }
  const raw = args![0] as { nonce: bigint; sender: Address; target: Address; value: bigint; gasLimit: bigint; data: Hex };
  const withdrawal: WithdrawalTransaction = { nonce: raw.nonce, sender: lower(raw.sender), target: lower(raw.target), value: raw.value, gasLimit: raw.gasLimit, data: raw.data };
  if (withdrawalHash(withdrawal) !== hash.toLowerCase()) return undefined;
  return { withdrawal, proofIndex: decoder === calls.proveWithdrawalTransaction ? (args![1] as bigint) : undefined };
}

interface BridgeFinalized {
  bridgeEvent: boolean;
  kind: 'ETH' | 'ERC20';
  sender: Address;
  recipient: Address;
  token?: Address;
  l2Token?: Address;
  amount: bigint;
}

function bridgeFinalized(log: RawLog): BridgeFinalized | undefined {
  switch (log.topics[0]) {
    case t.ETHBridgeFinalized:
    case t.ETHWithdrawalFinalized: {
      const e = (log.topics[0] === t.ETHBridgeFinalized ? decoders.ETHBridgeFinalized : decoders.ETHWithdrawalFinalized)(log).args;
      return { bridgeEvent: log.topics[0] === t.ETHBridgeFinalized, kind: 'ETH', sender: lower(e.from), recipient: lower(e.to), amount: e.amount };
    }
    case t.ERC20BridgeFinalized: {
      const e = decoders.ERC20BridgeFinalized(log).args;
      return { bridgeEvent: true, kind: 'ERC20', sender: lower(e.from), recipient: lower(e.to), token: lower(e.localToken), l2Token: lower(e.remoteToken), amount: e.amount };
    }
    case t.ERC20WithdrawalFinalized: {
      const e = decoders.ERC20WithdrawalFinalized(log).args;
      return { bridgeEvent: false, kind: 'ERC20', sender: lower(e.from), recipient: lower(e.to), token: lower(e.l1Token), l2Token: lower(e.l2Token), amount: e.amount };
    }
    default:
      return undefined;
  }
}

/** Decodes the `withdrawals` source; `txs` are the logs' transactions (withTransactions). */
export function decodeWithdrawals(
  rollup: OpStackRollup, logs: readonly RawLog[], txs: ReadonlyMap<Hex, RawTransaction>, facts: Facts, report: IssueSink, source: string,
): void {
  const chainId = rollup.l1ChainId;
  const portal = rollup.contracts.optimismPortal.address;
  const bridge = rollup.contracts.l1StandardBridge?.address;
  let pendingTx: string | undefined;
  let pending: BridgeFinalized[] = [];
  for (let i = 0; i < logs.length; i++) {
    const log = logs[i];
    if (log.transactionHash !== pendingTx) {
      pendingTx = log.transactionHash;
      pending = [];
    }
    try {
      const finalizedByBridge = bridgeFinalized(log);
      if (finalizedByBridge) {
        pending.push(finalizedByBridge);
        continue;
      }
      const tx = txs.get(log.transactionHash);
      const prov = logProvenance(chainId, log);
      switch (log.topics[0]) {
        case t.WithdrawalProven: {
          const e = decoders.WithdrawalProven(log).args;
          const call = portalCall(tx, portal, e.withdrawalHash);
          let ext: RawLog | undefined;
          for (let j = i + 1; j < logs.length && logs[j].transactionHash === log.transactionHash; j++) {
            if (logs[j].topics[0] === t.WithdrawalProvenExtension1 && logs[j].topics[1] === log.topics[1]) { ext = logs[j]; break; }
          }
          const prover = ext ? lower(decoders.WithdrawalProvenExtension1(ext).args.proofSubmitter) : tx ? lower(tx.from) : undefined;
          const m: ClassifiedMessage = call ? classifyWithdrawal(call.withdrawal, bridge) : { kind: lower(e.from) === L2_CROSS_DOMAIN_MESSENGER ? 'MESSENGER' : 'PORTAL' };
          facts.bridgeMessages.push({
            ...prov, rollupId: rollup.id, direction: 'WITHDRAWAL', kind: m.kind, messageId: e.withdrawalHash, stage: 'PROVEN',
            sender: m.sender ?? lower(e.from), recipient: m.recipient ?? lower(e.to), token: m.token ?? null,
            amount: m.amount?.toString() ?? null, l2TxHash: null,
            extra: json({
              from: lower(e.from), to: lower(e.to), prover, proofIndex: call?.proofIndex,
              withdrawalNonce: call?.withdrawal.nonce, gasLimit: call?.withdrawal.gasLimit, value: call?.withdrawal.value,
              l2Token: m.l2Token, messengerNonce: m.messenger?.nonce,
            }),
          });
          break;
        }
        case t.WithdrawalFinalized: {
          const e = decoders.WithdrawalFinalized(log).args;
          const call = portalCall(tx, portal, e.withdrawalHash);
          const event = pending.findLast((p) => p.bridgeEvent) ?? pending.at(-1);
          pending = [];
          const m: ClassifiedMessage | undefined = call ? classifyWithdrawal(call.withdrawal, bridge) : undefined;
          facts.bridgeMessages.push({
            ...prov, rollupId: rollup.id, direction: 'WITHDRAWAL', kind: m?.kind ?? event?.kind ?? 'UNKNOWN', messageId: e.withdrawalHash, stage: 'FINALIZED',
            sender: event?.sender ?? m?.sender ?? null, recipient: event?.recipient ?? m?.recipient ?? null,
            token: event?.token ?? m?.token ?? null, amount: (event?.amount ?? m?.amount)?.toString() ?? null, l2TxHash: null,
            extra: json({
              success: e.success, finalizer: tx ? lower(tx.from) : undefined,
              withdrawalNonce: call?.withdrawal.nonce, value: call?.withdrawal.value, l2Token: event?.l2Token ?? m?.l2Token, messengerNonce: m?.messenger?.nonce,
            }),
          });
          break;
        }
        case t.DisputeGameBlacklisted: {
          const game = lower(decoders.DisputeGameBlacklisted(log).args.disputeGame);
          facts.stateRootEvents.push({ ...prov, rollupId: rollup.id, kind: 'OUTPUT', rootIndex: game, status: 'REJECTED', extra: { reason: 'blacklisted' } });
          break;
        }
        case t.RespectedGameTypeSet: {
          const e = decoders.RespectedGameTypeSet(log).args;
          facts.parameterChanges.push(parameterRow(rollup, log, 'respectedGameType', e.newGameType));
          break;
        }
        default:
          break; // WithdrawalProvenExtension1: read with its WithdrawalProven
      }
    } catch (err) {
      if (!isDataError(err)) throw err;
      report({ rollupId: rollup.id, source, what: 'log', blockNumber: log.blockNumber, txHash: log.transactionHash, logIndex: log.logIndex, code: errorCode(err), message: errorMessage(err) });
    }
  }
}
