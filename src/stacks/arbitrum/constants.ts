/** Enums and magic numbers of nitro-contracts / nitro, with where each comes from. */

/** IBridge.BatchDataLocation (nitro-contracts ≥ 1.2; `Blob` added with EIP-4844 support). */
export const BatchDataLocation = { TxInput: 0, SeparateBatchEvent: 1, NoData: 2, Blob: 3 } as const;

/**
 * First byte of batch data (nitro arbstate/daprovider header flags). The SequencerInbox prepends its
 * own 40-byte header on chain; the byte here is the first byte of the `data` argument.
 */
export const BatchHeaderFlag = {
  brotli: 0x00,
  customDa: 0x01,
  dasTree: 0x08,
  zeroheavy: 0x20,
  l1Authenticated: 0x40,
  /** L1Authenticated | 0x10: blob versioned hashes follow. */
  blobHashes: 0x50,
  /** Celestia's nitro fork (also the provider byte after customDa in its newer certificates). */
  celestia: 0x63,
  /** AnyTrust DAS certificate; 0x88 with the tree flag. */
  das: 0x80,
  /** EigenDA's nitro fork (has the 0x80 bit: test it before the DAS flag). */
  eigenDa: 0xed,
} as const;

/** Bytes in one EIP-4844 blob. */
export const BLOB_SIZE = 131_072;
/** Blob gas one blob consumes (GAS_PER_BLOB). */
export const GAS_PER_BLOB = 131_072n;

/** L1MessageType (nitro-contracts libraries/MessageTypes.sol, nitro arbos/arbostypes). */
export const L1MessageKind = {
  L2Message: 3,
  EndOfBlock: 6,
  L2FundedByL1: 7,
  RollupEvent: 8,
  SubmitRetryable: 9,
  BatchForGasEstimation: 10,
  Initialize: 11,
  EthDeposit: 12,
  BatchPostingReport: 13,
  Invalid: 0xff,
} as const;

const kindNames: Record<number, string> = {
  3: 'L2_MESSAGE', 6: 'END_OF_BLOCK', 7: 'L2_FUNDED_BY_L1', 8: 'ROLLUP_EVENT', 9: 'SUBMIT_RETRYABLE',
  10: 'BATCH_FOR_GAS_ESTIMATION', 11: 'INITIALIZE', 12: 'ETH_DEPOSIT', 13: 'BATCH_POSTING_REPORT', 255: 'INVALID',
};

export function messageKindName(kind: number): string {
  return kindNames[kind] ?? `UNKNOWN_${kind}`;
}

/**
 * Delayed messages the protocol itself enqueues (batch-spending reports from the SequencerInbox,
 * chain initialization, legacy rollup events). They sit in the same queue but are not user
 * messages on the forced path, so forced_messages leaves them out.
 */
export const protocolMessageKinds: ReadonlySet<number> = new Set([
  L1MessageKind.RollupEvent, L1MessageKind.Initialize, L1MessageKind.BatchPostingReport,
]);

/** Legacy ChallengeManager ChallengeTerminationType. */
export const challengeTermination = ['TIMEOUT', 'BLOCK_PROOF', 'EXECUTION_PROOF', 'CLEARED'] as const;

/** MachineStatus (legacy has TOO_FAR as 3; BoLD stops at ERRORED). */
export const machineStatus = ['RUNNING', 'FINISHED', 'ERRORED', 'TOO_FAR'] as const;

/** L1→L2 address alias offset (AddressAliasHelper). */
export const ALIAS_OFFSET = 0x1111000000000000000000000000000000001111n;

/** ALIAS_OFFSET as five 32-bit words, most significant first. */
const ALIAS_WORDS = [0x11110000, 0, 0, 0, 0x00001111];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/**
 * Undoes AddressAliasHelper.applyL1ToL2Alias: the L1 address behind an aliased L2 sender
 * (address − ALIAS_OFFSET mod 2^160, lowercase). Subtracts word by word on the hex text: one call
 * per delayed message, where BigInt parsing and printing cost several times more.
 */
export function undoAlias(address: string): `0x${string}` {
  // Senders repeat (a few contracts and users post most messages): remember recent answers.
  const known = unaliased.get(address);
  if (known !== undefined) return known;
  const l1 = computeUndoAlias(address);
  if (unaliased.size >= 4_096) unaliased.clear();
  unaliased.set(address, l1);
  return l1;
}

const unaliased = new Map<string, `0x${string}`>();

function computeUndoAlias(address: string): `0x${string}` {
  if (!ADDRESS.test(address)) throw new Error(`undoAlias: not an address: ${JSON.stringify(address)}`);
  let out = '';
  let borrow = 0;
  for (let i = 4; i >= 0; i--) {
    let w = parseInt(address.slice(2 + 8 * i, 10 + 8 * i), 16) - ALIAS_WORDS[i]! - borrow;
    borrow = w < 0 ? 1 : 0;
    if (w < 0) w += 0x1_0000_0000;
    out = w.toString(16).padStart(8, '0') + out;
  }
  return `0x${out}`;
}

export const MAX_UINT256 = (1n << 256n) - 1n;
