// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Shared types and pure helpers of the OP Stack emulators. Struct layouts and hashing follow
// contracts-bedrock (Types.sol, Hashing.sol, Encoding.sol, AddressAliasHelper.sol) so that ABI
// signatures — hence function selectors — and computed hashes match mainnet.

/// Types.WithdrawalTransaction
struct WithdrawalTransaction {
    uint256 nonce;
    address sender;
    address target;
    uint256 value;
    uint256 gasLimit;
    bytes data;
}

/// Types.OutputRootProof
struct OutputRootProof {
    bytes32 version;
    bytes32 stateRoot;
    bytes32 messagePasserStorageRoot;
    bytes32 latestBlockhash;
}

/// Types.OutputProposal (L2OutputOracle)
struct OutputProposal {
    bytes32 outputRoot;
    uint128 timestamp;
    uint128 l2BlockNumber;
}

/// dispute/lib/Types.sol GameStatus
enum GameStatus {
    IN_PROGRESS,
    CHALLENGER_WINS,
    DEFENDER_WINS
}

/// The calls the portal makes on a dispute game.
interface IOpDisputeGame {
    function status() external view returns (GameStatus);
    function rootClaim() external view returns (bytes32);
    function createdAt() external view returns (uint64);
    function resolvedAt() external view returns (uint64);
    function gameType() external view returns (uint32);
    function l2BlockNumber() external view returns (uint256);
}

interface IOpDisputeGameFactory {
    function gameAtIndex(uint256 _index) external view returns (uint32 gameType_, uint64 timestamp_, address proxy_);
}

interface IOpL2OutputOracle {
    function getL2Output(uint256 _l2OutputIndex) external view returns (OutputProposal memory);
    function FINALIZATION_PERIOD_SECONDS() external view returns (uint256);
}

interface IOpPortalDeposit {
    function depositTransaction(address _to, uint256 _value, uint64 _gasLimit, bool _isCreation, bytes memory _data) external payable;
    function l2Sender() external view returns (address);
}

library OpHashing {
    /// Hashing.hashWithdrawal
    function hashWithdrawal(WithdrawalTransaction memory _tx) internal pure returns (bytes32) {
        return keccak256(abi.encode(_tx.nonce, _tx.sender, _tx.target, _tx.value, _tx.gasLimit, _tx.data));
    }

    /// Hashing.hashOutputRootProof
    function hashOutputRootProof(OutputRootProof memory _proof) internal pure returns (bytes32) {
        return keccak256(abi.encode(_proof.version, _proof.stateRoot, _proof.messagePasserStorageRoot, _proof.latestBlockhash));
    }

    /// Encoding.encodeVersionedNonce: version in the top two bytes.
    function encodeVersionedNonce(uint240 _nonce, uint16 _version) internal pure returns (uint256) {
        return (uint256(_version) << 240) | uint256(_nonce);
    }

    /// Encoding.encodeCrossDomainMessageV1 (= the calldata of relayMessage)
    function encodeCrossDomainMessageV1(
        uint256 _nonce,
        address _sender,
        address _target,
        uint256 _value,
        uint256 _gasLimit,
        bytes memory _data
    ) internal pure returns (bytes memory) {
        return abi.encodeWithSignature(
            "relayMessage(uint256,address,address,uint256,uint256,bytes)", _nonce, _sender, _target, _value, _gasLimit, _data
        );
    }

    /// AddressAliasHelper.applyL1ToL2Alias
    function applyL1ToL2Alias(address _l1Address) internal pure returns (address) {
        unchecked {
            return address(uint160(_l1Address) + uint160(0x1111000000000000000000000000000000001111));
        }
    }
}

/// L2 predeploy addresses used by L1 contracts.
library OpPredeploys {
    address internal constant L2_CROSS_DOMAIN_MESSENGER = 0x4200000000000000000000000000000000000007;
    address internal constant L2_STANDARD_BRIDGE = 0x4200000000000000000000000000000000000010;
    address internal constant L2_TO_L1_MESSAGE_PASSER = 0x4200000000000000000000000000000000000016;
}
