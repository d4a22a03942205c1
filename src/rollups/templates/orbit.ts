/**
 * `orbitChain({...})`: the template every Arbitrum Nitro chain (Arbitrum One, Nova, Orbit chains)
 * is described with. A definition gives only what is particular to the chain: addresses with their
 * block ranges, chain ids, genesis block and DA mode; the template fills the rest and checks that
 * the rollup generations are consistent.
 *
 * @example
 * export const myOrbit = orbitChain({
 *   id: 'my-orbit', name: 'My Orbit', l2ChainId: 123456, l1ChainId: 42161,
 *   contracts: { sequencerInbox: { address: '0x…', fromBlock: 1 }, bridge: …, inbox: …, outbox: …, boldRollup: …, edgeChallengeManager: … },
 * });
 */
import type { ArbitrumRollup } from '../types.ts';

export interface OrbitChainParams {
  id: string;
  name: string;
  l2ChainId: number;
  /** Parent chain id (1 for L2s on Ethereum). */
  l1ChainId?: number;
  /** `rollup` (data on the parent chain) or `anytrust` (data availability committee). Default `rollup`. */
  dataAvailability?: ArbitrumRollup['dataAvailability'];
  contracts: ArbitrumRollup['contracts'];
  /** L2 block of message index 0. Default 0 (chains born on Nitro). */
  l2GenesisBlock?: number;
  /** First parent-chain block to read. Default: the earliest fromBlock of the contracts. */
  startBlock?: number;
}

export function orbitChain(p: OrbitChainParams): ArbitrumRollup {
  const c = p.contracts;
  if (!c.legacyRollup && !c.boldRollup) throw new Error(`${p.id}: an Arbitrum chain needs a legacyRollup or a boldRollup`);
  if (c.legacyRollup && c.boldRollup && c.legacyRollup.toBlock === undefined) {
    throw new Error(`${p.id}: legacyRollup needs a toBlock (the BoLD upgrade) when a boldRollup is given`);
  }
  if (c.legacyChallengeManager && !c.legacyRollup) throw new Error(`${p.id}: legacyChallengeManager without legacyRollup`);
  if (c.edgeChallengeManager && !c.boldRollup) throw new Error(`${p.id}: edgeChallengeManager without boldRollup`);
  const tracked = Object.values(c).filter((x): x is NonNullable<typeof x> => !!x);
  for (const t of tracked) {
    if (t.toBlock !== undefined && t.toBlock < t.fromBlock) throw new Error(`${p.id}: contract ${t.address} ends (${t.toBlock}) before it starts (${t.fromBlock})`);
  }
  return {
    id: p.id,
    name: p.name,
    stack: 'arbitrum',
    l1ChainId: p.l1ChainId ?? 1,
    l2ChainId: p.l2ChainId,
    startBlock: p.startBlock ?? Math.min(...tracked.map((t) => t.fromBlock)),
    dataAvailability: p.dataAvailability ?? 'rollup',
    contracts: c,
    l2GenesisBlock: p.l2GenesisBlock ?? 0,
  };
}
