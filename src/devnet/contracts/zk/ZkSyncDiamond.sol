// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// zkSync Era diamond proxy emulator: the v26+ Executor entry points (real selectors
/// commitBatchesSharedBridge 0x0db9eb87, proveBatchesSharedBridge 0x9271e450,
/// executeBatchesSharedBridge 0xa085344d, revertBatchesSharedBridge 0x7ca4eff7), the Mailbox's
/// requestL2Transaction and the Getters the indexer reads. Same events and ordering rules as
/// mainnet (batches committed, proven and executed in order; reverts cannot touch executed
/// batches); proofs are not checked. Commit data (emulator encoding, after the version byte):
/// abi.encode(bytes32[] batchHashes, bytes32[] commitments, uint256[] numberOfLayer1Txs).
contract ZkSyncDiamond {
    struct L2CanonicalTransaction {
        uint256 txType;
        uint256 from;
        uint256 to;
        uint256 gasLimit;
        uint256 gasPerPubdataByteLimit;
        uint256 maxFeePerGas;
        uint256 maxPriorityFeePerGas;
        uint256 paymaster;
        uint256 nonce;
        uint256 value;
        uint256[4] reserved;
        bytes data;
        bytes signature;
        uint256[] factoryDeps;
        bytes paymasterInput;
        bytes reservedDynamic;
    }

    event BlockCommit(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment);
    event BlocksVerification(uint256 indexed previousLastVerifiedBatch, uint256 indexed currentLastVerifiedBatch);
    event BlockExecution(uint256 indexed batchNumber, bytes32 indexed batchHash, bytes32 indexed commitment);
    event BlocksRevert(uint256 totalBatchesCommitted, uint256 totalBatchesVerified, uint256 totalBatchesExecuted);
    event NewPriorityRequest(uint256 txId, bytes32 txHash, uint64 expirationTimestamp, L2CanonicalTransaction transaction, bytes[] factoryDeps);

    uint256 public constant PRIORITY_TX_TYPE = 255;
    uint256 public immutable priorityExpiration;
    address public immutable validator;

    uint256 internal totalBatchesCommitted;
    uint256 internal totalBatchesVerified;
    uint256 internal totalBatchesExecuted;
    uint256 internal totalPriorityTxs;
    uint256 internal firstUnprocessedPriorityTx;
    mapping(uint256 => bytes32) internal batchHashOf;
    mapping(uint256 => bytes32) internal commitmentOf;
    mapping(uint256 => uint256) internal layer1TxsOf;

    constructor(address _validator, uint256 _priorityExpiration) {
        validator = _validator;
        priorityExpiration = _priorityExpiration;
    }

    modifier onlyValidator() {
        require(msg.sender == validator, "ZkSyncDiamond: not a validator");
        _;
    }

    function commitBatchesSharedBridge(address, uint256 _processFrom, uint256 _processTo, bytes calldata _commitData) external onlyValidator {
        require(_processFrom == totalBatchesCommitted + 1 && _processTo >= _processFrom, "ZkSyncDiamond: batches must be committed in order");
        require(_commitData.length > 0 && uint8(_commitData[0]) == 0, "ZkSyncDiamond: unsupported commit data version");
        (bytes32[] memory hashes, bytes32[] memory commitments, uint256[] memory l1Txs) = abi.decode(_commitData[1:], (bytes32[], bytes32[], uint256[]));
        uint256 n = _processTo - _processFrom + 1;
        require(hashes.length == n && commitments.length == n && l1Txs.length == n, "ZkSyncDiamond: commit data length mismatch");
        for (uint256 i = 0; i < n; i++) {
            uint256 b = _processFrom + i;
            batchHashOf[b] = hashes[i];
            commitmentOf[b] = commitments[i];
            layer1TxsOf[b] = l1Txs[i];
            emit BlockCommit(b, hashes[i], commitments[i]);
        }
        totalBatchesCommitted = _processTo;
    }

    function proveBatchesSharedBridge(address, uint256 _processBatchFrom, uint256 _processBatchTo, bytes calldata) external onlyValidator {
        require(_processBatchFrom == totalBatchesVerified + 1 && _processBatchTo >= _processBatchFrom, "ZkSyncDiamond: proofs must be in order");
        require(_processBatchTo <= totalBatchesCommitted, "ZkSyncDiamond: cannot prove uncommitted batches");
        emit BlocksVerification(totalBatchesVerified, _processBatchTo);
        totalBatchesVerified = _processBatchTo;
    }

    function executeBatchesSharedBridge(address, uint256 _processFrom, uint256 _processTo, bytes calldata) external onlyValidator {
        require(_processFrom == totalBatchesExecuted + 1 && _processTo >= _processFrom, "ZkSyncDiamond: executions must be in order");
        require(_processTo <= totalBatchesVerified, "ZkSyncDiamond: cannot execute unproven batches");
        for (uint256 b = _processFrom; b <= _processTo; b++) {
            firstUnprocessedPriorityTx += layer1TxsOf[b];
            require(firstUnprocessedPriorityTx <= totalPriorityTxs, "ZkSyncDiamond: batch processes unknown priority txs");
            emit BlockExecution(b, batchHashOf[b], commitmentOf[b]);
        }
        totalBatchesExecuted = _processTo;
    }

    function revertBatchesSharedBridge(address, uint256 _newLastBatch) external onlyValidator {
        require(totalBatchesCommitted > _newLastBatch, "ZkSyncDiamond: nothing to revert");
        require(_newLastBatch >= totalBatchesExecuted, "ZkSyncDiamond: cannot revert executed batches");
        if (_newLastBatch < totalBatchesVerified) totalBatchesVerified = _newLastBatch;
        totalBatchesCommitted = _newLastBatch;
        emit BlocksRevert(totalBatchesCommitted, totalBatchesVerified, totalBatchesExecuted);
    }

    /// Mailbox.requestL2Transaction (legacy Era entry point): enqueues a priority transaction.
    function requestL2Transaction(
        address _contractL2,
        uint256 _l2Value,
        bytes calldata _calldata,
        uint256 _l2GasLimit,
        uint256 _l2GasPerPubdataByteLimit,
        bytes[] calldata _factoryDeps,
        address _refundRecipient
    ) external payable returns (bytes32 canonicalTxHash) {
        uint256 txId = totalPriorityTxs++;
        L2CanonicalTransaction memory t;
        t.txType = PRIORITY_TX_TYPE;
        t.from = uint256(uint160(msg.sender));
        t.to = uint256(uint160(_contractL2));
        t.gasLimit = _l2GasLimit;
        t.gasPerPubdataByteLimit = _l2GasPerPubdataByteLimit;
        t.maxFeePerGas = block.basefee;
        t.nonce = txId;
        t.value = _l2Value;
        t.reserved[0] = msg.value;
        t.reserved[1] = uint256(uint160(_refundRecipient == address(0) ? msg.sender : _refundRecipient));
        t.data = _calldata;
        t.factoryDeps = new uint256[](_factoryDeps.length);
        canonicalTxHash = keccak256(abi.encode(t));
        emit NewPriorityRequest(txId, canonicalTxHash, uint64(block.timestamp + priorityExpiration), t, _factoryDeps);
    }

    function getTotalBatchesCommitted() external view returns (uint256) { return totalBatchesCommitted; }
    function getTotalBatchesVerified() external view returns (uint256) { return totalBatchesVerified; }
    function getTotalBatchesExecuted() external view returns (uint256) { return totalBatchesExecuted; }
    function getTotalPriorityTxs() external view returns (uint256) { return totalPriorityTxs; }
    function getFirstUnprocessedPriorityTx() external view returns (uint256) { return firstUnprocessedPriorityTx; }
}
