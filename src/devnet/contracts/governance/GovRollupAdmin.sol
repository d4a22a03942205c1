// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Arbitrum Rollup admin emulator (legacy RollupAdminLogic): owner functions announce
/// themselves with OwnerFunctionCalled(id) (events.md) — 30 = setValidatorWhitelistDisabled,
/// 6 = setValidator, 3/4 = pause/resume (with OpenZeppelin Paused/Unpaused) — and the flag is
/// readable as validatorWhitelistDisabled().
contract GovRollupAdmin {
    event OwnerFunctionCalled(uint256 indexed id);
    event Paused(address account);
    event Unpaused(address account);

    address public owner;
    bool public validatorWhitelistDisabled;
    mapping(address => bool) public isValidator;

    constructor(address owner_) {
        owner = owner_;
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "GovRollupAdmin: not owner");
        _;
    }

    function setValidatorWhitelistDisabled(bool disabled) external onlyOwner {
        validatorWhitelistDisabled = disabled;
        emit OwnerFunctionCalled(30);
    }

    function setValidator(address[] calldata validators, bool[] calldata enabled) external onlyOwner {
        require(validators.length == enabled.length, "WRONG_LENGTH");
        for (uint256 i = 0; i < validators.length; i++) isValidator[validators[i]] = enabled[i];
        emit OwnerFunctionCalled(6);
    }

    function pause() external onlyOwner {
        emit Paused(msg.sender);
        emit OwnerFunctionCalled(3);
    }

    function resume() external onlyOwner {
        emit Unpaused(msg.sender);
        emit OwnerFunctionCalled(4);
    }
}
