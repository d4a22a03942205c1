// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// ScrollChain emulator: real selectors and events for codec v4–v6 commits with chunks in
/// calldata (commitBatchWithBlobProof 0x86b053a9), codec v7 commits of one batch per blob
/// (commitBatches 0x9bbaa2ba), bundle finalization (finalizeBundleWithProof 0x4f099e3d,
/// finalizeBundlePostEuclidV2 0xc1aa4e19), both revert overloads (legacy revertBatch(bytes,uint256)
/// emits RevertBatch(uint256,bytes32) per batch; EuclidV2 revertBatch(bytes) emits
/// RevertBatch(uint256,uint256)), enforced mode and commitAndFinalizeBatch. Proofs are not checked.
/// Batch hashes: keccak256(abi.encode(batchIndex, data)) of what the commit carried.
contract ScrollChainEmulator {
    struct FinalizeStruct {
        bytes batchHeader;
        uint256 totalL1MessagesPoppedOverall;
        bytes32 postStateRoot;
        bytes32 withdrawRoot;
        bytes zkProof;
    }

    event CommitBatch(uint256 indexed batchIndex, bytes32 indexed batchHash);
    event FinalizeBatch(uint256 indexed batchIndex, bytes32 indexed batchHash, bytes32 stateRoot, bytes32 withdrawRoot);
    event RevertBatch(uint256 indexed batchIndex, bytes32 indexed batchHash);
    event RevertBatch(uint256 indexed startBatchIndex, uint256 indexed finishBatchIndex);
    event UpdateEnforcedBatchMode(bool enabled, uint256 lastCommittedBatchIndex);

    address public immutable sequencer;
    address public immutable prover;
    address public immutable owner;
    uint256 public lastCommittedBatchIndex;
    uint256 public lastFinalizedBatchIndex;
    bool public enforcedModeEnabled;
    mapping(uint256 => bytes32) public committedBatches;
    mapping(uint256 => bytes32) public finalizedStateRoots;

    constructor(address _sequencer, address _prover, address _owner) {
        sequencer = _sequencer;
        prover = _prover;
        owner = _owner;
    }

    function _batchIndexOf(bytes calldata header) internal pure returns (uint256) {
        require(header.length >= 9, "ScrollChain: header too short");
        return uint256(uint64(bytes8(header[1:9])));
    }

    function commitBatchWithBlobProof(uint8 version, bytes calldata parentBatchHeader, bytes[] calldata chunks, bytes calldata, bytes calldata) external {
        require(msg.sender == sequencer && !enforcedModeEnabled, "ScrollChain: caller is not sequencer");
        require(version >= 4 && version < 7, "ScrollChain: codec v4-v6 only");
        require(_batchIndexOf(parentBatchHeader) == lastCommittedBatchIndex, "ScrollChain: incorrect parent batch");
        require(chunks.length > 0, "ScrollChain: no chunks");
        uint256 index = ++lastCommittedBatchIndex;
        bytes32 h = keccak256(abi.encode(index, chunks));
        committedBatches[index] = h;
        emit CommitBatch(index, h);
    }

    function commitBatches(uint8 version, bytes32 parentBatchHash, bytes32 lastBatchHash) external {
        require(msg.sender == sequencer && !enforcedModeEnabled, "ScrollChain: caller is not sequencer");
        require(version >= 7, "ScrollChain: codec v7+ only");
        require(parentBatchHash == committedBatches[lastCommittedBatchIndex], "ScrollChain: incorrect parent batch hash");
        uint256 n = 0;
        while (blobhash(n) != bytes32(0)) n++;
        require(n > 0, "ScrollChain: no blob");
        for (uint256 i = 0; i < n; i++) {
            uint256 index = ++lastCommittedBatchIndex;
            bytes32 h = i + 1 == n ? lastBatchHash : keccak256(abi.encode(index, blobhash(i)));
            committedBatches[index] = h;
            emit CommitBatch(index, h);
        }
    }

    function _finalize(uint256 index, bytes32 postStateRoot, bytes32 withdrawRoot) internal {
        require(index > lastFinalizedBatchIndex && index <= lastCommittedBatchIndex, "ScrollChain: batch not committed or already finalized");
        lastFinalizedBatchIndex = index;
        finalizedStateRoots[index] = postStateRoot;
        emit FinalizeBatch(index, committedBatches[index], postStateRoot, withdrawRoot);
    }

    function finalizeBundleWithProof(bytes calldata batchHeader, bytes32 postStateRoot, bytes32 withdrawRoot, bytes calldata) external {
        require(msg.sender == prover, "ScrollChain: caller is not prover");
        _finalize(_batchIndexOf(batchHeader), postStateRoot, withdrawRoot);
    }

    function finalizeBundlePostEuclidV2(bytes calldata batchHeader, uint256, bytes32 postStateRoot, bytes32 withdrawRoot, bytes calldata) external {
        require(msg.sender == prover, "ScrollChain: caller is not prover");
        _finalize(_batchIndexOf(batchHeader), postStateRoot, withdrawRoot);
    }

    /// Legacy: reverts `count` batches from the header's batch on (they must be the last committed).
    function revertBatch(bytes calldata batchHeader, uint256 count) external {
        require(msg.sender == owner, "ScrollChain: caller is not owner");
        uint256 start = _batchIndexOf(batchHeader);
        require(count > 0 && start > lastFinalizedBatchIndex && start + count - 1 == lastCommittedBatchIndex, "ScrollChain: reverting must start beyond finalized and end at last");
        for (uint256 i = start; i < start + count; i++) {
            emit RevertBatch(i, committedBatches[i]);
            delete committedBatches[i];
        }
        lastCommittedBatchIndex = start - 1;
    }

    /// EuclidV2: reverts every batch after the header's batch.
    function revertBatch(bytes calldata batchHeader) external {
        require(msg.sender == owner, "ScrollChain: caller is not owner");
        uint256 keep = _batchIndexOf(batchHeader);
        require(keep >= lastFinalizedBatchIndex && keep < lastCommittedBatchIndex, "ScrollChain: nothing to revert");
        emit RevertBatch(keep + 1, lastCommittedBatchIndex);
        for (uint256 i = keep + 1; i <= lastCommittedBatchIndex; i++) delete committedBatches[i];
        lastCommittedBatchIndex = keep;
    }

    function setEnforcedMode(bool enabled) external {
        require(msg.sender == owner, "ScrollChain: caller is not owner");
        enforcedModeEnabled = enabled;
        emit UpdateEnforcedBatchMode(enabled, lastCommittedBatchIndex);
    }

    /// Permissionless in enforced mode: one v7 batch (one blob) committed and finalized at once.
    function commitAndFinalizeBatch(uint8 version, bytes32 parentBatchHash, FinalizeStruct calldata f) external {
        require(enforcedModeEnabled, "ScrollChain: enforced mode is off");
        require(version >= 7 && blobhash(0) != bytes32(0), "ScrollChain: v7 batch with one blob");
        require(parentBatchHash == committedBatches[lastCommittedBatchIndex], "ScrollChain: incorrect parent batch hash");
        uint256 index = ++lastCommittedBatchIndex;
        bytes32 h = keccak256(abi.encode(index, blobhash(0)));
        committedBatches[index] = h;
        emit CommitBatch(index, h);
        _finalize(index, f.postStateRoot, f.withdrawRoot);
    }
}

/// L1MessageQueue (V1 or V2) emulator: appendCrossDomainMessage / appendEnforcedTransaction with
/// the real selectors emit QueueTransaction with consecutive queue indices.
contract ScrollMessageQueueEmulator {
    event QueueTransaction(address indexed sender, address indexed target, uint256 value, uint64 queueIndex, uint256 gasLimit, bytes data);

    uint256 public nextCrossDomainMessageIndex;

    constructor(uint256 _firstIndex) {
        nextCrossDomainMessageIndex = _firstIndex;
    }

    function appendCrossDomainMessage(address target, uint256 gasLimit, bytes calldata data) external {
        emit QueueTransaction(msg.sender, target, 0, uint64(nextCrossDomainMessageIndex++), gasLimit, data);
    }

    function appendEnforcedTransaction(address sender, address target, uint256 value, uint256 gasLimit, bytes calldata data) external {
        emit QueueTransaction(sender, target, value, uint64(nextCrossDomainMessageIndex++), gasLimit, data);
    }
}
