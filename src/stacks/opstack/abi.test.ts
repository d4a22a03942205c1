import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEventSelector, toEventSignature, toFunctionSelector, toFunctionSignature, type AbiEvent, type AbiFunction } from 'viem';
import * as abi from './abi.ts';
import { calls, topics } from './events.ts';
import { opStackSources } from './sources.ts';
import { definitionBatcherHistory } from './batcher-history.ts';
import { opMainnet } from '../../rollups/op-mainnet.ts';
import { base } from '../../rollups/base.ts';
import { rollupDefinitionSchema } from '../../rollups/schema.ts';
import { EVENTS_MD, ADDRESSES_MD } from '../../testing/reference.ts';

const haveReference = existsSync(EVENTS_MD);

/** `signature → topic0` of the OP Stack table, the OP rows of "Other rollups and newer OP contracts" and of "Extra events". */
function referenceEvents(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const op = md.slice(md.indexOf('## OP Stack'), md.indexOf('## Other rollups'));
  const other = md.slice(md.indexOf('## Other rollups'), md.indexOf('## Extra events'));
  const extra = md.slice(md.indexOf('## Extra events'), md.indexOf('## Useful function selectors'));
  const rows = [...op.split('\n'), ...[...other.split('\n'), ...extra.split('\n')].filter((l) => l.startsWith('| OP '))];
  for (const line of rows) {
    const m = /\|\s*`([A-Za-z0-9_]+\([^`]*\))`\s*\|\s*`(0x[0-9a-f]{64})`\s*\|\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Selector rows of the OP contracts: signature → selector. */
function referenceSelectors(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of md.slice(md.indexOf('## Useful function selectors')).split('\n')) {
    const m = /^\|\s*(L2OutputOracle|DisputeGameFactory|OptimismPortal\/Portal2|OptimismPortal2|FaultDisputeGame|L1StandardBridge)\s*\|\s*`([^`]+)`[^|]*\|\s*`(0x[0-9a-f]{8})`/.exec(line);
    if (m) out.set(m[2]!, m[3]!);
  }
  return out;
}

const events = abi.opStackEvents as readonly AbiEvent[];
const functions = [...abi.disputeGameFactoryFunctions, ...abi.portalFunctions, ...abi.messengerFunctions, ...abi.standardBridgeFunctions]
  .filter((f) => f.type === 'function') as AbiFunction[];

/** Copied from events.md so the check still runs where the reference folder is absent. */
const pinned: Record<string, string> = {
  TransactionDeposited: '0xb3813568d9991fc951961fcb4c784893574240a28925604d09fc577c55bb7c32',
  WithdrawalProven: '0x67a6208cfcc0801d50f6cbe764733f4fddf66ac0b04442061a8a8c0cb6b63f62',
  WithdrawalProvenExtension1: '0x798f9f13695f8f045aa5f80ed8efebb695f3c7fe65da381969f2f28bf3c60b97',
  WithdrawalFinalized: '0xdb5c7652857aa163daadd670e116628fb42e869d8ac4251ef8971d9e5727df1b',
  OutputProposed: '0xa7aaf2512769da4e444e3de247be2564225c2e7a8f74cfe528e46e17d24868e2',
  OutputsDeleted: '0x4ee37ac2c786ec85e87592d3c5c8a1dd66f8496dda3f125d9ea8ca5f657629b6',
  DisputeGameCreated: '0x5b565efe82411da98814f356d0e7bcb8f0219b8d970307c5afb4a6903a8b2e35',
  Move: '0x9b3245740ec3b155098a55be84957a4da13eaf7f14a8bc6f53126c0b9350f2be',
  Resolved: '0x5e186f09b9c93491f14e277eea7faa5de6a2d4bda75a79af7a3684fbfb42da60',
  ConfigUpdate: '0x1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be',
  ETHBridgeInitiated: '0x2849b43074093a05396b6f2a937dee8565b15a48a7b3d4bffb732a5017380af5',
  ERC20BridgeFinalized: '0xd59c65b35445225835c83f50b6ede06a7be047d22e357073e250d9af537518cd',
};

/** Selectors not in events.md (messenger relay and StandardBridge finalize calls), as published by contracts-bedrock. */
const pinnedSelectors: Record<string, string> = {
  'relayMessage(uint256,address,address,uint256,uint256,bytes)': '0xd764ad0b',
  'finalizeBridgeETH(address,address,uint256,bytes)': '0x1635f5fd',
  'finalizeBridgeERC20(address,address,address,address,uint256,bytes)': '0x0166a07a',
};

describe('OP Stack ABIs match the reference (events.md)', () => {
  it('pinned topic0s', () => {
    for (const [name, topic] of Object.entries(pinned)) {
      expect(topics[name as keyof typeof topics], name).toBe(topic);
    }
  });

  it.skipIf(!haveReference)('every event signature and topic0 is in the OP tables of events.md', () => {
    const ref = referenceEvents(readFileSync(EVENTS_MD, 'utf8'));
    expect(ref.size).toBeGreaterThan(30);
    for (const e of events) {
      const sig = toEventSignature(e).replace(/\s+/g, '');
      expect(ref.has(sig), `${sig} missing from events.md`).toBe(true);
      expect(toEventSelector(e), sig).toBe(ref.get(sig));
    }
  });

  it.skipIf(!haveReference)('every topic0 a source asks for is a reference topic0', () => {
    const ref = new Set(referenceEvents(readFileSync(EVENTS_MD, 'utf8')).values());
    for (const rollup of [opMainnet, base]) {
      for (const s of opStackSources(rollup, { batchers: definitionBatcherHistory() })) {
        const used = s.kind === 'logs' ? s.topics : s.kind === 'factory' ? [s.factoryTopic, ...s.topics] : [];
        for (const topic of used) expect(ref.has(topic), `${s.id} asks for ${topic}`).toBe(true);
      }
    }
  });

  it.skipIf(!haveReference)('every decoded call matches its events.md selector (or the pinned contracts-bedrock one)', () => {
    const ref = referenceSelectors(readFileSync(EVENTS_MD, 'utf8'));
    expect(ref.size).toBeGreaterThan(10);
    let fromReference = 0;
    for (const f of functions) {
      const sig = toFunctionSignature(f);
      const expected = ref.get(sig) ?? pinnedSelectors[sig];
      if (ref.has(sig)) fromReference++;
      // finalizeETHWithdrawal / finalizeERC20Withdrawal are listed by name and full signature.
      expect(expected, `${sig} has no reference selector`).toBeDefined();
      expect(toFunctionSelector(f), sig).toBe(expected);
    }
    expect(fromReference).toBeGreaterThanOrEqual(6);
    for (const d of Object.values(calls)) expect(functions.map((f) => toFunctionSelector(f))).toContain(d.selector);
  });
});

describe('OP Mainnet and Base definitions', () => {
  it('pass the definition schema', () => {
    for (const d of [opMainnet, base]) expect(rollupDefinitionSchema.safeParse(d).success, d.id).toBe(true);
  });

  it.skipIf(!existsSync(ADDRESSES_MD))('every address is the one addresses.md gives for that rollup', () => {
    const md = readFileSync(ADDRESSES_MD, 'utf8').toLowerCase();
    const section = (title: string) => md.slice(md.indexOf(title.toLowerCase()), md.indexOf('\n## ', md.indexOf(title.toLowerCase()) + 1));
    for (const [d, title] of [[opMainnet, '## OP Mainnet'], [base, '## Base']] as const) {
      const text = section(title);
      const addresses = [
        ...Object.values(d.contracts).map((c) => c!.address),
        d.batchInbox, d.initialBatcher,
      ];
      for (const a of addresses) expect(text.includes(a.toLowerCase()), `${d.id} ${a}`).toBe(true);
      expect(text.includes(`l1 block **${d.genesis.l1Block}**`), `${d.id} genesis L1`).toBe(true);
      expect(text.includes(`l2_time ${d.genesis.l2Time}`), `${d.id} genesis time`).toBe(true);
    }
  });

  it('genesis, eras and batch inbox', () => {
    expect(opMainnet.genesis).toEqual({ l1Block: 17_422_590, l2Block: 105_235_063, l2Time: 1_686_068_903, blockTime: 2 });
    expect(base.genesis).toEqual({ l1Block: 17_481_768, l2Block: 0, l2Time: 1_686_789_347, blockTime: 2 });
    for (const d of [opMainnet, base]) {
      const { l2OutputOracle, disputeGameFactory } = d.contracts;
      expect(l2OutputOracle!.toBlock).toBeGreaterThanOrEqual(disputeGameFactory!.fromBlock);
      expect(d.sequencingWindowBlocks).toBe(3600);
      expect(d.startBlock).toBe(d.genesis.l1Block);
    }
    const sources = opStackSources(opMainnet, { batchers: definitionBatcherHistory() });
    expect(sources.map((s) => s.id)).toEqual(['deposits', 'withdrawals', 'system-config', 'output-oracle', 'game-factory', 'games', 'batches']);
    const batches = sources.find((s) => s.kind === 'transactions')!;
    expect(batches).toMatchObject({ to: '0xff00000000000000000000000000000000000010', fromBlock: 17_422_590, withBlobs: true, withReceipts: true });
    const oracle = sources.find((s) => s.id === 'output-oracle')!;
    expect(oracle).toMatchObject({ fromBlock: 17_422_590, toBlock: 20_070_000, addresses: ['0xdfe97868233d1aa22e815a266982f2cf17685a27'] });
  });
});
