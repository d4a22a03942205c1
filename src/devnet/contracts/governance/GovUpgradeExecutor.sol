// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Arbitrum UpgradeExecutor emulator: holders of EXECUTOR_ROLE (the L1 timelock and the
/// Security Council) run calls as the executor, which owns the ProxyAdmin. AccessControl events.
contract GovUpgradeExecutor {
    event UpgradeExecuted(address indexed upgrade, uint256 value, bytes data);
    event TargetCallExecuted(address indexed target, uint256 value, bytes data);
    event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender);
    event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender);

    bytes32 public constant ADMIN_ROLE = keccak256("ADMIN_ROLE");
    bytes32 public constant EXECUTOR_ROLE = keccak256("EXECUTOR_ROLE");

    mapping(bytes32 => mapping(address => bool)) public hasRole;

    constructor(address[] memory executors) {
        _grant(ADMIN_ROLE, address(this));
        for (uint256 i = 0; i < executors.length; i++) _grant(EXECUTOR_ROLE, executors[i]);
    }

    modifier onlyRole(bytes32 role) {
        require(hasRole[role][msg.sender], "GovUpgradeExecutor: missing role");
        _;
    }

    function grantRole(bytes32 role, address account) external onlyRole(ADMIN_ROLE) {
        _grant(role, account);
    }

    function revokeRole(bytes32 role, address account) external onlyRole(ADMIN_ROLE) {
        if (hasRole[role][account]) {
            hasRole[role][account] = false;
            emit RoleRevoked(role, account, msg.sender);
        }
    }

    /// @notice Delegatecalls an upgrade action contract (Arbitrum `execute`).
    function execute(address upgrade, bytes calldata upgradeCallData) external payable onlyRole(EXECUTOR_ROLE) {
        (bool ok, bytes memory ret) = upgrade.delegatecall(upgradeCallData);
        if (!ok) {
            assembly { revert(add(ret, 32), mload(ret)) }
        }
        emit UpgradeExecuted(upgrade, msg.value, upgradeCallData);
    }

    /// @notice Calls a target as the executor (Arbitrum `executeCall`).
    function executeCall(address target, bytes calldata targetCallData) external payable onlyRole(EXECUTOR_ROLE) {
        (bool ok, bytes memory ret) = target.call{value: msg.value}(targetCallData);
        if (!ok) {
            assembly { revert(add(ret, 32), mload(ret)) }
        }
        emit TargetCallExecuted(target, msg.value, targetCallData);
    }

    function _grant(bytes32 role, address account) internal {
        if (!hasRole[role][account]) {
            hasRole[role][account] = true;
            emit RoleGranted(role, account, msg.sender);
        }
    }
}
