/**
 * Protocol constants and fork-dependent parameters of OP Stack batch derivation
 * (specs: derivation.md "Protocol Parameters", fjord/granite/holocene derivation changes).
 *
 * Fork activations are compared with the timestamp of the L1 block being derived from (the L1
 * origin of the frame/channel stages), exactly as op-node does (`cfg.IsFjord(origin.Time)`).
 */

/** version_byte of batcher transactions carrying frames. */
export const DERIVATION_VERSION_0 = 0x00;
/** version_byte of alt-DA commitments (formerly "plasma"). */
export const DERIVATION_VERSION_ALTDA = 0x01;

export const CHANNEL_ID_LENGTH = 16;
/** channel_id(16) + frame_number(2) + frame_data_length(4) + is_last(1). */
export const FRAME_OVERHEAD = 23;
/** frame_data_length cap. */
export const MAX_FRAME_DATA_LENGTH = 1_000_000;
/** Per-frame bookkeeping overhead counted in channel sizes (bank pruning, Holocene size cap). */
export const FRAME_SIZE_OVERHEAD = 200;

export const BLOB_SIZE = 4096 * 32;
export const BLOB_ROUNDS = 1024;
/** (4 * 31 + 3) * 1024 - 4 = 130044 bytes of rollup data per blob. */
export const MAX_BLOB_DATA_SIZE = (4 * 31 + 3) * 1024 - 4;
/** Largest frame (with its 23-byte header) that fits one blob after the version byte. */
export const MAX_BLOB_FRAME_SIZE = MAX_BLOB_DATA_SIZE - 1;

/** Channel compression version byte for brotli (Fjord). Zlib channels have no version byte. */
export const CHANNEL_VERSION_BROTLI = 0x01;

export const SINGULAR_BATCH_TYPE = 0;
export const SPAN_BATCH_TYPE = 1;

export const MAX_RLP_BYTES_PER_CHANNEL_BEDROCK = 10_000_000;
export const MAX_RLP_BYTES_PER_CHANNEL_FJORD = 100_000_000;
export const MAX_CHANNEL_BANK_SIZE_BEDROCK = 100_000_000;
export const MAX_CHANNEL_BANK_SIZE_FJORD = 1_000_000_000;
/** Max blocks / total txs / txs per block in one span batch (Fjord constant; pre-Fjord the byte limit implied it). */
export const MAX_SPAN_BATCH_ELEMENT_COUNT = 10_000_000;
/** Channel timeout (L1 blocks) after Granite. */
export const CHANNEL_TIMEOUT_GRANITE = 50;

/** Activation timestamps (seconds) of the forks that change batch derivation; absent = not active. */
export interface ForkTimes {
  canyon?: number;
  delta?: number;
  ecotone?: number;
  fjord?: number;
  granite?: number;
  holocene?: number;
}

/** OP Mainnet and Base share the Superchain mainnet hardfork schedule (superchain-registry). */
export const SUPERCHAIN_MAINNET_FORKS: Readonly<ForkTimes> = Object.freeze({
  canyon: 1704992401,
  delta: 1708560000,
  ecotone: 1710374401,
  fjord: 1720627201,
  granite: 1726070401,
  holocene: 1736445601,
});

/** Bedrock channel timeout of OP Mainnet and Base (rollup config `channel_timeout`). */
export const SUPERCHAIN_MAINNET_CHANNEL_TIMEOUT = 300;

export function isForkActive(forks: ForkTimes | undefined, fork: keyof ForkTimes, l1Timestamp: number): boolean {
  const t = forks?.[fork];
  return t !== undefined && l1Timestamp >= t;
}

export function maxRlpBytesPerChannel(forks: ForkTimes | undefined, l1Timestamp: number): number {
  return isForkActive(forks, 'fjord', l1Timestamp) ? MAX_RLP_BYTES_PER_CHANNEL_FJORD : MAX_RLP_BYTES_PER_CHANNEL_BEDROCK;
}

export function maxChannelBankSize(forks: ForkTimes | undefined, l1Timestamp: number): number {
  return isForkActive(forks, 'fjord', l1Timestamp) ? MAX_CHANNEL_BANK_SIZE_FJORD : MAX_CHANNEL_BANK_SIZE_BEDROCK;
}

export function channelTimeoutAt(bedrockTimeout: number, forks: ForkTimes | undefined, l1Timestamp: number): number {
  return isForkActive(forks, 'granite', l1Timestamp) ? CHANNEL_TIMEOUT_GRANITE : bedrockTimeout;
}
