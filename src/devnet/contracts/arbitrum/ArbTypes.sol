// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Shared types and hashing of the Arbitrum Nitro emulators. Struct layouts follow nitro-contracts
// (3.2.0 for BoLD, 2.1.3 for the legacy rollup) so that event and function signatures — hence
// topic0s and selectors — are the mainnet ones. Hashing follows nitro-contracts Messages.sol.

/// IBridge.TimeBounds
struct TimeBounds {
    uint64 minTimestamp;
    uint64 maxTimestamp;
    uint64 minBlockNumber;
    uint64 maxBlockNumber;
}

/// ISequencerInbox.MaxTimeVariation
struct MaxTimeVariation {
    uint256 delayBlocks;
    uint256 futureBlocks;
    uint256 delaySeconds;
    uint256 futureSeconds;
}

/// IBridge.BatchDataLocation
enum BatchDataLocation {
    TxInput,
    SeparateBatchEvent,
    NoData,
    Blob
}

/// state/GlobalState.sol
struct GlobalState {
    bytes32[2] bytes32Vals; // [blockHash, sendRoot]
    uint64[2] u64Vals; // [inbox position (batch), position in batch]
}

/// legacy rollup: ExecutionState / Assertion
struct ExecutionState {
    GlobalState globalState;
    uint8 machineStatus; // 0 RUNNING, 1 FINISHED, 2 ERRORED, 3 TOO_FAR
}

struct Assertion {
    ExecutionState beforeState;
    ExecutionState afterState;
    uint64 numBlocks;
}

/// BoLD rollup: ConfigData / BeforeStateData / AssertionState / AssertionInputs
struct ConfigData {
    bytes32 wasmModuleRoot;
    uint256 requiredStake;
    address challengeManager;
    uint64 confirmPeriodBlocks;
    uint64 nextInboxPosition;
}

struct BeforeStateData {
    bytes32 prevPrevAssertionHash;
    bytes32 sequencerBatchAcc;
    ConfigData configData;
}

struct AssertionState {
    GlobalState globalState;
    uint8 machineStatus;
    bytes32 endHistoryRoot;
}

struct AssertionInputs {
    BeforeStateData beforeStateData;
    AssertionState beforeState;
    AssertionState afterState;
}

/// BoLD RollupCore.getAssertion return value
struct AssertionNode {
    uint64 firstChildBlock;
    uint64 secondChildBlock;
    uint64 createdAtBlock;
    bool isFirstChild;
    uint8 status; // 0 NoAssertion, 1 Pending, 2 Confirmed
    bytes32 configHash;
}

/// libraries/MessageTypes.sol
library MessageTypes {
    uint8 internal constant L2_MSG = 3;
    uint8 internal constant L1MessageType_L2FundedByL1 = 7;
    uint8 internal constant L1MessageType_submitRetryableTx = 9;
    uint8 internal constant L1MessageType_ethDeposit = 12;
    uint8 internal constant L1MessageType_batchPostingReport = 13;
}

/// bridge/Messages.sol
library Messages {
    function messageHash(
        uint8 kind,
        address sender,
        uint64 blockNumber,
        uint64 timestamp,
        uint256 inboxSeqNum,
        uint256 baseFeeL1,
        bytes32 messageDataHash
    ) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(kind, sender, blockNumber, timestamp, inboxSeqNum, baseFeeL1, messageDataHash));
    }

    function accumulateInboxMessage(bytes32 prevAcc, bytes32 message) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(prevAcc, message));
    }
}

/// libraries/AddressAliasHelper.sol
library AddressAliasHelper {
    uint160 internal constant OFFSET = uint160(0x1111000000000000000000000000000000001111);

    function applyL1ToL2Alias(address l1Address) internal pure returns (address l2Address) {
        unchecked {
            l2Address = address(uint160(l1Address) + OFFSET);
        }
    }
}

interface IOwnedRollup {
    function owner() external view returns (address);
}
