// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./ArbTypes.sol";
import "./Bridge.sol";

/// Emulator of nitro-contracts bridge/Inbox.sol (the delayed inbox): depositEth 0x439370b1,
/// createRetryableTicket 0x679b6ded, unsafeCreateRetryableTicket 0x6e6e8a6a, sendL2Message
/// 0xb75436bb. Messages go to Bridge.enqueueDelayedMessage with the aliased sender and
/// keccak256(messageData), then InboxMessageDelivered(msgNum, messageData) — the real payloads.
contract Inbox {
    event InboxMessageDelivered(uint256 indexed messageNum, bytes data);
    event InboxMessageDeliveredFromOrigin(uint256 indexed messageNum);

    error InsufficientValue(uint256 expected, uint256 actual);
    error DataTooLarge(uint256 dataLength, uint256 maxDataLength);

    Bridge public bridge;
    uint256 public constant maxDataSize = 117964;

    constructor(Bridge bridge_) {
        bridge = bridge_;
    }

    function depositEth() public payable returns (uint256) {
        address dest = msg.sender;
        // solhint-disable-next-line avoid-tx-origin
        if (msg.sender.code.length > 0 || tx.origin != msg.sender) dest = AddressAliasHelper.applyL1ToL2Alias(msg.sender);
        return deliverMessage(MessageTypes.L1MessageType_ethDeposit, msg.sender, abi.encodePacked(dest, msg.value), msg.value);
    }

    function createRetryableTicket(
        address to,
        uint256 l2CallValue,
        uint256 maxSubmissionCost,
        address excessFeeRefundAddress,
        address callValueRefundAddress,
        uint256 gasLimit,
        uint256 maxFeePerGas,
        bytes calldata data
    ) external payable returns (uint256) {
        uint256 expected = maxSubmissionCost + l2CallValue + gasLimit * maxFeePerGas;
        if (msg.value < expected) revert InsufficientValue(expected, msg.value);
        return unsafeCreateRetryableTicket(to, l2CallValue, maxSubmissionCost, excessFeeRefundAddress, callValueRefundAddress, gasLimit, maxFeePerGas, data);
    }

    function unsafeCreateRetryableTicket(
        address to,
        uint256 l2CallValue,
        uint256 maxSubmissionCost,
        address excessFeeRefundAddress,
        address callValueRefundAddress,
        uint256 gasLimit,
        uint256 maxFeePerGas,
        bytes calldata data
    ) public payable returns (uint256) {
        return deliverMessage(
            MessageTypes.L1MessageType_submitRetryableTx,
            msg.sender,
            abi.encodePacked(
                uint256(uint160(to)),
                l2CallValue,
                msg.value,
                maxSubmissionCost,
                uint256(uint160(excessFeeRefundAddress)),
                uint256(uint160(callValueRefundAddress)),
                gasLimit,
                maxFeePerGas,
                data.length,
                data
            ),
            msg.value
        );
    }

    function sendL2Message(bytes calldata messageData) external returns (uint256) {
        return deliverMessage(MessageTypes.L2_MSG, msg.sender, messageData, 0);
    }

    /// Load path (emulator extra): `n` L2 messages in one call; message i's data is
    /// abi.encodePacked(seed, i) so each MessageDelivered.messageDataHash matches its payload.
    function sendL2MessageBulk(bytes32 seed, uint256 n) external returns (uint256 first) {
        first = bridge.enqueueDelayedMessagesBulk(MessageTypes.L2_MSG, AddressAliasHelper.applyL1ToL2Alias(msg.sender), seed, n);
        bytes memory data = new bytes(64);
        for (uint256 i = 0; i < n; i++) {
            uint256 index = first + i;
            assembly {
                mstore(add(data, 32), seed)
                mstore(add(data, 64), index)
            }
            emit InboxMessageDelivered(index, data);
        }
    }

    function deliverMessage(uint8 kind, address sender, bytes memory messageData, uint256 amount) internal returns (uint256) {
        if (messageData.length > maxDataSize) revert DataTooLarge(messageData.length, maxDataSize);
        uint256 msgNum = bridge.enqueueDelayedMessage{value: amount}(kind, AddressAliasHelper.applyL1ToL2Alias(sender), keccak256(messageData));
        emit InboxMessageDelivered(msgNum, messageData);
        return msgNum;
    }
}
