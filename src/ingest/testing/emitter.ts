/**
 * A tiny hand-assembled contract for engine tests and the ingest benchmark: a call with calldata
 * (end, topic0, start) emits LOG2(topic0, i) with data = i for i in [start, end). No compiler needed.
 *
 *   0x00 PUSH1 0 CALLDATALOAD      end
 *   0x03 PUSH1 32 CALLDATALOAD     topic0
 *   0x06 PUSH1 64 CALLDATALOAD     i = start
 *   0x09 JUMPDEST DUP3 DUP2 LT ISZERO PUSH2 0x0023 JUMPI
 *   0x12 DUP1 PUSH1 0 MSTORE
 *   0x16 DUP1 DUP3 PUSH1 32 PUSH1 0 LOG2
 *   0x1d PUSH1 1 ADD PUSH1 0x09 JUMP
 *   0x23 JUMPDEST STOP
 */
import { concatHex, encodeAbiParameters, keccak256, toHex, type Hex, type WalletClient, type PublicClient, type Address } from 'viem';

export const EMITTER_RUNTIME = '0x6000356020356040355b8281101561002357806000528082602060' + '00a26001016009565b00';
export const EMITTER_INIT = ('0x602580600b6000396000f3' + EMITTER_RUNTIME.slice(2)) as Hex;
/** topic0 used by tests unless they pick another. */
export const TEST_TOPIC = keccak256(toHex('RollscopeTestEvent(uint256)'));
export const OTHER_TOPIC = keccak256(toHex('RollscopeOtherEvent(uint256)'));

export function emitCalldata({ start, end, topic = TEST_TOPIC }: { start: bigint | number; end: bigint | number; topic?: Hex }): Hex {
  return encodeAbiParameters([{ type: 'uint256' }, { type: 'bytes32' }, { type: 'uint256' }], [BigInt(end), topic, BigInt(start)]);
}

export async function deployEmitter(wallet: WalletClient, client: PublicClient): Promise<Address> {
  const hash = await wallet.sendTransaction({ account: wallet.account!, chain: null, data: EMITTER_INIT });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
  if (!receipt.contractAddress) throw new Error('emitter deploy failed');
  const code = await client.getCode({ address: receipt.contractAddress });
  if (code?.toLowerCase() !== EMITTER_RUNTIME.toLowerCase()) throw new Error(`emitter runtime mismatch: ${code}`);
  return receipt.contractAddress;
}

export { concatHex };
