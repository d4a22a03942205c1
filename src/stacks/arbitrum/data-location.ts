/**
 * Where an Arbitrum batch's data lives: the event's BatchDataLocation says where to look on L1,
 * the first byte of the posted data says what it is (raw compressed data, an AnyTrust certificate,
 * a Celestia / EigenDA pointer, ...).
 */
import { BatchDataLocation, BatchHeaderFlag } from './constants.ts';

export type DataLocation = 'CALLDATA' | 'BLOB' | 'ANYTRUST' | 'CELESTIA' | 'EIGENDA' | 'ALT_DA' | 'NONE';

export interface DataLocationResult {
  location: DataLocation;
  /** Why the answer is not certain (unknown enum value, data not available to look at). */
  reason?: string;
}

/**
 * @param dataLocation the event's BatchDataLocation code
 * @param data the batch data posted on L1 (calldata argument or SequencerBatchData payload), when known
 */
export function classifyBatchData(dataLocation: number, data: string | undefined): DataLocationResult {
  if (dataLocation === BatchDataLocation.NoData) return { location: 'NONE' };
  if (dataLocation === BatchDataLocation.Blob) return { location: 'BLOB' };
  if (dataLocation !== BatchDataLocation.TxInput && dataLocation !== BatchDataLocation.SeparateBatchEvent) {
    return { location: 'ALT_DA', reason: `unknown BatchDataLocation ${dataLocation}` };
  }
  if (data === undefined || data.length < 4) {
    return { location: 'CALLDATA', reason: data === undefined ? 'batch data not available: header byte unknown' : 'empty batch data' };
  }
  const first = parseInt(data.slice(2, 4), 16);
  if (first === BatchHeaderFlag.eigenDa) return { location: 'EIGENDA' };
  if (first === BatchHeaderFlag.celestia) return { location: 'CELESTIA' };
  if (first === BatchHeaderFlag.customDa) {
    const provider = data.length >= 6 ? parseInt(data.slice(4, 6), 16) : undefined;
    return { location: provider === BatchHeaderFlag.celestia ? 'CELESTIA' : 'ALT_DA' };
  }
  if ((first & BatchHeaderFlag.das) === BatchHeaderFlag.das) return { location: 'ANYTRUST' };
  if (first === BatchHeaderFlag.blobHashes) return { location: 'BLOB' };
  return { location: 'CALLDATA' };
}
