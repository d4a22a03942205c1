// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

interface IOpMessagePasser {
    function initiateWithdrawal(address _target, uint256 _gasLimit, bytes memory _data) external payable;
}

/// L2CrossDomainMessenger (L2 predeploy 0x4200…0007), sending side only: sendMessage turns a message
/// into a withdrawal of a relayMessage call to the L1 messenger. Installed on the devnet L2 with
/// anvil_setCode (its runtime code carries the L1 messenger address as an immutable).
contract L2CrossDomainMessenger {
    uint16 public constant MESSAGE_VERSION = 1;
    address public immutable OTHER_MESSENGER;
    uint240 internal msgNonce;

    event SentMessage(address indexed target, address sender, bytes message, uint256 messageNonce, uint256 gasLimit);
    event SentMessageExtension1(address indexed sender, uint256 value);

    constructor(address _l1CrossDomainMessenger) {
        OTHER_MESSENGER = _l1CrossDomainMessenger;
    }

    function messageNonce() public view returns (uint256) {
        return OpHashing.encodeVersionedNonce(msgNonce, MESSAGE_VERSION);
    }

    function baseGas(bytes calldata _message, uint32 _minGasLimit) public pure returns (uint64) {
        return 200_000 + (uint64(_message.length) * 16) + ((_minGasLimit * 64) / 63) + 40_000 + 40_000 + 5_000;
    }

    function sendMessage(address _target, bytes calldata _message, uint32 _minGasLimit) external payable {
        IOpMessagePasser(OpPredeploys.L2_TO_L1_MESSAGE_PASSER).initiateWithdrawal{value: msg.value}(
            OTHER_MESSENGER,
            baseGas(_message, _minGasLimit),
            OpHashing.encodeCrossDomainMessageV1(messageNonce(), msg.sender, _target, msg.value, _minGasLimit, _message)
        );
        emit SentMessage(_target, msg.sender, _message, messageNonce(), _minGasLimit);
        emit SentMessageExtension1(msg.sender, msg.value);
        unchecked {
            ++msgNonce;
        }
    }
}
