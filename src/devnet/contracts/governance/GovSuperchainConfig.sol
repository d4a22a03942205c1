// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice OP SuperchainConfig v1 emulator (semver 1.1.0 events): the guardian pauses and unpauses
/// withdrawals of every chain that reads it; the guardian is announced by ConfigUpdate(GUARDIAN).
contract GovSuperchainConfig {
    enum UpdateType { GUARDIAN }

    event Paused(string identifier);
    event Unpaused();
    event ConfigUpdate(UpdateType indexed updateType, bytes data);

    address public guardian;
    bool public paused;

    constructor(address guardian_) {
        guardian = guardian_;
        emit ConfigUpdate(UpdateType.GUARDIAN, abi.encode(guardian_));
    }

    function pause(string memory identifier) external {
        require(msg.sender == guardian, "SuperchainConfig: only guardian can pause");
        paused = true;
        emit Paused(identifier);
    }

    function unpause() external {
        require(msg.sender == guardian, "SuperchainConfig: only guardian can unpause");
        paused = false;
        emit Unpaused();
    }
}
