// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";

/// Emulator of nitro-contracts bridge/Bridge.sol: the delayed-inbox and sequencer-inbox
/// accumulators, MessageDelivered with the real layout and hashing, Outbox calls.
/// Not emulated: ERC20 native token, paused state, proxies.
contract Bridge {
    event MessageDelivered(
        uint256 indexed messageIndex,
        bytes32 indexed beforeInboxAcc,
        address inbox,
        uint8 kind,
        address sender,
        bytes32 messageDataHash,
        uint256 baseFeeL1,
        uint64 timestamp
    );
    event BridgeCallTriggered(address indexed outbox, address indexed to, uint256 value, bytes data);
    event InboxToggle(address indexed inbox, bool enabled);
    event OutboxToggle(address indexed outbox, bool enabled);
    event SequencerInboxUpdated(address newSequencerInbox);
    event RollupUpdated(address rollup);

    error NotDelayedInbox(address sender);
    error NotSequencerInbox(address sender);
    error NotOutbox(address sender);
    error NotOwner(address sender);
    error BadSequencerMessageNumber(uint256 stored, uint256 received);

    address public owner;
    address public rollup;
    address public sequencerInbox;
    mapping(address => bool) public allowedDelayedInboxes;
    mapping(address => bool) public allowedOutboxes;
    address public activeOutbox;

    /// Invariant: delayedAcc[i] is the accumulator after message i (i < delayedCount), except for
    /// messages delivered through the bulk path, where only the last one of each call is stored.
    mapping(uint256 => bytes32) internal delayedAcc;
    uint256 internal delayedCount;
    bytes32[] public sequencerInboxAccs;
    uint256 public sequencerReportedSubMessageCount;

    constructor() {
        owner = msg.sender;
    }

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    function setRollup(address rollup_) external onlyOwner {
        rollup = rollup_;
        emit RollupUpdated(rollup_);
    }

    function setSequencerInbox(address sequencerInbox_) external onlyOwner {
        sequencerInbox = sequencerInbox_;
        emit SequencerInboxUpdated(sequencerInbox_);
    }

    function setDelayedInbox(address inbox, bool enabled) external onlyOwner {
        allowedDelayedInboxes[inbox] = enabled;
        emit InboxToggle(inbox, enabled);
    }

    function setOutbox(address outbox, bool enabled) external onlyOwner {
        allowedOutboxes[outbox] = enabled;
        emit OutboxToggle(outbox, enabled);
    }

    function delayedMessageCount() external view returns (uint256) {
        return delayedCount;
    }

    function delayedInboxAccs(uint256 index) external view returns (bytes32) {
        return delayedAcc[index];
    }

    function sequencerMessageCount() external view returns (uint256) {
        return sequencerInboxAccs.length;
    }

    function enqueueDelayedMessage(uint8 kind, address sender, bytes32 messageDataHash) external payable returns (uint256) {
        if (!allowedDelayedInboxes[msg.sender]) revert NotDelayedInbox(msg.sender);
        return addMessageToDelayedAccumulator(kind, sender, uint64(block.number), uint64(block.timestamp), block.basefee, messageDataHash);
    }

    /// Load path: `n` delayed messages in one call (same kind/sender, data hash varies by index).
    /// Emits exactly what `n` enqueueDelayedMessage calls would; stores only the last accumulator.
    function enqueueDelayedMessagesBulk(uint8 kind, address sender, bytes32 seed, uint256 n) external returns (uint256 first) {
        if (!allowedDelayedInboxes[msg.sender]) revert NotDelayedInbox(msg.sender);
        first = delayedCount;
        bytes32 acc = first > 0 ? delayedAcc[first - 1] : bytes32(0);
        uint64 bn = uint64(block.number);
        uint64 ts = uint64(block.timestamp);
        uint256 fee = block.basefee;
        for (uint256 i = 0; i < n; i++) {
            uint256 count = first + i;
            bytes32 dataHash;
            bytes32 next;
            // Same hashes as Messages.messageHash / accumulateInboxMessage, in scratch memory
            // (abi.encodePacked would allocate per message: quadratic memory gas).
            assembly {
                let p := mload(0x40)
                mstore(p, seed)
                mstore(add(p, 32), count)
                dataHash := keccak256(p, 64)
                mstore8(p, kind)
                mstore(add(p, 1), shl(96, sender))
                mstore(add(p, 21), shl(192, bn))
                mstore(add(p, 29), shl(192, ts))
                mstore(add(p, 37), count)
                mstore(add(p, 69), fee)
                mstore(add(p, 101), dataHash)
                let messageHash := keccak256(p, 133)
                mstore(p, acc)
                mstore(add(p, 32), messageHash)
                next := keccak256(p, 64)
            }
            emit MessageDelivered(count, acc, msg.sender, kind, sender, dataHash, fee, ts);
            acc = next;
        }
        delayedCount = first + n;
        if (n > 0) delayedAcc[first + n - 1] = acc;
    }

    function submitBatchSpendingReport(address sender, bytes32 messageDataHash) external returns (uint256) {
        if (msg.sender != sequencerInbox) revert NotSequencerInbox(msg.sender);
        return addMessageToDelayedAccumulator(
            MessageTypes.L1MessageType_batchPostingReport, sender, uint64(block.number), uint64(block.timestamp), block.basefee, messageDataHash
        );
    }

    function addMessageToDelayedAccumulator(
        uint8 kind,
        address sender,
        uint64 blockNumber,
        uint64 blockTimestamp,
        uint256 baseFeeL1,
        bytes32 messageDataHash
    ) internal returns (uint256) {
        uint256 count = delayedCount;
        bytes32 messageHash = Messages.messageHash(kind, sender, blockNumber, blockTimestamp, count, baseFeeL1, messageDataHash);
        bytes32 prevAcc = count > 0 ? delayedAcc[count - 1] : bytes32(0);
        delayedAcc[count] = Messages.accumulateInboxMessage(prevAcc, messageHash);
        delayedCount = count + 1;
        emit MessageDelivered(count, prevAcc, msg.sender, kind, sender, messageDataHash, baseFeeL1, blockTimestamp);
        return count;
    }

    function enqueueSequencerMessage(bytes32 dataHash, uint256 afterDelayedMessagesRead, uint256 prevMessageCount, uint256 newMessageCount)
        external
        returns (uint256 seqMessageIndex, bytes32 beforeAcc, bytes32 delayedAcc_, bytes32 acc)
    {
        if (msg.sender != sequencerInbox) revert NotSequencerInbox(msg.sender);
        if (sequencerReportedSubMessageCount != prevMessageCount && prevMessageCount != 0 && sequencerReportedSubMessageCount != 0) {
            revert BadSequencerMessageNumber(sequencerReportedSubMessageCount, prevMessageCount);
        }
        sequencerReportedSubMessageCount = newMessageCount;
        seqMessageIndex = sequencerInboxAccs.length;
        if (seqMessageIndex > 0) beforeAcc = sequencerInboxAccs[seqMessageIndex - 1];
        if (afterDelayedMessagesRead > 0) delayedAcc_ = delayedAcc[afterDelayedMessagesRead - 1];
        acc = keccak256(abi.encodePacked(beforeAcc, dataHash, delayedAcc_));
        sequencerInboxAccs.push(acc);
    }

    function executeCall(address to, uint256 value, bytes calldata data) external returns (bool success, bytes memory returnData) {
        if (!allowedOutboxes[msg.sender]) revert NotOutbox(msg.sender);
        activeOutbox = msg.sender;
        if (data.length > 0 || value > 0) {
            (success, returnData) = to.call{value: value}(data);
        } else {
            success = true;
        }
        activeOutbox = address(0);
        emit BridgeCallTriggered(msg.sender, to, value, data);
    }

    receive() external payable {}
}
