/**
 * Pure OP Stack protocol helpers used by the emulator: output roots, withdrawal and deposit hashes,
 * game tree positions (contracts-bedrock LibPosition) and the rules the simulator records truth by.
 */
import { concat, encodeAbiParameters, encodeFunctionData, keccak256, pad, toHex, type Hex } from 'viem';

/** L2 predeploys and constants (contracts-bedrock Predeploys.sol / Constants.sol). */
export const L2_CROSS_DOMAIN_MESSENGER = '0x4200000000000000000000000000000000000007';
export const L2_STANDARD_BRIDGE = '0x4200000000000000000000000000000000000010';
export const L2_TO_L1_MESSAGE_PASSER = '0x4200000000000000000000000000000000000016';
export const LEGACY_ERC20_ETH = '0xdeaddeaddeaddeaddeaddeaddeaddeaddead0000';
/** Seconds per L1 slot, used to turn the sequencing window (L1 blocks) into a deadline. */
export const L1_SLOT_SECONDS = 12;

/** Mainnet values (OP Mainnet and Base). */
export const MAINNET_PARAMS = {
  sequencingWindowBlocks: 3600,
  l2BlockTime: 2,
  /** OptimismPortal2.proofMaturityDelaySeconds() */
  proofMaturityDelaySeconds: 604_800,
  /** OptimismPortal2.disputeGameFinalityDelaySeconds() */
  disputeGameFinalityDelaySeconds: 302_400,
  /** L2OutputOracle.FINALIZATION_PERIOD_SECONDS() */
  finalizationPeriodSeconds: 604_800,
  /** L2OutputOracle.SUBMISSION_INTERVAL() (L2 blocks) */
  submissionInterval: 1800,
  /** FaultDisputeGame parameters */
  maxGameDepth: 73,
  splitDepth: 30,
  maxClockDuration: 302_400,
  clockExtension: 10_800,
  /** DisputeGameFactory.initBonds(CANNON) */
  initBondWei: 80_000_000_000_000_000n,
} as const;

/** dispute/lib/Types.sol GameTypes */
export const GAME_TYPE = { CANNON: 0, PERMISSIONED_CANNON: 1, ASTERISC: 2, ALPHABET: 255 } as const;
/** GameStatus enum values. */
export const GAME_STATUS = { IN_PROGRESS: 0, CHALLENGER_WINS: 1, DEFENDER_WINS: 2 } as const;
export type GameStatusName = keyof typeof GAME_STATUS;
export function gameStatusName(v: number): GameStatusName {
  const name = (Object.keys(GAME_STATUS) as GameStatusName[]).find((k) => GAME_STATUS[k] === v);
  if (!name) throw new Error(`unknown GameStatus ${v} (expected 0 IN_PROGRESS, 1 CHALLENGER_WINS, 2 DEFENDER_WINS)`);
  return name;
}

/** SystemConfig UpdateType values. */
export const CONFIG_UPDATE_TYPE = { BATCHER: 0, FEE_SCALARS: 1, GAS_LIMIT: 2, UNSAFE_BLOCK_SIGNER: 3, EIP_1559_PARAMS: 4 } as const;

export interface OutputRootProof {
  version: Hex;
  stateRoot: Hex;
  messagePasserStorageRoot: Hex;
  latestBlockhash: Hex;
}

/** Hashing.hashOutputRootProof: keccak256(abi.encode(version, stateRoot, messagePasserStorageRoot, latestBlockhash)). */
export function outputRootOf(p: OutputRootProof): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [p.version, p.stateRoot, p.messagePasserStorageRoot, p.latestBlockhash],
    ),
  );
}

export interface WithdrawalTransaction {
  nonce: bigint;
  sender: Hex;
  target: Hex;
  value: bigint;
  gasLimit: bigint;
  data: Hex;
}

/** Hashing.hashWithdrawal */
export function withdrawalHashOf(w: WithdrawalTransaction): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'uint256' }, { type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }],
      [w.nonce, w.sender, w.target, w.value, w.gasLimit, w.data],
    ),
  );
}

/**
 * Source hash of the L2 deposit transaction derived from a TransactionDeposited log (deposits.md,
 * user-deposited: domain 0): keccak256(bytes32(0) ++ keccak256(l1BlockHash ++ bytes32(logIndex))).
 */
export function depositSourceHash(l1BlockHash: Hex, logIndex: number): Hex {
  const depositId = keccak256(concat([l1BlockHash, pad(toHex(logIndex), { size: 32 })]));
  return keccak256(concat([pad('0x00', { size: 32 }), depositId]));
}

/** AddressAliasHelper.applyL1ToL2Alias (lowercase). */
export function applyL1ToL2Alias(address: Hex): Hex {
  const v = (BigInt(address) + 0x1111000000000000000000000000000000001111n) & ((1n << 160n) - 1n);
  return pad(toHex(v), { size: 20 }).toLowerCase() as Hex;
}

/** The calldata of relayMessage, i.e. Encoding.encodeCrossDomainMessageV1. */
export function encodeRelayMessage(m: { nonce: bigint; sender: Hex; target: Hex; value: bigint; minGasLimit: bigint; message: Hex }): Hex {
  return encodeFunctionData({
    abi: [
      {
        type: 'function',
        name: 'relayMessage',
        stateMutability: 'payable',
        inputs: [
          { name: '_nonce', type: 'uint256' },
          { name: '_sender', type: 'address' },
          { name: '_target', type: 'address' },
          { name: '_value', type: 'uint256' },
          { name: '_minGasLimit', type: 'uint256' },
          { name: '_message', type: 'bytes' },
        ],
        outputs: [],
      },
    ],
    functionName: 'relayMessage',
    args: [m.nonce, m.sender, m.target, m.value, m.minGasLimit, m.message],
  });
}

// ---------------------------------------------------------------------------------------------
// Game tree positions (LibPosition). A position is a generalized index: root = 1, depth = msb.

export function positionDepth(position: bigint): number {
  if (position < 1n) throw new Error(`invalid game position ${position}: positions start at 1 (the root)`);
  return position.toString(2).length - 1;
}

export function indexAtDepth(position: bigint): bigint {
  return position - (1n << BigInt(positionDepth(position)));
}

/** Position of a move against a claim at `parent`: its left child (attack) or its right sibling's left child (defend). */
export function movePosition(parent: bigint, isAttack: boolean): bigint {
  return (parent | (isAttack ? 0n : 1n)) << 1n;
}

/** LibPosition.traceIndex: index of the rightmost leaf (at `maxDepth`) under `position`. */
export function traceIndex(position: bigint, maxDepth: number): bigint {
  const d = positionDepth(position);
  return ((indexAtDepth(position) + 1n) << BigInt(maxDepth - d)) - 1n;
}

/**
 * L2 block whose output root an honest claim at `position` (output-bisection part of the tree,
 * depth <= splitDepth) commits to: startingBlock + traceIndex(position, splitDepth) + 1, capped at
 * the disputed block (as op-challenger's output trace provider does).
 */
export function outputBlockAtPosition(args: { position: bigint; splitDepth: number; startingBlock: number; disputedBlock: number }): number {
  const d = positionDepth(args.position);
  if (d > args.splitDepth) return args.disputedBlock;
  const block = BigInt(args.startingBlock) + traceIndex(args.position, args.splitDepth) + 1n;
  return block > BigInt(args.disputedBlock) ? args.disputedBlock : Number(block);
}

/** Force-inclusion deadline of a deposit: enqueue L1 time + sequencing window × 12 s. */
export function depositDeadline(enqueueL1Time: number, sequencingWindowBlocks: number): number {
  return enqueueL1Time + sequencingWindowBlocks * L1_SLOT_SECONDS;
}
