/**
 * Events that change who controls a rollup's L1 contracts, by the contract family that emits them.
 * Signatures from the published sources named per group (checked against shared/reference/events.md
 * where it lists them, else against viem's toEventSelector of the canonical signature: see
 * reference.test.ts). Same-signature events of different families (OZ Pausable `Paused(address)`
 * and SuperchainConfig v2 `Paused(address identifier)`) share one decoder.
 */
import { parseAbiItem } from 'viem';

/** EIP-1967 (OpenZeppelin IERC1967 / ERC1967Upgrade; OP Proxy.sol; StarkWare Proxy `Upgraded`). */
export const upgraded = parseAbiItem('event Upgraded(address indexed implementation)');
export const adminChanged = parseAbiItem('event AdminChanged(address previousAdmin, address newAdmin)');
export const beaconUpgraded = parseAbiItem('event BeaconUpgraded(address indexed beacon)');
/** Arbitrum DoubleLogicERC1967Upgrade (RollupProxy / AdminFallbackProxy): the user-logic slot. */
export const upgradedSecondary = parseAbiItem('event UpgradedSecondary(address indexed implementation)');

/** OpenZeppelin Ownable / Ownable2Step. */
export const ownershipTransferred = parseAbiItem('event OwnershipTransferred(address indexed previousOwner, address indexed newOwner)');
export const ownershipTransferStarted = parseAbiItem('event OwnershipTransferStarted(address indexed previousOwner, address indexed newOwner)');

/** OpenZeppelin Pausable (Arbitrum Inbox/Rollup, Scroll); also SuperchainConfig v2 `Paused(address identifier)`. */
export const pausedAccount = parseAbiItem('event Paused(address account)');
export const unpausedAccount = parseAbiItem('event Unpaused(address account)');

/** OP SuperchainConfig v1 (semver 1.x): one global pause, guardian set by ConfigUpdate(GUARDIAN). */
export const pausedIdentifier = parseAbiItem('event Paused(string identifier)');
export const unpausedAll = parseAbiItem('event Unpaused()');
export const superchainConfigUpdate = parseAbiItem('event ConfigUpdate(uint8 indexed updateType, bytes data)');
/** OP SuperchainConfig v2 (semver 2.x): pauses per identifier, extendable. */
export const pauseExtended = parseAbiItem('event PauseExtended(address identifier)');

/** OpenZeppelin TimelockController (Arbitrum L1ArbitrumTimelock and other OZ timelocks). */
export const callScheduled = parseAbiItem(
  'event CallScheduled(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data, bytes32 predecessor, uint256 delay)',
);
export const callExecuted = parseAbiItem('event CallExecuted(bytes32 indexed id, uint256 indexed index, address target, uint256 value, bytes data)');
export const cancelled = parseAbiItem('event Cancelled(bytes32 indexed id)');
export const minDelayChange = parseAbiItem('event MinDelayChange(uint256 oldDuration, uint256 newDuration)');

/** Arbitrum UpgradeExecutor (and OZ AccessControl roles of it: EXECUTOR_ROLE = who can upgrade). */
export const upgradeExecuted = parseAbiItem('event UpgradeExecuted(address indexed upgrade, uint256 value, bytes data)');
export const targetCallExecuted = parseAbiItem('event TargetCallExecuted(address indexed target, uint256 value, bytes data)');
export const roleGranted = parseAbiItem('event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)');
export const roleRevoked = parseAbiItem('event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)');

/** Arbitrum Rollup admin: OwnerFunctionCalled (events.md; legacy ids), BoLD IRollupAdmin v3.1 named events. */
export const ownerFunctionCalled = parseAbiItem('event OwnerFunctionCalled(uint256 indexed id)');
export const validatorWhitelistDisabledSet = parseAbiItem('event ValidatorWhitelistDisabledSet(bool _validatorWhitelistDisabled)');
export const validatorsSet = parseAbiItem('event ValidatorsSet(address[] validators, bool[] enabled)');

/** zkSync Era diamond (Admin facet, Diamond library, Executor validators). */
export const freeze = parseAbiItem('event Freeze()');
export const unfreeze = parseAbiItem('event Unfreeze()');
export const newAdmin = parseAbiItem('event NewAdmin(address indexed oldAdmin, address indexed newAdmin)');
export const newPendingAdmin = parseAbiItem('event NewPendingAdmin(address indexed oldPendingAdmin, address indexed newPendingAdmin)');
export const diamondCut = parseAbiItem(
  'event DiamondCut((address facet, uint8 action, bool isFreezable, bytes4[] selectors)[] facetCuts, address initAddress, bytes initCalldata)',
);
export const validatorStatusUpdate = parseAbiItem('event ValidatorStatusUpdate(address indexed validatorAddress, bool isActive)');

/** Scroll ScrollChain operator sets (events.md). */
export const updateSequencer = parseAbiItem('event UpdateSequencer(address indexed account, bool status)');
export const updateProver = parseAbiItem('event UpdateProver(address indexed account, bool status)');

/** Linea PauseManager: current (PauseType enum = uint8) and V5 (uint256) versions. */
export const lineaPaused = parseAbiItem('event Paused(address messageSender, uint8 indexed pauseType)');
export const lineaUnPaused = parseAbiItem('event UnPaused(address messageSender, uint8 indexed pauseType)');
export const lineaPausedV5 = parseAbiItem('event Paused(address messageSender, uint256 indexed pauseType)');
export const lineaUnPausedV5 = parseAbiItem('event UnPaused(address messageSender, uint256 indexed pauseType)');
export const lineaUnPausedDueToExpiry = parseAbiItem('event UnPausedDueToExpiry(uint8 pauseType)');

/** StarkWare Proxy (Starknet core): an implementation is announced, then activated after the upgrade delay. */
export const implementationAdded = parseAbiItem('event ImplementationAdded(address indexed implementation, bytes initializer, bool finalize)');
export const implementationRemoved = parseAbiItem('event ImplementationRemoved(address indexed implementation, bytes initializer, bool finalize)');
export const implementationRemovedLegacy = parseAbiItem('event ImplementationRemoved(address indexed implementation)');
export const finalizedImplementation = parseAbiItem('event FinalizedImplementation(address indexed implementation)');

export const governanceEvents = [
  upgraded, adminChanged, beaconUpgraded, upgradedSecondary,
  ownershipTransferred, ownershipTransferStarted,
  pausedAccount, unpausedAccount, pausedIdentifier, unpausedAll, superchainConfigUpdate, pauseExtended,
  callScheduled, callExecuted, cancelled, minDelayChange,
  upgradeExecuted, targetCallExecuted, roleGranted, roleRevoked,
  ownerFunctionCalled, validatorWhitelistDisabledSet, validatorsSet,
  freeze, unfreeze, newAdmin, newPendingAdmin, diamondCut, validatorStatusUpdate,
  updateSequencer, updateProver,
  lineaPaused, lineaUnPaused, lineaPausedV5, lineaUnPausedV5, lineaUnPausedDueToExpiry,
  implementationAdded, implementationRemoved, implementationRemovedLegacy, finalizedImplementation,
] as const;

/** Views read while decoding (at the log's block). */
export const governanceViews = [
  parseAbiItem('function validatorWhitelistDisabled() view returns (bool)'),
  parseAbiItem('function getUpgradeActivationDelay() view returns (uint256)'),
] as const;
