// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

/// L2ToL1MessagePasser (L2 predeploy 0x4200…0016): the start of every withdrawal. Installed on the
/// devnet L2 with anvil_setCode, so its storage (sentMessages) gives a real messagePasserStorageRoot.
contract L2ToL1MessagePasser {
    uint256 internal constant RECEIVE_DEFAULT_GAS_LIMIT = 100_000;
    uint16 public constant MESSAGE_VERSION = 1;
    uint240 internal msgNonce;
    mapping(bytes32 => bool) public sentMessages;

    event MessagePassed(
        uint256 indexed nonce, address indexed sender, address indexed target, uint256 value, uint256 gasLimit, bytes data, bytes32 withdrawalHash
    );
    event WithdrawerBalanceBurnt(uint256 indexed amount);

    receive() external payable {
        initiateWithdrawal(msg.sender, RECEIVE_DEFAULT_GAS_LIMIT, bytes(""));
    }

    function version() external pure returns (string memory) {
        return "1.1.0";
    }

    function messageNonce() public view returns (uint256) {
        return OpHashing.encodeVersionedNonce(msgNonce, MESSAGE_VERSION);
    }

    function initiateWithdrawal(address _target, uint256 _gasLimit, bytes memory _data) public payable {
        bytes32 withdrawalHash = OpHashing.hashWithdrawal(
            WithdrawalTransaction({nonce: messageNonce(), sender: msg.sender, target: _target, value: msg.value, gasLimit: _gasLimit, data: _data})
        );
        sentMessages[withdrawalHash] = true;
        emit MessagePassed(messageNonce(), msg.sender, _target, msg.value, _gasLimit, _data, withdrawalHash);
        unchecked {
            ++msgNonce;
        }
    }
}
