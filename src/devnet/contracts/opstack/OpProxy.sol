// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// contracts-bedrock universal/Proxy.sol, reduced: an EIP-1967 proxy whose admin calls the proxy's
/// own functions and everybody else is delegated to the implementation. Used for the portal, whose
/// address stays the same when it is upgraded from OptimismPortal (legacy) to OptimismPortal2.
contract OpProxy {
    bytes32 internal constant IMPLEMENTATION_KEY = 0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc;
    bytes32 internal constant OWNER_KEY = 0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103;

    event Upgraded(address indexed implementation);
    event AdminChanged(address previousAdmin, address newAdmin);

    modifier proxyCallIfNotAdmin() {
        if (msg.sender == _getAdmin() || msg.sender == address(0)) {
            _;
        } else {
            _doProxyCall();
        }
    }

    constructor(address _admin) {
        _changeAdmin(_admin);
    }

    receive() external payable {
        _doProxyCall();
    }

    fallback() external payable {
        _doProxyCall();
    }

    function upgradeTo(address _implementation) public virtual proxyCallIfNotAdmin {
        _setImplementation(_implementation);
    }

    function upgradeToAndCall(address _implementation, bytes calldata _data)
        public
        payable
        virtual
        proxyCallIfNotAdmin
        returns (bytes memory)
    {
        _setImplementation(_implementation);
        (bool success, bytes memory returndata) = _implementation.delegatecall(_data);
        require(success, "Proxy: delegatecall to new implementation contract failed");
        return returndata;
    }

    function changeAdmin(address _admin) public virtual proxyCallIfNotAdmin {
        _changeAdmin(_admin);
    }

    function admin() public virtual proxyCallIfNotAdmin returns (address) {
        return _getAdmin();
    }

    function implementation() public virtual proxyCallIfNotAdmin returns (address) {
        return _getImplementation();
    }

    function _setImplementation(address _implementation) internal {
        bytes32 key = IMPLEMENTATION_KEY;
        assembly {
            sstore(key, _implementation)
        }
        emit Upgraded(_implementation);
    }

    function _changeAdmin(address _admin) internal {
        address previous = _getAdmin();
        bytes32 key = OWNER_KEY;
        assembly {
            sstore(key, _admin)
        }
        emit AdminChanged(previous, _admin);
    }

    function _doProxyCall() internal {
        address impl = _getImplementation();
        require(impl != address(0), "Proxy: implementation not initialized");
        assembly {
            calldatacopy(0x0, 0x0, calldatasize())
            let success := delegatecall(gas(), impl, 0x0, calldatasize(), 0x0, 0x0)
            returndatacopy(0x0, 0x0, returndatasize())
            if iszero(success) { revert(0x0, returndatasize()) }
            return(0x0, returndatasize())
        }
    }

    function _getImplementation() internal view returns (address impl_) {
        bytes32 key = IMPLEMENTATION_KEY;
        assembly {
            impl_ := sload(key)
        }
    }

    function _getAdmin() internal view returns (address owner_) {
        bytes32 key = OWNER_KEY;
        assembly {
            owner_ := sload(key)
        }
    }
}
