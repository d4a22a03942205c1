/**
 * `opStackChain({...})`: the template every OP Stack chain is described with. A definition gives
 * only what is particular to the chain: L1 contracts with their block ranges (the L2OutputOracle
 * until the fault-proof upgrade, the DisputeGameFactory after), batch inbox and initial batcher,
 * genesis; the template fills the Superchain defaults (2 s blocks, 3600-block sequencing window,
 * mainnet derivation parameters) and checks that the eras are consistent.
 *
 * @example
 * export const myChain = opStackChain({
 *   id: 'my-chain', name: 'My Chain', l2ChainId: 12345,
 *   contracts: { optimismPortal: { address: '0x…', fromBlock: 1 }, systemConfig: …, disputeGameFactory: … },
 *   batchInbox: '0x…', initialBatcher: '0x…', genesis: { l1Block: 1, l2Block: 0, l2Time: 1700000000 },
 * });
 */
import type { Address, OpStackRollup } from '../types.ts';

export interface OpStackChainParams {
  id: string;
  name: string;
  l2ChainId: number;
  /** Settlement chain id (1 for L2s on Ethereum). */
  l1ChainId?: number;
  contracts: OpStackRollup['contracts'];
  batchInbox: Address;
  /** Batcher at the first indexed block; later changes come from SystemConfig ConfigUpdate(BATCHER). */
  initialBatcher: Address;
  /** L1 block of the L2 genesis' L1 origin, L2 genesis block and time; blockTime defaults to 2 s. */
  genesis: { l1Block: number; l2Block: number; l2Time: number; blockTime?: number };
  /** Rollup config seq_window_size (L1 blocks). Default 3600 (12 h), the Superchain value. */
  sequencingWindowBlocks?: number;
  /** First L1 block to read. Default: the genesis L1 block (or the earliest contract start, if lower). */
  startBlock?: number;
  beaconUrl?: string;
  /** Rollup config channel_timeout and fork times; default the Superchain mainnet values. */
  derivation?: OpStackRollup['derivation'];
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export function opStackChain(p: OpStackChainParams): OpStackRollup {
  const c = p.contracts;
  const fail = (why: string): never => {
    throw new Error(`${p.id}: ${why}`);
  };
  if (!c.l2OutputOracle && !c.disputeGameFactory) fail('an OP Stack chain needs an l2OutputOracle or a disputeGameFactory');
  if (c.l2OutputOracle && c.disputeGameFactory) {
    if (c.l2OutputOracle.toBlock === undefined) fail('l2OutputOracle needs a toBlock (the fault-proof upgrade) when a disputeGameFactory is given');
    if (c.disputeGameFactory.fromBlock > c.l2OutputOracle.toBlock! + 1) {
      fail(`gap between the eras: l2OutputOracle ends at ${c.l2OutputOracle.toBlock} but disputeGameFactory starts at ${c.disputeGameFactory.fromBlock}`);
    }
  }
  const tracked = Object.entries(c).filter((e): e is [string, NonNullable<(typeof e)[1]>] => !!e[1]);
  for (const [name, t] of tracked) {
    if (!ADDRESS.test(t.address)) fail(`contract ${name} has no valid address (${t.address})`);
    if (t.toBlock !== undefined && t.toBlock < t.fromBlock) fail(`contract ${name} ends (${t.toBlock}) before it starts (${t.fromBlock})`);
  }
  for (const [name, a] of [['batchInbox', p.batchInbox], ['initialBatcher', p.initialBatcher]] as const) {
    if (!ADDRESS.test(a)) fail(`${name} is not an address (${a})`);
  }
  const blockTime = p.genesis.blockTime ?? 2;
  if (!Number.isInteger(blockTime) || blockTime <= 0) fail(`genesis.blockTime must be a positive integer, got ${blockTime}`);
  return {
    id: p.id,
    name: p.name,
    stack: 'opstack',
    l1ChainId: p.l1ChainId ?? 1,
    l2ChainId: p.l2ChainId,
    startBlock: p.startBlock ?? Math.min(p.genesis.l1Block, ...tracked.map(([, t]) => t.fromBlock)),
    contracts: c,
    batchInbox: p.batchInbox,
    initialBatcher: p.initialBatcher,
    genesis: { l1Block: p.genesis.l1Block, l2Block: p.genesis.l2Block, l2Time: p.genesis.l2Time, blockTime },
    sequencingWindowBlocks: p.sequencingWindowBlocks ?? 3600,
    ...(p.beaconUrl ? { beaconUrl: p.beaconUrl } : {}),
    ...(p.derivation ? { derivation: p.derivation } : {}),
  };
}
