/**
 * Blob contents of type-3 transactions, matched to their versioned hashes
 * (0x01 ‖ sha256(commitment)[1:]). Read from a beacon API (`/eth/v1/beacon/blob_sidecars/<id>`)
 * when configured, else from the node (`anvil_getBlobsByTransactionHash`, the devnet).
 */
import { createHash } from 'node:crypto';
import type { Hex } from '../rollups/types.ts';
import { ChainError } from './errors.ts';
import type { RpcClient } from './rpc.ts';

export interface BeaconConfig {
  url: string;
  /** Slot of an execution block: mainnet = (timestamp − genesisTime) / 12. Default: the block number (anvil). */
  slotOf?: (block: { number: number; timestamp: number }) => number;
}

export function versionedHash(commitment: Hex): Hex {
  const digest = createHash('sha256').update(Buffer.from(commitment.slice(2), 'hex')).digest();
  digest[0] = 0x01;
  return `0x${digest.toString('hex')}` as Hex;
}

const hexToBytes = (h: string) => new Uint8Array(Buffer.from(h.startsWith('0x') ? h.slice(2) : h, 'hex'));

/** Blobs of one transaction in blobVersionedHashes order. */
export async function getBlobs(
  rpc: RpcClient,
  beacon: BeaconConfig | undefined,
  tx: { hash: Hex; blockNumber: number; blockTime: number; blobVersionedHashes?: Hex[] },
): Promise<Uint8Array[]> {
  const wanted = tx.blobVersionedHashes ?? [];
  if (wanted.length === 0) return [];
  const where = { chainId: rpc.chainId, tx: tx.hash, block: tx.blockNumber };
  if (!beacon) {
    const blobs = await rpc.request<Hex[] | null>('anvil_getBlobsByTransactionHash', [tx.hash]);
    if (!Array.isArray(blobs) || blobs.length !== wanted.length) {
      throw new ChainError('blobs missing', { kind: 'lagging', what: 'anvil_getBlobsByTransactionHash', where, expected: `${wanted.length} blobs` });
    }
    return blobs.map(hexToBytes);
  }
  const slot = beacon.slotOf ? beacon.slotOf({ number: tx.blockNumber, timestamp: tx.blockTime }) : tx.blockNumber;
  const url = `${beacon.url.replace(/\/$/, '')}/eth/v1/beacon/blob_sidecars/${slot}`;
  let body: { data?: { blob: Hex; kzg_commitment: Hex }[] };
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
    if (res.status === 429) throw new ChainError('HTTP 429', { kind: 'rate_limit', what: 'blob_sidecars', where });
    if (res.status >= 500) throw new ChainError(`HTTP ${res.status}`, { kind: 'http_5xx', what: 'blob_sidecars', where });
    if (!res.ok) throw new ChainError(`HTTP ${res.status}`, { kind: 'lagging', what: 'blob_sidecars', where });
    body = (await res.json()) as typeof body;
  } catch (err) {
    if (err instanceof ChainError) throw err;
    throw new ChainError(`beacon request failed: ${(err as Error).message}`, { kind: 'network', what: 'blob_sidecars', where, cause: err });
  }
  const byHash = new Map<string, Hex>();
  for (const s of body.data ?? []) byHash.set(versionedHash(s.kzg_commitment), s.blob);
  return wanted.map((h) => {
    const blob = byHash.get(h.toLowerCase());
    if (!blob) throw new ChainError('blob sidecar missing', { kind: 'lagging', what: 'blob_sidecars', where: { ...where, versionedHash: h } });
    return hexToBytes(blob);
  });
}
