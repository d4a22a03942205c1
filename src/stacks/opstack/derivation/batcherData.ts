/**
 * Batcher transaction data (derivation.md "Batcher Transaction Format", experimental/alt-da.md):
 *   version 0x00: frame ++ frame ++ ...            (calldata, or the decoded content of one blob)
 *   version 0x01: alt-DA commitment = commitment_type ++ commitment_bytes
 *     type 0 (keccak256): 32-byte keccak256 of the input stored off-chain
 *     type 1 (generic):   da_layer_byte ++ payload   (0x00 EigenDA, 0x0a Avail, 0x0c Celestia)
 * Alt-DA data is only recorded here; fetching it is the DA server's business.
 */
import { createWriter, toBytes, toHex, type BytesLike, type Hex } from './bytes.ts';
import { DerivationError } from './errors.ts';
import { decodeFrames, frameSize, writeFrame, type Frame } from './frame.ts';
import { DERIVATION_VERSION_0, DERIVATION_VERSION_ALTDA } from './params.ts';

export const ALTDA_COMMITMENT_KECCAK256 = 0x00;
export const ALTDA_COMMITMENT_GENERIC = 0x01;

/** DA layer bytes coordinated in ethereum-optimism/specs discussion #135. */
export const ALTDA_DA_LAYERS: Readonly<Record<number, AltDaLayer>> = Object.freeze({
  0x00: 'eigenda',
  0x0a: 'avail',
  0x0c: 'celestia',
});
export type AltDaLayer = 'eigenda' | 'avail' | 'celestia' | 'unknown';

export type AltDaCommitment =
  | {
      commitmentType: 'keccak256';
      commitmentTypeByte: typeof ALTDA_COMMITMENT_KECCAK256;
      /** commitment_type ++ commitment_bytes (what the DA server and the challenge contract use). */
      commitment: Hex;
      /** The 32-byte keccak256 hash. */
      payload: Hex;
    }
  | {
      commitmentType: 'generic';
      commitmentTypeByte: typeof ALTDA_COMMITMENT_GENERIC;
      daLayerByte: number;
      daLayer: AltDaLayer;
      commitment: Hex;
      /** DA-layer specific bytes after the da_layer_byte (EigenDA: its version byte, then the cert). */
      payload: Hex;
    };

export type BatcherData = { kind: 'frames'; frames: Frame[] } | ({ kind: 'altda' } & AltDaCommitment);

/**
 * Parses the data of one batcher transaction (calldata) or of one decoded blob.
 * Throws DerivationError for anything derivation would ignore (empty data, unknown version,
 * any malformed frame, malformed commitment).
 */
export function parseBatcherData(input: BytesLike): BatcherData {
  const bytes = toBytes(input);
  if (bytes.length === 0) {
    throw new DerivationError('BATCHER_DATA_EMPTY', 'empty batcher data', { where: 'batcher_data', expected: 'version byte' });
  }
  const version = bytes[0];
  if (version === DERIVATION_VERSION_0) return { kind: 'frames', frames: decodeFrames(bytes, 1) };
  if (version === DERIVATION_VERSION_ALTDA) return { kind: 'altda', ...parseAltDaCommitment(bytes.subarray(1)) };
  throw new DerivationError('BATCHER_DATA_VERSION', 'unknown batcher data version', {
    where: 'batcher_data.version_byte',
    offset: 0,
    expected: '0 (frames) or 1 (alt-DA commitment)',
    actual: String(version),
  });
}

/** Parses an encoded alt-DA commitment (without the 0x01 version byte). */
export function parseAltDaCommitment(commitment: Uint8Array): AltDaCommitment {
  if (commitment.length === 0) {
    throw new DerivationError('ALTDA_COMMITMENT', 'empty alt-DA commitment', { where: 'altda.commitment_type', offset: 1 });
  }
  const type = commitment[0];
  if (type === ALTDA_COMMITMENT_KECCAK256) {
    if (commitment.length !== 33) {
      throw new DerivationError('ALTDA_COMMITMENT', 'keccak256 commitment must be 32 bytes', {
        where: 'altda.keccak256',
        offset: 2,
        expected: '32 bytes',
        actual: `${commitment.length - 1} bytes`,
      });
    }
    return { commitmentType: 'keccak256', commitmentTypeByte: 0, commitment: toHex(commitment), payload: toHex(commitment.subarray(1)) };
  }
  if (type === ALTDA_COMMITMENT_GENERIC) {
    if (commitment.length < 2) {
      throw new DerivationError('ALTDA_COMMITMENT', 'generic commitment lacks its da_layer_byte', {
        where: 'altda.generic.da_layer_byte',
        offset: 2,
      });
    }
    const daLayerByte = commitment[1];
    return {
      commitmentType: 'generic',
      commitmentTypeByte: 1,
      daLayerByte,
      daLayer: ALTDA_DA_LAYERS[daLayerByte] ?? 'unknown',
      commitment: toHex(commitment),
      payload: toHex(commitment.subarray(2)),
    };
  }
  throw new DerivationError('ALTDA_COMMITMENT', 'unknown alt-DA commitment type', {
    where: 'altda.commitment_type',
    offset: 1,
    expected: '0 (keccak256) or 1 (generic)',
    actual: String(type),
  });
}

/** version 0x00 ++ frames: the calldata of a batcher transaction, or the data put in one blob. */
export function encodeBatcherData(frames: readonly Frame[]): Uint8Array {
  if (frames.length === 0) {
    throw new DerivationError('ENCODE', 'batcher data needs at least one frame', { where: 'batcher_data.frames' });
  }
  let size = 1;
  for (const f of frames) size += frameSize(f);
  const w = createWriter(size);
  w.byte(DERIVATION_VERSION_0);
  for (const f of frames) writeFrame(w, f);
  return w.finish();
}

/** version 0x01 ++ commitment_type ++ commitment bytes. */
export function encodeAltDaCommitment(
  c: { commitmentType: 'keccak256'; payload: BytesLike } | { commitmentType: 'generic'; daLayerByte: number; payload: BytesLike },
): Uint8Array {
  const payload = toBytes(c.payload);
  const w = createWriter(3 + payload.length);
  w.byte(DERIVATION_VERSION_ALTDA);
  if (c.commitmentType === 'keccak256') {
    if (payload.length !== 32) {
      throw new DerivationError('ENCODE', 'keccak256 commitment must be 32 bytes', { where: 'altda.keccak256', actual: `${payload.length} bytes` });
    }
    w.byte(ALTDA_COMMITMENT_KECCAK256);
  } else {
    w.byte(ALTDA_COMMITMENT_GENERIC);
    w.byte(c.daLayerByte);
  }
  w.bytes(payload);
  return w.finish();
}
