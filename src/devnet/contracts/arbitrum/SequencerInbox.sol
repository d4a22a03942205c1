// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";
import "./Bridge.sol";

/// Emulator of nitro-contracts bridge/SequencerInbox.sol (3.x, no delay buffer): the real batch
/// entry points (selectors 0x8f111f3c FromOrigin, 0x3e5aa082 FromBlobs, 0xe0bc9729 addSequencerL2Batch,
/// 0xf1981578 forceInclusion), the real data hashing (40-byte header, blob versioned hashes via
/// BLOBHASH), batch spending reports, DAS keysets and maxTimeVariation.
/// Differences: forceInclusion checks both the block and the seconds bound of maxTimeVariation
/// (as nitro-contracts 1.x did); owner = deployer instead of the rollup owner; no gas refunder.
contract SequencerInbox {
    event SequencerBatchDelivered(
        uint256 indexed batchSequenceNumber,
        bytes32 indexed beforeAcc,
        bytes32 indexed afterAcc,
        bytes32 delayedAcc,
        uint256 afterDelayedMessagesRead,
        TimeBounds timeBounds,
        BatchDataLocation dataLocation
    );
    event SequencerBatchData(uint256 indexed batchSequenceNumber, bytes data);
    event InboxMessageDelivered(uint256 indexed messageNum, bytes data);
    event MaxTimeVariationSet(MaxTimeVariation maxTimeVariation);
    event BatchPosterSet(address batchPoster, bool isBatchPoster);
    event SetValidKeyset(bytes32 indexed keysetHash, bytes keysetBytes);
    event InvalidateKeyset(bytes32 indexed keysetHash);
    event OwnerFunctionCalled(uint256 indexed id);

    error NotBatchPoster();
    error NotCodelessOrigin();
    error NotOwner(address sender);
    error BadSequencerNumber(uint256 stored, uint256 received);
    error DelayedBackwards();
    error DelayedTooFar();
    error ForceIncludeBlockTooSoon();
    error ForceIncludeTimeTooSoon();
    error IncorrectMessagePreimage();
    error InvalidHeaderFlag(bytes1 flag);
    error NoSuchKeyset(bytes32 keysetHash);
    error MissingDataHashes();
    error DataTooLarge(uint256 dataLength, uint256 maxDataLength);

    uint256 public constant HEADER_LENGTH = 40;
    bytes1 public constant DATA_AUTHENTICATED_FLAG = 0x40;
    bytes1 public constant DATA_BLOB_HEADER_FLAG = 0x50;
    bytes1 public constant DAS_MESSAGE_HEADER_FLAG = 0x80;
    bytes1 public constant TREE_DAS_MESSAGE_HEADER_FLAG = 0x08;
    bytes1 public constant BROTLI_MESSAGE_HEADER_FLAG = 0x00;
    bytes1 public constant ZERO_HEAVY_MESSAGE_HEADER_FLAG = 0x20;
    bytes1 public constant CUSTOM_DA_MESSAGE_HEADER_FLAG = 0x01;
    uint256 internal constant GAS_PER_BLOB = 1 << 17;
    uint256 public constant maxDataSize = 117964;

    uint256 public totalDelayedMessagesRead;
    Bridge public bridge;
    address public owner;
    mapping(address => bool) public isBatchPoster;
    mapping(bytes32 => bool) public isValidKeysetHash;

    uint64 internal delayBlocks;
    uint64 internal futureBlocks;
    uint64 internal delaySeconds;
    uint64 internal futureSeconds;

    constructor(Bridge bridge_, MaxTimeVariation memory mtv) {
        bridge = bridge_;
        owner = msg.sender;
        delayBlocks = uint64(mtv.delayBlocks);
        futureBlocks = uint64(mtv.futureBlocks);
        delaySeconds = uint64(mtv.delaySeconds);
        futureSeconds = uint64(mtv.futureSeconds);
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    // ------------------------------------------------------------------ owner

    function setMaxTimeVariation(MaxTimeVariation memory mtv) external onlyOwner {
        delayBlocks = uint64(mtv.delayBlocks);
        futureBlocks = uint64(mtv.futureBlocks);
        delaySeconds = uint64(mtv.delaySeconds);
        futureSeconds = uint64(mtv.futureSeconds);
        emit MaxTimeVariationSet(mtv);
        emit OwnerFunctionCalled(0);
    }

    function setIsBatchPoster(address addr, bool isBatchPoster_) external onlyOwner {
        isBatchPoster[addr] = isBatchPoster_;
        emit BatchPosterSet(addr, isBatchPoster_);
        emit OwnerFunctionCalled(1);
    }

    function setValidKeyset(bytes calldata keysetBytes) external onlyOwner {
        uint256 ksWord = uint256(keccak256(bytes.concat(hex"fe", keccak256(keysetBytes))));
        bytes32 ksHash = bytes32(ksWord ^ (1 << 255));
        isValidKeysetHash[ksHash] = true;
        emit SetValidKeyset(ksHash, keysetBytes);
        emit OwnerFunctionCalled(2);
    }

    function invalidateKeysetHash(bytes32 ksHash) external onlyOwner {
        isValidKeysetHash[ksHash] = false;
        emit InvalidateKeyset(ksHash);
        emit OwnerFunctionCalled(3);
    }

    // ------------------------------------------------------------------ views

    function maxTimeVariation() external view returns (uint256, uint256, uint256, uint256) {
        return (delayBlocks, futureBlocks, delaySeconds, futureSeconds);
    }

    function batchCount() external view returns (uint256) {
        return bridge.sequencerMessageCount();
    }

    function inboxAccs(uint256 index) external view returns (bytes32) {
        return bridge.sequencerInboxAccs(index);
    }

    /// Emulator extra: the message count reported by the last batch (L2 blocks covered so far).
    function reportedMessageCount() external view returns (uint256) {
        return bridge.sequencerReportedSubMessageCount();
    }

    // ------------------------------------------------------------------ batches

    function addSequencerL2BatchFromOrigin(
        uint256 sequenceNumber,
        bytes calldata data,
        uint256 afterDelayedMessagesRead,
        address, /* gasRefunder */
        uint256 prevMessageCount,
        uint256 newMessageCount
    ) external {
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender != tx.origin || msg.sender.code.length != 0) revert NotCodelessOrigin();
        if (!isBatchPoster[msg.sender]) revert NotBatchPoster();
        addFromCalldata(sequenceNumber, data, afterDelayedMessagesRead, prevMessageCount, newMessageCount, true);
    }

    function addSequencerL2Batch(
        uint256 sequenceNumber,
        bytes calldata data,
        uint256 afterDelayedMessagesRead,
        address, /* gasRefunder */
        uint256 prevMessageCount,
        uint256 newMessageCount
    ) external {
        if (!isBatchPoster[msg.sender]) revert NotBatchPoster();
        addFromCalldata(sequenceNumber, data, afterDelayedMessagesRead, prevMessageCount, newMessageCount, false);
    }

    function addSequencerL2BatchFromBlobs(
        uint256 sequenceNumber,
        uint256 afterDelayedMessagesRead,
        address, /* gasRefunder */
        uint256 prevMessageCount,
        uint256 newMessageCount
    ) external {
        if (!isBatchPoster[msg.sender]) revert NotBatchPoster();
        (bytes memory header, TimeBounds memory timeBounds) = packHeader(afterDelayedMessagesRead);
        uint256 n = 0;
        while (blobhash(n) != bytes32(0)) n++;
        if (n == 0) revert MissingDataHashes();
        bytes32[] memory hashes = new bytes32[](n);
        for (uint256 i = 0; i < n; i++) hashes[i] = blobhash(i);
        bytes32 dataHash = keccak256(bytes.concat(header, DATA_BLOB_HEADER_FLAG, abi.encodePacked(hashes)));
        uint256 blobCost = block.blobbasefee * GAS_PER_BLOB * n;

        (uint256 seqMessageIndex, bytes32 beforeAcc, bytes32 delayedAcc, bytes32 afterAcc) =
            addImpl(dataHash, afterDelayedMessagesRead, 0, prevMessageCount, newMessageCount);
        if (seqMessageIndex != sequenceNumber && sequenceNumber != type(uint256).max) {
            revert BadSequencerNumber(seqMessageIndex, sequenceNumber);
        }
        emit SequencerBatchDelivered(
            sequenceNumber, beforeAcc, afterAcc, delayedAcc, totalDelayedMessagesRead, timeBounds, BatchDataLocation.Blob
        );
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender == tx.origin && msg.sender.code.length == 0) {
            submitBatchSpendingReport(dataHash, seqMessageIndex, block.basefee, block.basefee > 0 ? blobCost / block.basefee : 0);
        }
    }

    function forceInclusion(
        uint256 _totalDelayedMessagesRead,
        uint8 kind,
        uint64[2] calldata l1BlockAndTime,
        uint256 baseFeeL1,
        address sender,
        bytes32 messageDataHash
    ) external {
        if (_totalDelayedMessagesRead <= totalDelayedMessagesRead) revert DelayedBackwards();
        bytes32 messageHash = Messages.messageHash(
            kind, sender, l1BlockAndTime[0], l1BlockAndTime[1], _totalDelayedMessagesRead - 1, baseFeeL1, messageDataHash
        );
        if (l1BlockAndTime[0] + delayBlocks >= block.number) revert ForceIncludeBlockTooSoon();
        if (l1BlockAndTime[1] + delaySeconds >= block.timestamp) revert ForceIncludeTimeTooSoon();
        bytes32 prevDelayedAcc = 0;
        if (_totalDelayedMessagesRead > 1) prevDelayedAcc = bridge.delayedInboxAccs(_totalDelayedMessagesRead - 2);
        if (bridge.delayedInboxAccs(_totalDelayedMessagesRead - 1) != Messages.accumulateInboxMessage(prevDelayedAcc, messageHash)) {
            revert IncorrectMessagePreimage();
        }
        (bytes memory header, TimeBounds memory timeBounds) = packHeader(_totalDelayedMessagesRead);
        uint256 prevSeqMsgCount = bridge.sequencerReportedSubMessageCount();
        (uint256 seqMessageIndex, bytes32 beforeAcc, bytes32 delayedAcc, bytes32 afterAcc) =
            addImpl(keccak256(header), _totalDelayedMessagesRead, 0, prevSeqMsgCount, prevSeqMsgCount);
        emit SequencerBatchDelivered(
            seqMessageIndex, beforeAcc, afterAcc, delayedAcc, totalDelayedMessagesRead, timeBounds, BatchDataLocation.NoData
        );
    }

    // ------------------------------------------------------------------ internals

    function addFromCalldata(
        uint256 sequenceNumber,
        bytes calldata data,
        uint256 afterDelayedMessagesRead,
        uint256 prevMessageCount,
        uint256 newMessageCount,
        bool fromOrigin
    ) internal {
        uint256 fullDataLen = HEADER_LENGTH + data.length;
        if (fullDataLen > maxDataSize) revert DataTooLarge(fullDataLen, maxDataSize);
        (bytes memory header, TimeBounds memory timeBounds) = packHeader(afterDelayedMessagesRead);
        if (data.length > 0) {
            bytes1 flag = data[0];
            if (
                flag != BROTLI_MESSAGE_HEADER_FLAG && flag != DAS_MESSAGE_HEADER_FLAG
                    && flag != (DAS_MESSAGE_HEADER_FLAG | TREE_DAS_MESSAGE_HEADER_FLAG) && flag != ZERO_HEAVY_MESSAGE_HEADER_FLAG
                    && flag != CUSTOM_DA_MESSAGE_HEADER_FLAG
            ) revert InvalidHeaderFlag(flag);
            if (flag & DAS_MESSAGE_HEADER_FLAG != 0 && data.length >= 33) {
                bytes32 ks = bytes32(data[1:33]);
                if (!isValidKeysetHash[ks]) revert NoSuchKeyset(ks);
            }
        }
        bytes32 dataHash = keccak256(bytes.concat(header, data));
        (uint256 seqMessageIndex, bytes32 beforeAcc, bytes32 delayedAcc, bytes32 afterAcc) =
            addImpl(dataHash, afterDelayedMessagesRead, fromOrigin ? data.length : 0, prevMessageCount, newMessageCount);
        if (seqMessageIndex != sequenceNumber && sequenceNumber != type(uint256).max) {
            revert BadSequencerNumber(seqMessageIndex, sequenceNumber);
        }
        emit SequencerBatchDelivered(
            seqMessageIndex,
            beforeAcc,
            afterAcc,
            delayedAcc,
            totalDelayedMessagesRead,
            timeBounds,
            fromOrigin ? BatchDataLocation.TxInput : BatchDataLocation.SeparateBatchEvent
        );
        if (!fromOrigin) emit SequencerBatchData(seqMessageIndex, data);
    }

    function addImpl(
        bytes32 dataHash,
        uint256 afterDelayedMessagesRead,
        uint256 calldataLengthPosted,
        uint256 prevMessageCount,
        uint256 newMessageCount
    ) internal returns (uint256 seqMessageIndex, bytes32 beforeAcc, bytes32 delayedAcc, bytes32 acc) {
        if (afterDelayedMessagesRead < totalDelayedMessagesRead) revert DelayedBackwards();
        if (afterDelayedMessagesRead > bridge.delayedMessageCount()) revert DelayedTooFar();
        (seqMessageIndex, beforeAcc, delayedAcc, acc) =
            bridge.enqueueSequencerMessage(dataHash, afterDelayedMessagesRead, prevMessageCount, newMessageCount);
        totalDelayedMessagesRead = afterDelayedMessagesRead;
        if (calldataLengthPosted > 0) submitBatchSpendingReport(dataHash, seqMessageIndex, block.basefee, 0);
    }

    function packHeader(uint256 afterDelayedMessagesRead) internal view returns (bytes memory, TimeBounds memory) {
        TimeBounds memory b;
        if (block.timestamp > delaySeconds) b.minTimestamp = uint64(block.timestamp) - delaySeconds;
        b.maxTimestamp = uint64(block.timestamp) + futureSeconds;
        if (block.number > delayBlocks) b.minBlockNumber = uint64(block.number) - delayBlocks;
        b.maxBlockNumber = uint64(block.number) + futureBlocks;
        bytes memory header =
            abi.encodePacked(b.minTimestamp, b.maxTimestamp, b.minBlockNumber, b.maxBlockNumber, uint64(afterDelayedMessagesRead));
        return (header, b);
    }

    function submitBatchSpendingReport(bytes32 dataHash, uint256 seqMessageIndex, uint256 gasPrice, uint256 extraGas) internal {
        // solhint-disable-next-line avoid-tx-origin
        address batchPoster = tx.origin;
        bytes memory spendingReportMsg =
            abi.encodePacked(block.timestamp, batchPoster, dataHash, seqMessageIndex, gasPrice, uint64(extraGas));
        uint256 msgNum = bridge.submitBatchSpendingReport(batchPoster, keccak256(spendingReportMsg));
        emit InboxMessageDelivered(msgNum, spendingReportMsg);
    }
}
