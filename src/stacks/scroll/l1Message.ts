/**
 * The L2 transaction hash of a Scroll L1 message, as the L1MessageQueue and l2geth compute it:
 * keccak256(0x7e ‖ rlp([queueIndex, gasLimit, target, value, data, sender])) — the L1MessageTx
 * type (0x7e) with integers as minimal big-endian byte strings (0 as the empty string).
 */
import { concatHex, keccak256, toRlp, type Hex } from 'viem';
import type { Address } from '../../rollups/types.ts';

const L1_MESSAGE_TX_TYPE: Hex = '0x7e';

function rlpUint(v: bigint): Hex {
  if (v === 0n) return '0x';
  const hex = v.toString(16);
  return `0x${hex.length % 2 ? '0' : ''}${hex}`;
}

export function l1MessageTxHash(m: { queueIndex: bigint; gasLimit: bigint; target: Address; value: bigint; data: Hex; sender: Address }): Hex {
  const rlp = toRlp([rlpUint(m.queueIndex), rlpUint(m.gasLimit), m.target.toLowerCase() as Hex, rlpUint(m.value), m.data, m.sender.toLowerCase() as Hex]);
  return keccak256(concatHex([L1_MESSAGE_TX_TYPE, rlp]));
}
