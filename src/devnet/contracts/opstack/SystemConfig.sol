// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// SystemConfig: L2 system parameters read by op-node from L1. Every change emits
/// ConfigUpdate(VERSION=0, updateType, data) with the mainnet encodings of `data`:
/// BATCHER abi.encode(bytes32 batcherHash = address left-padded), FEE_SCALARS abi.encode(overhead,
/// scalar) (Ecotone scalar = 0x01 << 248 | blobbasefeeScalar << 32 | basefeeScalar), GAS_LIMIT
/// abi.encode(uint64), UNSAFE_BLOCK_SIGNER abi.encode(address), EIP_1559_PARAMS abi.encode(uint256
/// denominator << 32 | elasticity). Construction emits BATCHER, FEE_SCALARS and GAS_LIMIT, as the
/// mainnet initializer does.
contract SystemConfig {
    enum UpdateType {
        BATCHER,
        FEE_SCALARS,
        GAS_LIMIT,
        UNSAFE_BLOCK_SIGNER,
        EIP_1559_PARAMS
    }

    uint256 public constant VERSION = 0;

    address public owner;
    bytes32 public batcherHash;
    uint256 public overhead;
    uint256 public scalar;
    uint32 public basefeeScalar;
    uint32 public blobbasefeeScalar;
    uint64 public gasLimit;
    uint32 public eip1559Denominator;
    uint32 public eip1559Elasticity;
    address public unsafeBlockSigner;
    address public batchInbox;
    uint256 public startBlock;
    address public optimismPortal;
    address public l1CrossDomainMessenger;
    address public l1StandardBridge;
    address public l2OutputOracle;
    address public disputeGameFactory;
    bool internal _addressesSet;

    event ConfigUpdate(uint256 indexed version, UpdateType indexed updateType, bytes data);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    modifier onlyOwner() {
        require(msg.sender == owner, "Ownable: caller is not the owner");
        _;
    }

    constructor(
        address _owner,
        uint32 _basefeeScalar,
        uint32 _blobbasefeeScalar,
        bytes32 _batcherHash,
        uint64 _gasLimit,
        address _unsafeBlockSigner,
        address _batchInbox
    ) {
        owner = _owner;
        emit OwnershipTransferred(address(0), _owner);
        _setBatcherHash(_batcherHash);
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
        _setGasLimit(_gasLimit);
        unsafeBlockSigner = _unsafeBlockSigner;
        batchInbox = _batchInbox;
        startBlock = block.number;
    }

    function version() external pure returns (string memory) {
        return "2.3.0";
    }

    /// Wires the other contracts once they are deployed (mainnet passes them to initialize()).
    function setAddresses(
        address _optimismPortal,
        address _l1CrossDomainMessenger,
        address _l1StandardBridge,
        address _l2OutputOracle,
        address _disputeGameFactory
    ) external onlyOwner {
        require(!_addressesSet, "SystemConfig: addresses already set");
        _addressesSet = true;
        optimismPortal = _optimismPortal;
        l1CrossDomainMessenger = _l1CrossDomainMessenger;
        l1StandardBridge = _l1StandardBridge;
        l2OutputOracle = _l2OutputOracle;
        disputeGameFactory = _disputeGameFactory;
    }

    /// The fault-proof upgrade registers the factory.
    function setDisputeGameFactory(address _disputeGameFactory) external onlyOwner {
        disputeGameFactory = _disputeGameFactory;
    }

    function setBatcherHash(bytes32 _batcherHash) external onlyOwner {
        _setBatcherHash(_batcherHash);
    }

    function setGasConfig(uint256 _overhead, uint256 _scalar) external onlyOwner {
        require((uint256(0xff) << 248) & _scalar == 0, "SystemConfig: scalar exceeds max.");
        overhead = _overhead;
        scalar = _scalar;
        emit ConfigUpdate(VERSION, UpdateType.FEE_SCALARS, abi.encode(_overhead, _scalar));
    }

    function setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) external onlyOwner {
        _setGasConfigEcotone(_basefeeScalar, _blobbasefeeScalar);
    }

    function setGasLimit(uint64 _gasLimit) external onlyOwner {
        _setGasLimit(_gasLimit);
    }

    function setUnsafeBlockSigner(address _unsafeBlockSigner) external onlyOwner {
        unsafeBlockSigner = _unsafeBlockSigner;
        emit ConfigUpdate(VERSION, UpdateType.UNSAFE_BLOCK_SIGNER, abi.encode(_unsafeBlockSigner));
    }

    function setEIP1559Params(uint32 _denominator, uint32 _elasticity) external onlyOwner {
        require(_denominator >= 1, "SystemConfig: denominator must be >= 1");
        require(_elasticity >= 1, "SystemConfig: elasticity must be >= 1");
        eip1559Denominator = _denominator;
        eip1559Elasticity = _elasticity;
        emit ConfigUpdate(VERSION, UpdateType.EIP_1559_PARAMS, abi.encode(uint256(_denominator) << 32 | uint64(_elasticity)));
    }

    function _setBatcherHash(bytes32 _batcherHash) internal {
        batcherHash = _batcherHash;
        emit ConfigUpdate(VERSION, UpdateType.BATCHER, abi.encode(_batcherHash));
    }

    function _setGasConfigEcotone(uint32 _basefeeScalar, uint32 _blobbasefeeScalar) internal {
        basefeeScalar = _basefeeScalar;
        blobbasefeeScalar = _blobbasefeeScalar;
        scalar = (uint256(0x01) << 248) | (uint256(_blobbasefeeScalar) << 32) | _basefeeScalar;
        overhead = 0;
        emit ConfigUpdate(VERSION, UpdateType.FEE_SCALARS, abi.encode(overhead, scalar));
    }

    function _setGasLimit(uint64 _gasLimit) internal {
        gasLimit = _gasLimit;
        emit ConfigUpdate(VERSION, UpdateType.GAS_LIMIT, abi.encode(_gasLimit));
    }
}
