/**
 * Every governance topic0 is checked: against shared/reference/events.md where it lists the event
 * (OwnerFunctionCalled, Scroll UpdateSequencer/UpdateProver); the others (EIP-1967, Ownable,
 * Pausable, TimelockController, AccessControl, UpgradeExecutor, SuperchainConfig, zkSync admin,
 * Linea PauseManager, StarkWare proxy) are not in events.md, so their topic0 is checked against
 * viem's toEventSelector of the canonical signature written out here by hand, and the widely
 * published ones also against their well-known hashes.
 */
import { describe, expect, it } from 'vitest';
import { toEventSelector, toEventSignature } from 'viem';
import { readReference } from '../zk-common/testing.ts';
import * as abi from './abi.ts';
import { decoders, governanceTopics, topics } from './events.ts';

const ref = readReference();

/** Canonical signature of every decoder, written independently of abi.ts. */
const canonical: Record<keyof typeof decoders, string> = {
  Upgraded: 'Upgraded(address)',
  AdminChanged: 'AdminChanged(address,address)',
  BeaconUpgraded: 'BeaconUpgraded(address)',
  UpgradedSecondary: 'UpgradedSecondary(address)',
  OwnershipTransferred: 'OwnershipTransferred(address,address)',
  OwnershipTransferStarted: 'OwnershipTransferStarted(address,address)',
  PausedAccount: 'Paused(address)',
  UnpausedAccount: 'Unpaused(address)',
  PausedIdentifier: 'Paused(string)',
  UnpausedAll: 'Unpaused()',
  SuperchainConfigUpdate: 'ConfigUpdate(uint8,bytes)',
  PauseExtended: 'PauseExtended(address)',
  CallScheduled: 'CallScheduled(bytes32,uint256,address,uint256,bytes,bytes32,uint256)',
  CallExecuted: 'CallExecuted(bytes32,uint256,address,uint256,bytes)',
  Cancelled: 'Cancelled(bytes32)',
  MinDelayChange: 'MinDelayChange(uint256,uint256)',
  UpgradeExecuted: 'UpgradeExecuted(address,uint256,bytes)',
  TargetCallExecuted: 'TargetCallExecuted(address,uint256,bytes)',
  RoleGranted: 'RoleGranted(bytes32,address,address)',
  RoleRevoked: 'RoleRevoked(bytes32,address,address)',
  OwnerFunctionCalled: 'OwnerFunctionCalled(uint256)',
  ValidatorWhitelistDisabledSet: 'ValidatorWhitelistDisabledSet(bool)',
  ValidatorsSet: 'ValidatorsSet(address[],bool[])',
  Freeze: 'Freeze()',
  Unfreeze: 'Unfreeze()',
  NewAdmin: 'NewAdmin(address,address)',
  NewPendingAdmin: 'NewPendingAdmin(address,address)',
  DiamondCut: 'DiamondCut((address,uint8,bool,bytes4[])[],address,bytes)',
  ValidatorStatusUpdate: 'ValidatorStatusUpdate(address,bool)',
  UpdateSequencer: 'UpdateSequencer(address,bool)',
  UpdateProver: 'UpdateProver(address,bool)',
  LineaPaused: 'Paused(address,uint8)',
  LineaUnPaused: 'UnPaused(address,uint8)',
  LineaPausedV5: 'Paused(address,uint256)',
  LineaUnPausedV5: 'UnPaused(address,uint256)',
  LineaUnPausedDueToExpiry: 'UnPausedDueToExpiry(uint8)',
  ImplementationAdded: 'ImplementationAdded(address,bytes,bool)',
  ImplementationRemoved: 'ImplementationRemoved(address,bytes,bool)',
  ImplementationRemovedLegacy: 'ImplementationRemoved(address)',
  FinalizedImplementation: 'FinalizedImplementation(address)',
};

/** Published topic0s (OpenZeppelin contracts, Arbitrum AdminFallbackProxy Go binding). */
const wellKnown: Partial<Record<keyof typeof decoders, string>> = {
  Upgraded: '0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b',
  AdminChanged: '0x7e644d79422f17c01e4894b5f4f588d331ebfa28653d42ae832dc59e38c9798f',
  BeaconUpgraded: '0x1cf3b03a6cf19fa2baba4df148e9dcabedea7f8a5c07840e207e5c089be95d3e',
  UpgradedSecondary: '0xf7eed2a7fabbf1bec8d55ed5e785cc76622376dde5df4ff15470551e030b8134',
  OwnershipTransferred: '0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0',
  OwnershipTransferStarted: '0x38d16b8cac22d99fc7c124b9cd0de2d3fa1faef420bfe791d8c362d765e22700',
  PausedAccount: '0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258',
  UnpausedAccount: '0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa',
  RoleGranted: '0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d',
  RoleRevoked: '0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b',
  CallScheduled: '0x4cf4410cc57040e44862ef0f45f3dd5a5e02db8eb8add648d4b0e236f1d07dca',
  CallExecuted: '0xc2617efa69bab66782fa219543714338489c4e9e178271560a91b82c3f612b58',
  Cancelled: '0xbaa1eb22f2a492ba1a5fea61b8df4d27c6c8b5f3971e63bb58fa14ff72eedb70',
  MinDelayChange: '0x11c24f4ead16507c69ac467fbd5e4eed5fb5c699626d2cc6d66421df253886d5',
};

const names = Object.keys(decoders) as (keyof typeof decoders)[];

describe('governance topic0s', () => {
  it('reads the reference tables', () => {
    expect(ref.topics.size).toBeGreaterThan(100);
  });

  it.each(names)('%s has the canonical signature and its selector', (name) => {
    const d = decoders[name];
    expect(toEventSignature(d.event).replace(/\s+/g, '')).toBe(canonical[name]);
    expect(d.signature).toBe(canonical[name]);
    expect(d.topic0).toBe(toEventSelector(canonical[name]));
  });

  it('matches events.md for every event it lists', () => {
    const listed = names.filter((n) => ref.topics.has(canonical[n]));
    expect(listed.sort()).toEqual(['OwnerFunctionCalled', 'UpdateProver', 'UpdateSequencer']);
    for (const n of listed) expect(topics[n], n).toBe(ref.topics.get(canonical[n]));
  });

  it('matches the published hashes of the EIP-1967, Ownable, Pausable, AccessControl and TimelockController events', () => {
    for (const [n, topic] of Object.entries(wellKnown)) expect(topics[n as keyof typeof decoders], n).toBe(topic);
  });

  it('never collides with a stack event of events.md under another signature', () => {
    const refBySignature = new Map([...ref.topics].map(([sig, t]) => [t, sig]));
    for (const n of names) {
      const other = refBySignature.get(topics[n]);
      if (other) expect(other, n).toBe(canonical[n]);
    }
  });

  it('filters on every distinct topic0, once', () => {
    expect(governanceTopics).toHaveLength(names.length);
    expect(new Set(governanceTopics).size).toBe(names.length);
    expect(abi.governanceEvents).toHaveLength(names.length);
  });
});
