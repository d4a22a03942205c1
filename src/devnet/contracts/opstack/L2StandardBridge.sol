// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

interface IOpL2Messenger {
    function sendMessage(address _target, bytes calldata _message, uint32 _minGasLimit) external payable;
}

/// L2StandardBridge (L2 predeploy 0x4200…0010), ETH withdrawals only: withdraw() sends a
/// finalizeBridgeETH message to the L1 bridge through the L2 messenger. Installed with
/// anvil_setCode; its runtime code carries the L1 bridge address as an immutable.
contract L2StandardBridge {
    address internal constant LEGACY_ERC20_ETH = 0xDeadDeAddeAddEAddeadDEaDDEAdDeaDDeAD0000;
    address public immutable OTHER_BRIDGE;

    event WithdrawalInitiated(address indexed l1Token, address indexed l2Token, address indexed from, address to, uint256 amount, bytes extraData);
    event ETHBridgeInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData);

    constructor(address _l1StandardBridge) {
        OTHER_BRIDGE = _l1StandardBridge;
    }

    function withdraw(address _l2Token, uint256 _amount, uint32 _minGasLimit, bytes calldata _extraData) external payable {
        _withdrawETH(_l2Token, msg.sender, _amount, _minGasLimit, _extraData);
    }

    function withdrawTo(address _l2Token, address _to, uint256 _amount, uint32 _minGasLimit, bytes calldata _extraData) external payable {
        _withdrawETH(_l2Token, _to, _amount, _minGasLimit, _extraData);
    }

    function _withdrawETH(address _l2Token, address _to, uint256 _amount, uint32 _minGasLimit, bytes calldata _extraData) internal {
        require(_l2Token == LEGACY_ERC20_ETH, "L2StandardBridge: only ETH withdrawals are emulated");
        require(msg.value == _amount, "StandardBridge: bridging ETH must include sufficient ETH value");
        emit WithdrawalInitiated(address(0), LEGACY_ERC20_ETH, msg.sender, _to, _amount, _extraData);
        emit ETHBridgeInitiated(msg.sender, _to, _amount, _extraData);
        IOpL2Messenger(OpPredeploys.L2_CROSS_DOMAIN_MESSENGER).sendMessage{value: _amount}(
            OTHER_BRIDGE,
            abi.encodeWithSignature("finalizeBridgeETH(address,address,uint256,bytes)", msg.sender, _to, _amount, _extraData),
            _minGasLimit
        );
    }
}
