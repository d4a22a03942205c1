// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

interface IGovProxy {
    function upgradeTo(address implementation_) external;
    function changeAdmin(address admin_) external;
    function upgradeBeacon(address beacon_) external;
}

/// @notice ProxyAdmin emulator (OpenZeppelin / OP ProxyAdmin shape): Ownable, upgrades its proxies.
contract GovProxyAdmin {
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    address public owner;

    constructor(address owner_) {
        owner = owner_;
        emit OwnershipTransferred(address(0), owner_);
    }

    modifier onlyOwner() {
        require(msg.sender == owner, "GovProxyAdmin: not owner");
        _;
    }

    function transferOwnership(address newOwner) external onlyOwner {
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    function upgrade(address proxy, address implementation_) external onlyOwner {
        IGovProxy(proxy).upgradeTo(implementation_);
    }

    function changeProxyAdmin(address proxy, address newAdmin) external onlyOwner {
        IGovProxy(proxy).changeAdmin(newAdmin);
    }

    function upgradeBeacon(address proxy, address beacon) external onlyOwner {
        IGovProxy(proxy).upgradeBeacon(beacon);
    }
}
