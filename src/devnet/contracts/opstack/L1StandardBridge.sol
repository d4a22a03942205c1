// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import "./OpTypes.sol";

interface IOpMessenger {
    function sendMessage(address _target, bytes calldata _message, uint32 _minGasLimit) external payable;
    function xDomainMessageSender() external view returns (address);
}

interface IOpERC20 {
    function transferFrom(address from, address to, uint256 amount) external returns (bool);
    function transfer(address to, uint256 amount) external returns (bool);
}

/// L1StandardBridge: ETH and ERC20 deposits (legacy Deposit* events followed by the Bridge* events,
/// then a message to the L2 bridge through the messenger) and withdrawal finalization (called by the
/// messenger when relaying a message from the L2 bridge). Event order is mainnet's.
contract L1StandardBridge {
    address public immutable messenger;
    mapping(address => mapping(address => uint256)) public deposits;

    event ETHDepositInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ETHWithdrawalFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ERC20DepositInitiated(address indexed l1Token, address indexed l2Token, address indexed from, address to, uint256 amount, bytes extraData);
    event ERC20WithdrawalFinalized(address indexed l1Token, address indexed l2Token, address indexed from, address to, uint256 amount, bytes extraData);
    event ETHBridgeInitiated(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ETHBridgeFinalized(address indexed from, address indexed to, uint256 amount, bytes extraData);
    event ERC20BridgeInitiated(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData);
    event ERC20BridgeFinalized(address indexed localToken, address indexed remoteToken, address indexed from, address to, uint256 amount, bytes extraData);

    modifier onlyEOA() {
        require(msg.sender == tx.origin, "StandardBridge: function can only be called from an EOA");
        _;
    }

    modifier onlyOtherBridge() {
        require(
            msg.sender == messenger && IOpMessenger(messenger).xDomainMessageSender() == OpPredeploys.L2_STANDARD_BRIDGE,
            "StandardBridge: function can only be called from the other bridge"
        );
        _;
    }

    constructor(address _messenger) {
        messenger = _messenger;
    }

    receive() external payable onlyEOA {
        _initiateBridgeETH(msg.sender, msg.sender, msg.value, 200_000, bytes(""));
    }

    function version() external pure returns (string memory) {
        return "2.2.0";
    }

    function OTHER_BRIDGE() external pure returns (address) {
        return OpPredeploys.L2_STANDARD_BRIDGE;
    }

    function otherBridge() external pure returns (address) {
        return OpPredeploys.L2_STANDARD_BRIDGE;
    }

    function l2TokenBridge() external pure returns (address) {
        return OpPredeploys.L2_STANDARD_BRIDGE;
    }

    function depositETH(uint32 _minGasLimit, bytes calldata _extraData) external payable onlyEOA {
        _initiateBridgeETH(msg.sender, msg.sender, msg.value, _minGasLimit, _extraData);
    }

    function depositETHTo(address _to, uint32 _minGasLimit, bytes calldata _extraData) external payable {
        _initiateBridgeETH(msg.sender, _to, msg.value, _minGasLimit, _extraData);
    }

    function bridgeETH(uint32 _minGasLimit, bytes calldata _extraData) external payable onlyEOA {
        _initiateBridgeETH(msg.sender, msg.sender, msg.value, _minGasLimit, _extraData);
    }

    function bridgeETHTo(address _to, uint32 _minGasLimit, bytes calldata _extraData) external payable {
        _initiateBridgeETH(msg.sender, _to, msg.value, _minGasLimit, _extraData);
    }

    function depositERC20(address _l1Token, address _l2Token, uint256 _amount, uint32 _minGasLimit, bytes calldata _extraData)
        external
        onlyEOA
    {
        _initiateBridgeERC20(_l1Token, _l2Token, msg.sender, msg.sender, _amount, _minGasLimit, _extraData);
    }

    function depositERC20To(
        address _l1Token,
        address _l2Token,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    ) external {
        _initiateBridgeERC20(_l1Token, _l2Token, msg.sender, _to, _amount, _minGasLimit, _extraData);
    }

    function bridgeERC20(address _localToken, address _remoteToken, uint256 _amount, uint32 _minGasLimit, bytes calldata _extraData)
        external
        onlyEOA
    {
        _initiateBridgeERC20(_localToken, _remoteToken, msg.sender, msg.sender, _amount, _minGasLimit, _extraData);
    }

    function bridgeERC20To(
        address _localToken,
        address _remoteToken,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes calldata _extraData
    ) external {
        _initiateBridgeERC20(_localToken, _remoteToken, msg.sender, _to, _amount, _minGasLimit, _extraData);
    }

    function finalizeETHWithdrawal(address _from, address _to, uint256 _amount, bytes calldata _extraData) external payable {
        finalizeBridgeETH(_from, _to, _amount, _extraData);
    }

    function finalizeBridgeETH(address _from, address _to, uint256 _amount, bytes calldata _extraData) public payable onlyOtherBridge {
        require(msg.value == _amount, "StandardBridge: amount sent does not match amount required");
        require(_to != address(this) && _to != messenger, "StandardBridge: cannot send to self or messenger");
        emit ETHWithdrawalFinalized(_from, _to, _amount, _extraData);
        emit ETHBridgeFinalized(_from, _to, _amount, _extraData);
        (bool success,) = _to.call{value: _amount}("");
        require(success, "StandardBridge: ETH transfer failed");
    }

    function finalizeERC20Withdrawal(
        address _l1Token,
        address _l2Token,
        address _from,
        address _to,
        uint256 _amount,
        bytes calldata _extraData
    ) external {
        finalizeBridgeERC20(_l1Token, _l2Token, _from, _to, _amount, _extraData);
    }

    function finalizeBridgeERC20(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        bytes calldata _extraData
    ) public onlyOtherBridge {
        deposits[_localToken][_remoteToken] -= _amount;
        require(IOpERC20(_localToken).transfer(_to, _amount), "StandardBridge: token transfer failed");
        emit ERC20WithdrawalFinalized(_localToken, _remoteToken, _from, _to, _amount, _extraData);
        emit ERC20BridgeFinalized(_localToken, _remoteToken, _from, _to, _amount, _extraData);
    }

    function _initiateBridgeETH(address _from, address _to, uint256 _amount, uint32 _minGasLimit, bytes memory _extraData) internal {
        emit ETHDepositInitiated(_from, _to, _amount, _extraData);
        emit ETHBridgeInitiated(_from, _to, _amount, _extraData);
        IOpMessenger(messenger).sendMessage{value: _amount}(
            OpPredeploys.L2_STANDARD_BRIDGE,
            abi.encodeWithSignature("finalizeBridgeETH(address,address,uint256,bytes)", _from, _to, _amount, _extraData),
            _minGasLimit
        );
    }

    function _initiateBridgeERC20(
        address _localToken,
        address _remoteToken,
        address _from,
        address _to,
        uint256 _amount,
        uint32 _minGasLimit,
        bytes memory _extraData
    ) internal {
        require(IOpERC20(_localToken).transferFrom(_from, address(this), _amount), "StandardBridge: token transfer failed");
        deposits[_localToken][_remoteToken] += _amount;
        emit ERC20DepositInitiated(_localToken, _remoteToken, _from, _to, _amount, _extraData);
        emit ERC20BridgeInitiated(_localToken, _remoteToken, _from, _to, _amount, _extraData);
        IOpMessenger(messenger).sendMessage(
            OpPredeploys.L2_STANDARD_BRIDGE,
            abi.encodeWithSignature(
                "finalizeBridgeERC20(address,address,address,address,uint256,bytes)", _remoteToken, _localToken, _from, _to, _amount, _extraData
            ),
            _minGasLimit
        );
    }
}
