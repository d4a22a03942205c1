// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

/// L1CrossDomainMessenger: sendMessage deposits a relayMessage call to the L2 messenger through the
/// portal (so the portal's TransactionDeposited comes from the messenger's alias); relayMessage is
/// called by the portal when a withdrawal from the L2 messenger is finalized.
contract L1CrossDomainMessenger {
    uint16 public constant MESSAGE_VERSION = 1;
    uint64 public constant RELAY_CONSTANT_OVERHEAD = 200_000;
    uint64 public constant MIN_GAS_DYNAMIC_OVERHEAD_NUMERATOR = 64;
    uint64 public constant MIN_GAS_DYNAMIC_OVERHEAD_DENOMINATOR = 63;
    uint64 public constant MIN_GAS_CALLDATA_OVERHEAD = 16;
    uint64 public constant RELAY_CALL_OVERHEAD = 40_000;
    uint64 public constant RELAY_RESERVED_GAS = 40_000;
    uint64 public constant RELAY_GAS_CHECK_BUFFER = 5_000;
    address internal constant DEFAULT_L2_SENDER = 0x000000000000000000000000000000000000dEaD;

    address public immutable portal;
    uint240 internal msgNonce;
    address internal xDomainMsgSender;
    mapping(bytes32 => bool) public successfulMessages;
    mapping(bytes32 => bool) public failedMessages;

    event SentMessage(address indexed target, address sender, bytes message, uint256 messageNonce, uint256 gasLimit);
    event SentMessageExtension1(address indexed sender, uint256 value);
    event RelayedMessage(bytes32 indexed msgHash);
    event FailedRelayedMessage(bytes32 indexed msgHash);

    constructor(address _portal) {
        portal = _portal;
    }

    function version() external pure returns (string memory) {
        return "2.4.0";
    }

    function OTHER_MESSENGER() external pure returns (address) {
        return OpPredeploys.L2_CROSS_DOMAIN_MESSENGER;
    }

    function otherMessenger() external pure returns (address) {
        return OpPredeploys.L2_CROSS_DOMAIN_MESSENGER;
    }

    function messageNonce() public view returns (uint256) {
        return OpHashing.encodeVersionedNonce(msgNonce, MESSAGE_VERSION);
    }

    function baseGas(bytes calldata _message, uint32 _minGasLimit) public pure returns (uint64) {
        return RELAY_CONSTANT_OVERHEAD + (uint64(_message.length) * MIN_GAS_CALLDATA_OVERHEAD)
            + ((_minGasLimit * MIN_GAS_DYNAMIC_OVERHEAD_NUMERATOR) / MIN_GAS_DYNAMIC_OVERHEAD_DENOMINATOR) + RELAY_CALL_OVERHEAD
            + RELAY_RESERVED_GAS + RELAY_GAS_CHECK_BUFFER;
    }

    function sendMessage(address _target, bytes calldata _message, uint32 _minGasLimit) external payable {
        IOpPortalDeposit(portal).depositTransaction{value: msg.value}(
            OpPredeploys.L2_CROSS_DOMAIN_MESSENGER,
            msg.value,
            baseGas(_message, _minGasLimit),
            false,
            OpHashing.encodeCrossDomainMessageV1(messageNonce(), msg.sender, _target, msg.value, _minGasLimit, _message)
        );
        emit SentMessage(_target, msg.sender, _message, messageNonce(), _minGasLimit);
        emit SentMessageExtension1(msg.sender, msg.value);
        unchecked {
            ++msgNonce;
        }
    }

    function relayMessage(
        uint256 _nonce,
        address _sender,
        address _target,
        uint256 _value,
        uint256 _minGasLimit,
        bytes calldata _message
    ) external payable {
        require(_nonce >> 240 == 1, "CrossDomainMessenger: only version 1 messages are supported");
        bytes32 versionedHash = keccak256(OpHashing.encodeCrossDomainMessageV1(_nonce, _sender, _target, _value, _minGasLimit, _message));
        bool fromOther = msg.sender == portal && IOpPortalDeposit(portal).l2Sender() == OpPredeploys.L2_CROSS_DOMAIN_MESSENGER;
        if (fromOther) {
            require(msg.value == _value, "CrossDomainMessenger: value mismatch");
            require(!failedMessages[versionedHash], "CrossDomainMessenger: message cannot be replayed");
        } else {
            require(msg.value == 0, "CrossDomainMessenger: value must be zero unless message is from a system address");
            require(failedMessages[versionedHash], "CrossDomainMessenger: message cannot be replayed");
        }
        require(_target != address(this) && _target != portal, "CrossDomainMessenger: cannot send message to blocked system address");
        require(!successfulMessages[versionedHash], "CrossDomainMessenger: message has already been relayed");
        xDomainMsgSender = _sender;
        (bool success,) = _target.call{gas: gasleft() - RELAY_RESERVED_GAS, value: _value}(_message);
        xDomainMsgSender = address(0);
        if (success) {
            successfulMessages[versionedHash] = true;
            emit RelayedMessage(versionedHash);
        } else {
            failedMessages[versionedHash] = true;
            emit FailedRelayedMessage(versionedHash);
        }
    }

    function xDomainMessageSender() external view returns (address) {
        require(xDomainMsgSender != address(0), "CrossDomainMessenger: xDomainMessageSender is not set");
        return xDomainMsgSender;
    }
}
