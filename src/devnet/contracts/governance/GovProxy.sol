// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice EIP-1967 transparent proxy emulator: the real slots and the real events
/// (Upgraded(address), AdminChanged(address,address), BeaconUpgraded(address)). The admin can only
/// manage the proxy; everyone else is delegated to the implementation.
contract GovProxy {
    event Upgraded(address indexed implementation);
    event AdminChanged(address previousAdmin, address newAdmin);
    event BeaconUpgraded(address indexed beacon);

    /// @dev bytes32(uint256(keccak256('eip1967.proxy.implementation')) - 1)
    bytes32 internal constant IMPLEMENTATION_SLOT = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    /// @dev bytes32(uint256(keccak256('eip1967.proxy.admin')) - 1)
    bytes32 internal constant ADMIN_SLOT = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;
    /// @dev bytes32(uint256(keccak256('eip1967.proxy.beacon')) - 1)
    bytes32 internal constant BEACON_SLOT = 0xa3f0ad74e5423aebfd80d3ef4346578335a9a72aeaee59ff6cb3582b35133d50;

    constructor(address implementation_, address admin_) {
        _setImplementation(implementation_);
        _setAdmin(admin_);
    }

    modifier onlyAdmin() {
        require(msg.sender == _admin(), "GovProxy: not admin");
        _;
    }

    function upgradeTo(address implementation_) external onlyAdmin {
        _setImplementation(implementation_);
    }

    function changeAdmin(address admin_) external onlyAdmin {
        _setAdmin(admin_);
    }

    function upgradeBeacon(address beacon_) external onlyAdmin {
        require(beacon_.code.length > 0, "GovProxy: beacon has no code");
        assembly { sstore(BEACON_SLOT, beacon_) }
        emit BeaconUpgraded(beacon_);
    }

    function implementation() external view returns (address impl) {
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly { impl := sload(slot) }
    }

    function admin() external view returns (address) {
        return _admin();
    }

    function _admin() internal view returns (address a) {
        bytes32 slot = ADMIN_SLOT;
        assembly { a := sload(slot) }
    }

    function _setImplementation(address implementation_) internal {
        require(implementation_.code.length > 0, "GovProxy: implementation has no code");
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly { sstore(slot, implementation_) }
        emit Upgraded(implementation_);
    }

    function _setAdmin(address admin_) internal {
        address previous = _admin();
        bytes32 slot = ADMIN_SLOT;
        assembly { sstore(slot, admin_) }
        emit AdminChanged(previous, admin_);
    }

    fallback() external payable {
        require(msg.sender != _admin(), "GovProxy: admin cannot fallback");
        bytes32 slot = IMPLEMENTATION_SLOT;
        assembly {
            let impl := sload(slot)
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), impl, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            switch ok
            case 0 { revert(0, returndatasize()) }
            default { return(0, returndatasize()) }
        }
    }

    receive() external payable {}
}
