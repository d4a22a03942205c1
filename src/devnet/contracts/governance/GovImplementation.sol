// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Logic behind a GovProxy: Ownable + Pausable (OpenZeppelin events) in the proxy's
/// storage, like an Arbitrum Inbox behind its proxy. `version` tells deployments apart.
contract GovImplementation {
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    event Paused(address account);
    event Unpaused(address account);

    uint256 public immutable version;
    address public owner;
    bool public paused;
    bool private initialized;

    constructor(uint256 version_) {
        version = version_;
    }

    function initialize(address owner_) external {
        require(!initialized, "GovImplementation: initialized");
        initialized = true;
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "GovImplementation: not owner");
        _;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function pause() external onlyOwner {
        require(!paused, "GovImplementation: paused");
        paused = true;
        emit Paused(msg.sender);
    }

    function unpause() external onlyOwner {
        require(paused, "GovImplementation: not paused");
        paused = false;
        emit Unpaused(msg.sender);
    }
}

/// @notice An UpgradeableBeacon stand-in (a contract a proxy's beacon slot can point at).
contract GovBeacon {
    address public implementation;

    constructor(address implementation_) {
        implementation = implementation_;
    }
}
