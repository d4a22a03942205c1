/**
 * Message hashes exactly as StarknetMessaging computes them (they key l1ToL2Messages /
 * l2ToL1Messages on the core contract, so both stages of one message share the key):
 * - L1→L2: keccak256(abi.encodePacked(uint256(uint160(fromAddress)), toAddress, nonce, selector, payload.length, payload))
 * - L2→L1: keccak256(abi.encodePacked(fromAddress, uint256(uint160(toAddress)), payload.length, payload))
 * L2→L1 hashes are not unique: identical messages share a hash (the contract counts them).
 */
import { encodePacked, keccak256, type Hex } from 'viem';
import type { Address } from '../../rollups/types.ts';

export function l1ToL2MessageHash(m: { fromAddress: Address; toAddress: bigint; nonce: bigint; selector: bigint; payload: readonly bigint[] }): Hex {
  return keccak256(encodePacked(
    ['uint256', 'uint256', 'uint256', 'uint256', 'uint256', 'uint256[]'],
    [BigInt(m.fromAddress), m.toAddress, m.nonce, m.selector, BigInt(m.payload.length), [...m.payload]],
  ));
}

export function l2ToL1MessageHash(m: { fromAddress: bigint; toAddress: Address; payload: readonly bigint[] }): Hex {
  return keccak256(encodePacked(
    ['uint256', 'uint256', 'uint256', 'uint256[]'],
    [m.fromAddress, BigInt(m.toAddress), BigInt(m.payload.length), [...m.payload]],
  ));
}
