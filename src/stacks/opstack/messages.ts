/**
 * What an L1↔L2 message is, read from its own bytes (the same answer at every stage, so all rows
 * of one message share a kind):
 * - PORTAL: a plain OptimismPortal deposit / L2ToL1MessagePasser withdrawal;
 * - MESSENGER: a CrossDomainMessenger message (relayMessage to the other side's messenger);
 * - ETH / ERC20: a StandardBridge transfer relayed by the messengers.
 * Token addresses are L1 tokens (the bridge's `remoteToken` on L2, `localToken` on L1).
 */
import type { Address, Hex } from '../../rollups/types.ts';
import { L2_CROSS_DOMAIN_MESSENGER, L2_STANDARD_BRIDGE } from './abi.ts';
import { calls } from './events.ts';
import { lower } from './rows.ts';

export type MessageKind = 'PORTAL' | 'MESSENGER' | 'ETH' | 'ERC20';

export interface MessengerMessage {
  /** Versioned messenger nonce (version in the top 2 bytes), decimal. */
  nonce: string;
  sender: Address;
  target: Address;
  value: bigint;
  minGasLimit: bigint;
}

export interface ClassifiedMessage {
  kind: MessageKind;
  /** End user sender/recipient (bridge from/to, messenger sender/target), when the bytes say. */
  sender?: Address;
  recipient?: Address;
  /** L1 token of an ERC20 transfer. */
  token?: Address;
  /** L2 token of an ERC20 transfer. */
  l2Token?: Address;
  /** Token amount (ERC20) or ETH (bridge, messenger value). */
  amount?: bigint;
  messenger?: MessengerMessage;
}

function tryCall<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

function relayed(data: string): MessengerMessage & { message: Hex } | undefined {
  if (!data.startsWith(calls.relayMessage.selector)) return undefined;
  const decoded = tryCall(() => calls.relayMessage(data));
  if (!decoded?.args) return undefined;
  const [nonce, sender, target, value, minGasLimit, message] = decoded.args as [bigint, Address, Address, bigint, bigint, Hex];
  return { nonce: nonce.toString(), sender: lower(sender), target: lower(target), value, minGasLimit, message };
}

/** A StandardBridge finalize call; `l1TokenFirst` tells which token argument is the L1 token. */
function bridgeTransfer(message: string, side: 'l2' | 'l1'): Omit<ClassifiedMessage, 'messenger'> | undefined {
  const sel = message.slice(0, 10);
  if (sel === calls.finalizeBridgeETH.selector || (side === 'l1' && sel === calls.finalizeETHWithdrawal.selector)) {
    const d = tryCall(() => (sel === calls.finalizeBridgeETH.selector ? calls.finalizeBridgeETH : calls.finalizeETHWithdrawal)(message));
    if (!d?.args) return undefined;
    const [from, to, amount] = d.args as [Address, Address, bigint];
    return { kind: 'ETH', sender: lower(from), recipient: lower(to), amount };
  }
  if (sel === calls.finalizeBridgeERC20.selector || (side === 'l1' && sel === calls.finalizeERC20Withdrawal.selector)) {
    const d = tryCall(() => (sel === calls.finalizeBridgeERC20.selector ? calls.finalizeBridgeERC20 : calls.finalizeERC20Withdrawal)(message));
    if (!d?.args) return undefined;
    const [a, b, from, to, amount] = d.args as [Address, Address, Address, Address, bigint];
    // finalizeBridgeERC20(localToken, remoteToken, ...): on L2 local = L2 token; on L1 local = L1 token.
    // finalizeERC20Withdrawal(l1Token, l2Token, ...): L1 first.
    const [l1Token, l2Token] = side === 'l2' ? [b, a] : [a, b];
    return { kind: 'ERC20', sender: lower(from), recipient: lower(to), token: lower(l1Token), l2Token: lower(l2Token), amount };
  }
  return undefined;
}

function viaMessenger(data: string, side: 'l2' | 'l1', bridge: string | undefined): ClassifiedMessage {
  const m = relayed(data);
  if (!m) return { kind: 'MESSENGER' };
  const { message, ...messenger } = m;
  const transfer = !bridge || m.target === bridge ? bridgeTransfer(message, side) : undefined;
  if (transfer) return { ...transfer, messenger };
  return { kind: 'MESSENGER', sender: m.sender, recipient: m.target, amount: m.value, messenger };
}

/** A deposit (TransactionDeposited to/data): messages to the L2 messenger are relayMessage calls. */
export function classifyDeposit(to: Address, data: Hex): ClassifiedMessage {
  if (lower(to) !== L2_CROSS_DOMAIN_MESSENGER) return { kind: 'PORTAL' };
  return viaMessenger(data, 'l2', L2_STANDARD_BRIDGE);
}

/** A withdrawal (its WithdrawalTransaction): withdrawals sent by the L2 messenger carry relayMessage calls to the L1 messenger. */
export function classifyWithdrawal(w: { sender: Address; target: Address; value: bigint; data: Hex }, l1StandardBridge?: Address): ClassifiedMessage {
  if (lower(w.sender) !== L2_CROSS_DOMAIN_MESSENGER) return { kind: 'PORTAL', sender: lower(w.sender), recipient: lower(w.target), amount: w.value };
  return viaMessenger(w.data, 'l1', l1StandardBridge ? lower(l1StandardBridge) : undefined);
}
