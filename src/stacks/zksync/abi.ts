/**
 * zkSync Era diamond proxy events (IExecutor, Mailbox) and the getters the decoder reads, exactly
 * as in shared/reference/events.md (npm @matterlabs/zksync-contracts@29.0.0). The names changed
 * from "blocks" to "batches" with Boojum; the types (so topic0s) did not.
 */
import { parseAbi, parseAbiItem } from 'viem';

export const blockCommit = parseAbiItem('event BlockCommit(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment)');
export const blocksVerification = parseAbiItem('event BlocksVerification(uint256 indexed previousLastVerifiedBatch, uint256 indexed currentLastVerifiedBatch)');
export const blockExecution = parseAbiItem('event BlockExecution(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment)');
export const blocksRevert = parseAbiItem('event BlocksRevert(uint256 totalBatchesCommitted, uint256 totalBatchesVerified, uint256 totalBatchesExecuted)');

const mailbox = parseAbi([
  'struct L2CanonicalTransaction { uint256 txType; uint256 from; uint256 to; uint256 gasLimit; uint256 gasPerPubdataByteLimit; uint256 maxFeePerGas; uint256 maxPriorityFeePerGas; uint256 paymaster; uint256 nonce; uint256 value; uint256[4] reserved; bytes data; bytes signature; uint256[] factoryDeps; bytes paymasterInput; bytes reservedDynamic; }',
  'event NewPriorityRequest(uint256 txId, bytes32 txHash, uint64 expirationTimestamp, L2CanonicalTransaction transaction, bytes[] factoryDeps)',
]);
export const newPriorityRequest = mailbox[0];

export const batchEvents = [blockCommit, blocksVerification, blockExecution, blocksRevert] as const;
export const priorityEvents = [newPriorityRequest] as const;

/** Getters facet: read at the block of a revert / execution. */
export const gettersAbi = parseAbi([
  'function getTotalBatchesCommitted() view returns (uint256)',
  'function getTotalBatchesVerified() view returns (uint256)',
  'function getTotalBatchesExecuted() view returns (uint256)',
  'function getFirstUnprocessedPriorityTx() view returns (uint256)',
  'function getTotalPriorityTxs() view returns (uint256)',
]);

/** Executor entry points (v26+ ZK chain), the calls the emulator exposes with the real selectors. */
export const executorAbi = parseAbi([
  'function commitBatchesSharedBridge(address _chainAddress, uint256 _processFrom, uint256 _processTo, bytes _commitData)',
  'function proveBatchesSharedBridge(address _chainAddress, uint256 _processBatchFrom, uint256 _processBatchTo, bytes _proofData)',
  'function executeBatchesSharedBridge(address _chainAddress, uint256 _processFrom, uint256 _processTo, bytes _executeData)',
  'function revertBatchesSharedBridge(address _chainAddress, uint256 _newLastBatch)',
]);
