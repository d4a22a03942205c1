/**
 * Scroll L1 events and the ScrollChain entry points whose calldata carries batch data, exactly as
 * in shared/reference/events.md (npm @scroll-tech/contracts@4.0.0). RevertBatch has TWO overloads
 * with different topic0s: the legacy per-batch one and the EuclidV2 range one.
 */
import { parseAbi, parseAbiItem } from 'viem';

export const commitBatch = parseAbiItem('event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)');
export const finalizeBatch = parseAbiItem('event FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot)');
export const revertBatchLegacy = parseAbiItem('event RevertBatch(uint256 indexed batchIndex, bytes32 indexed batchHash)');
export const revertBatchRange = parseAbiItem('event RevertBatch(uint256 indexed startBatchIndex, uint256 indexed finishBatchIndex)');
export const updateEnforcedBatchMode = parseAbiItem('event UpdateEnforcedBatchMode(bool enabled, uint256 lastCommittedBatchIndex)');
export const queueTransaction = parseAbiItem('event QueueTransaction(address indexed sender, address indexed target, uint256 value, uint64 queueIndex, uint256 gasLimit, bytes data)');

export const chainEvents = [commitBatch, finalizeBatch, revertBatchLegacy, revertBatchRange, updateEnforcedBatchMode] as const;
export const queueEvents = [queueTransaction] as const;

/** ScrollChain calls read for L2 block ranges (commit) and L1 messages popped (commit/finalize). */
export const scrollChainCalls = parseAbi([
  'function commitBatch(uint8 version, bytes parentBatchHeader, bytes[] chunks, bytes skippedL1MessageBitmap)',
  'function commitBatchWithBlobProof(uint8 version, bytes parentBatchHeader, bytes[] chunks, bytes skippedL1MessageBitmap, bytes blobDataProof)',
  'function commitBatches(uint8 version, bytes32 parentBatchHash, bytes32 lastBatchHash)',
  'struct FinalizeStruct { bytes batchHeader; uint256 totalL1MessagesPoppedOverall; bytes32 postStateRoot; bytes32 withdrawRoot; bytes zkProof; }',
  'function commitAndFinalizeBatch(uint8 version, bytes32 parentBatchHash, FinalizeStruct finalizeStruct)',
  'function finalizeBatchWithProof(bytes batchHeader, bytes32 prevStateRoot, bytes32 postStateRoot, bytes32 withdrawRoot, bytes aggrProof)',
  'function finalizeBatchWithProof4844(bytes batchHeader, bytes32 prevStateRoot, bytes32 postStateRoot, bytes32 withdrawRoot, bytes blobDataProof, bytes aggrProof)',
  'function finalizeBundleWithProof(bytes batchHeader, bytes32 postStateRoot, bytes32 withdrawRoot, bytes aggrProof)',
  'function finalizeBundlePostEuclidV2(bytes batchHeader, uint256 totalL1MessagesPoppedOverall, bytes32 postStateRoot, bytes32 withdrawRoot, bytes aggrProof)',
]);

/** Admin/enforced-mode calls of the emulator (same selectors as ScrollChain). */
export const scrollChainAdminCalls = parseAbi([
  'function revertBatch(bytes batchHeader, uint256 count)',
  'function revertBatch(bytes batchHeader)',
]);

/** L1MessageQueue V2 call that appends a message (the emulator's entry point; the real one is permissioned to the messenger/gateway). */
export const queueCalls = parseAbi([
  'function appendCrossDomainMessage(address target, uint256 gasLimit, bytes data)',
  'function appendEnforcedTransaction(address sender, address target, uint256 value, uint256 gasLimit, bytes data)',
]);
