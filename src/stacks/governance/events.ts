/** Compiled decoders of every governance event (built once at module load), by name and topic0. */
import { compileEventDecoder } from '../../chain/decode/index.ts';
import type { Hex } from '../../rollups/types.ts';
import * as abi from './abi.ts';

const c = compileEventDecoder;

export const decoders = {
  Upgraded: c(abi.upgraded),
  AdminChanged: c(abi.adminChanged),
  BeaconUpgraded: c(abi.beaconUpgraded),
  UpgradedSecondary: c(abi.upgradedSecondary),
  OwnershipTransferred: c(abi.ownershipTransferred),
  OwnershipTransferStarted: c(abi.ownershipTransferStarted),
  PausedAccount: c(abi.pausedAccount),
  UnpausedAccount: c(abi.unpausedAccount),
  PausedIdentifier: c(abi.pausedIdentifier),
  UnpausedAll: c(abi.unpausedAll),
  SuperchainConfigUpdate: c(abi.superchainConfigUpdate),
  PauseExtended: c(abi.pauseExtended),
  CallScheduled: c(abi.callScheduled),
  CallExecuted: c(abi.callExecuted),
  Cancelled: c(abi.cancelled),
  MinDelayChange: c(abi.minDelayChange),
  UpgradeExecuted: c(abi.upgradeExecuted),
  TargetCallExecuted: c(abi.targetCallExecuted),
  RoleGranted: c(abi.roleGranted),
  RoleRevoked: c(abi.roleRevoked),
  OwnerFunctionCalled: c(abi.ownerFunctionCalled),
  ValidatorWhitelistDisabledSet: c(abi.validatorWhitelistDisabledSet),
  ValidatorsSet: c(abi.validatorsSet),
  Freeze: c(abi.freeze),
  Unfreeze: c(abi.unfreeze),
  NewAdmin: c(abi.newAdmin),
  NewPendingAdmin: c(abi.newPendingAdmin),
  DiamondCut: c(abi.diamondCut),
  ValidatorStatusUpdate: c(abi.validatorStatusUpdate),
  UpdateSequencer: c(abi.updateSequencer),
  UpdateProver: c(abi.updateProver),
  LineaPaused: c(abi.lineaPaused),
  LineaUnPaused: c(abi.lineaUnPaused),
  LineaPausedV5: c(abi.lineaPausedV5),
  LineaUnPausedV5: c(abi.lineaUnPausedV5),
  LineaUnPausedDueToExpiry: c(abi.lineaUnPausedDueToExpiry),
  ImplementationAdded: c(abi.implementationAdded),
  ImplementationRemoved: c(abi.implementationRemoved),
  ImplementationRemovedLegacy: c(abi.implementationRemovedLegacy),
  FinalizedImplementation: c(abi.finalizedImplementation),
};

export type GovernanceEventName = keyof typeof decoders;

/** topic0 of each event, by name. */
export const topics = Object.fromEntries(Object.entries(decoders).map(([k, d]) => [k, d.topic0])) as { readonly [K in GovernanceEventName]: Hex };

/** Every distinct topic0 (the source's eth_getLogs filter). */
export const governanceTopics: Hex[] = [...new Set(Object.values(topics))];

/** Event name by topic0. Invariant: topic0s are distinct (checked at load). */
export const eventByTopic = new Map<string, GovernanceEventName>();
for (const [name, topic] of Object.entries(topics) as [GovernanceEventName, Hex][]) {
  if (eventByTopic.has(topic)) throw new Error(`governance events ${eventByTopic.get(topic)} and ${name} share topic0 ${topic}`);
  eventByTopic.set(topic, name);
}
