import { describe, expect, it } from 'vitest';
import {
  decodeEventLog, decodeFunctionData, encodeAbiParameters, encodeEventTopics, encodeFunctionData, parseAbi,
  toEventSelector, type AbiEvent, type AbiFunction, type AbiParameter, type Hex,
} from 'viem';
import { compileEventDecoder, createCallDecoder, createLogDecoder, LogDecodeError, CallDecodeError } from './index.ts';
import * as arb from '../../stacks/arbitrum/abi.ts';

/** Deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const hexBytes = (r: Rand, n: number) => {
  let s = '0x';
  for (let i = 0; i < n; i++) s += Math.floor(r() * 256).toString(16).padStart(2, '0');
  return s as Hex;
};
const randBig = (r: Rand, bits: number): bigint => {
  const max = (1n << BigInt(bits)) - 1n;
  const pick = r();
  if (pick < 0.15) return 0n;
  if (pick < 0.3) return max;
  if (pick < 0.5) return BigInt(Math.floor(r() * 1000)) & max;
  return BigInt(hexBytes(r, Math.ceil(bits / 8))) & max;
};
const arrayRe = /^(.*)\[(\d*)\]$/;

function randomValue(r: Rand, param: AbiParameter): unknown {
  const { type } = param;
  const array = arrayRe.exec(type);
  if (array) {
    const inner = { ...param, type: array[1]! } as AbiParameter;
    const length = array[2] === '' ? Math.floor(r() * 5) : Number(array[2]);
    return Array.from({ length }, () => randomValue(r, inner));
  }
  if (type === 'tuple') {
    const cs = (param as { components: readonly AbiParameter[] }).components;
    const unnamed = cs.some((c) => !c.name);
    if (unnamed) return cs.map((c) => randomValue(r, c));
    return Object.fromEntries(cs.map((c) => [c.name, randomValue(r, c)]));
  }
  if (type === 'address') return hexBytes(r, 20);
  if (type === 'bool') return r() < 0.5;
  if (type === 'string') return r() < 0.2 ? '' : `hé${Math.floor(r() * 1e9)}✓`.repeat(1 + Math.floor(r() * 4));
  if (type === 'bytes') return r() < 0.2 ? '0x' : hexBytes(r, Math.floor(r() * 130));
  const fixed = /^bytes(\d+)$/.exec(type);
  if (fixed) return hexBytes(r, Number(fixed[1]));
  const bits = Number.parseInt(type.split('int')[1] || '256', 10);
  if (type.startsWith('uint')) return randBig(r, bits);
  const v = randBig(r, bits - 1);
  return r() < 0.5 ? -v - (r() < 0.3 ? 1n : 0n) : v;
}

function randomLog(r: Rand, event: AbiEvent) {
  const args = event.inputs.map((p) => randomValue(r, p));
  const indexedArgs = event.inputs.some((i) => !i.name)
    ? event.inputs.map((p, i) => (p.indexed ? args[i] : null))
    : Object.fromEntries(event.inputs.map((p, i) => [p.name, p.indexed ? args[i] : undefined]).filter(([, v]) => v !== undefined));
  const topics = encodeEventTopics({ abi: [event], eventName: event.name, args: indexedArgs } as never) as Hex[];
  const nonIndexed = event.inputs.filter((i) => !i.indexed);
  const data = nonIndexed.length ? encodeAbiParameters(nonIndexed, event.inputs.map((p, i) => [p, args[i]] as const).filter(([p]) => !p.indexed).map(([, v]) => v)) : '0x';
  return { topics, data, blockNumber: 19_000_000 + Math.floor(r() * 1e6), transactionHash: hexBytes(r, 32), logIndex: Math.floor(r() * 500), address: hexBytes(r, 20) };
}

/** What the lowercase mode must return: viem's result with every address lowercased. */
function lowerAddresses(v: unknown): unknown {
  if (typeof v === 'string') return /^0x[0-9a-fA-F]{40}$/.test(v) ? v.toLowerCase() : v;
  if (Array.isArray(v)) return v.map(lowerAddresses);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lowerAddresses(x)]));
  return v;
}

const syntheticEvents = parseAbi([
  'struct Inner { string name; uint16[] small; address who; }',
  'event Strings(string indexed tag, string note, bytes blob, bytes32 salt)',
  'event Ints(int8 a, int48 b, int64 c, int256 d, uint48 e, uint56 f, uint8 indexed g)',
  'event DynTuple(address indexed owner, Inner inner, Inner[] list, bytes[] blobs)',
  'event Arrays(uint256[3] fixed3, address[] addrs, bytes4[2] sigs, uint256[][] nested, bool[] flags)',
  'event IndexedHashed(bytes indexed b, string indexed s, bytes32 plain)',
  'event Unnamed(address indexed, uint256, bytes)',
  'event AllIndexed(address indexed a, bool indexed b, int24 indexed c)',
  'event Empty()',
]);

const arbitrumAll = [...arb.arbitrumEvents, ...arb.extraEvents] as readonly AbiEvent[];

describe('compiled event decoders return exactly what viem decodeEventLog returns', () => {
  const events = [...arbitrumAll, ...syntheticEvents] as AbiEvent[];
  for (const event of events) {
    it(`${event.name} ${toEventSelector(event).slice(0, 10)} (random values, both address modes)`, () => {
      const r = rng(toEventSelector(event).charCodeAt(5) * 7919 + event.inputs.length);
      const lower = compileEventDecoder(event);
      const checksum = compileEventDecoder(event, { addresses: 'checksum' });
      for (let i = 0; i < 60; i++) {
        const log = randomLog(r, event);
        const expected = decodeEventLog({ abi: [event], topics: log.topics as [Hex, ...Hex[]], data: log.data as Hex });
        expect(checksum(log)).toStrictEqual(expected);
        expect(lower(log)).toStrictEqual(lowerAddresses(expected));
      }
    });
  }

  it('covers the big all-static struct events with the layouts of events.md (AssertionCreated 25 words, NodeCreated 15)', () => {
    const r = rng(42);
    const created = arb.eventOf(arb.boldRollupEvents, 'AssertionCreated');
    const node = arb.eventOf(arb.legacyRollupEvents, 'NodeCreated');
    const a = randomLog(r, created as AbiEvent);
    const n = randomLog(r, node as AbiEvent);
    expect((a.data.length - 2) / 64).toBe(25);
    expect((n.data.length - 2) / 64).toBe(15);
    const decoded = compileEventDecoder(created)(a);
    // word 13 = afterState.globalState.bytes32Vals[0] (the L2 block hash)
    expect(decoded.args.assertion.afterState.globalState.bytes32Vals[0]).toBe(`0x${a.data.slice(2 + 13 * 64, 2 + 14 * 64)}`);
    expect(decoded.args.inboxMaxCount).toBe(BigInt(`0x${a.data.slice(2 + 20 * 64, 2 + 21 * 64)}`));
  });
});

describe('createLogDecoder', () => {
  it('dispatches on topic0, keeps identical duplicates once, and on topic count for same-topic0 layouts', () => {
    const erc = parseAbi([
      'event Transfer(address indexed from, address indexed to, uint256 value)',
      'event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)',
    ]);
    const decoder = createLogDecoder([...erc, ...arb.inboxEvents, ...arb.sequencerInboxEvents]);
    const r = rng(7);
    const fungible = randomLog(r, erc[0]);
    const nft = randomLog(r, erc[1]);
    expect(decoder.decode(fungible).args).toStrictEqual(lowerAddresses(decodeEventLog({ abi: [erc[0]], ...fungible } as never).args));
    expect(decoder.decode(nft).args).toStrictEqual(lowerAddresses(decodeEventLog({ abi: [erc[1]], ...nft } as never).args));
    expect(decoder.topics).toContain(toEventSelector('InboxMessageDelivered(uint256,bytes)'));
    expect(new Set(decoder.topics).size).toBe(decoder.topics.length);
    expect(decoder.tryDecode({ topics: [hexBytes(r, 32)], data: '0x' })).toBeUndefined();
    expect(() => decoder.decode({ topics: [hexBytes(r, 32)], data: '0x', blockNumber: 5 })).toThrow(/topic0 matches no event.*|block 5/);
  });

  it('refuses two events it could not tell apart', () => {
    const clash = parseAbi([
      'event X(address indexed a, uint256 b)',
      'event X(address a, uint256 indexed b)',
    ]);
    expect(() => createLogDecoder(clash)).toThrow(/index differently/);
  });
});

describe('malformed logs give clear errors naming the event and the block', () => {
  const batchDelivered = compileEventDecoder(arb.eventOf(arb.sequencerInboxEvents, 'SequencerBatchDelivered'));
  const r = rng(99);
  const good = randomLog(r, batchDelivered.event);

  it('truncated static data (one byte short of the 224-byte head)', () => {
    const log = { ...good, data: good.data.slice(0, -2), blockNumber: 21_000_123 };
    expect(() => batchDelivered(log)).toThrow(LogDecodeError);
    expect(() => batchDelivered(log)).toThrow(/SequencerBatchDelivered log \(block 21000123.*data is truncated; expected at least 224 bytes, got 223 bytes/);
  });

  it('empty data and missing topics', () => {
    expect(() => batchDelivered({ ...good, data: '0x' })).toThrow(/data is truncated/);
    expect(() => batchDelivered({ ...good, topics: good.topics.slice(0, 3) })).toThrow(/wrong number of topics; expected 4, got 3/);
    expect(() => batchDelivered({ ...good, topics: [good.topics[0]!, '0x12', good.topics[2]!, good.topics[3]!] })).toThrow(/topic 1 is not a 32-byte word/);
    expect(() => batchDelivered({ ...good, topics: [good.topics[1]!, ...good.topics.slice(1)] })).toThrow(/topic0 is not this event/);
  });

  it('dynamic bytes whose length runs past the data', () => {
    const data = compileEventDecoder(arb.eventOf(arb.sequencerInboxEvents, 'SequencerBatchData'));
    const log = randomLog(r, data.event);
    const payload = encodeAbiParameters([{ type: 'bytes' }], ['0x1234567890']);
    const cut = { ...log, data: payload.slice(0, 2 + 64 * 2 + 4) as Hex, blockNumber: 77 };
    expect(() => data(cut)).toThrow(/SequencerBatchData log \(block 77.*bytes of length 5 lie outside the data/);
    const badOffset = { ...log, data: (`0x${'0'.repeat(60)}ffff` + payload.slice(66)) as Hex };
    expect(() => data(badOffset)).toThrow(/dynamic value length word lies outside the data/);
  });

  it('invalid words: a bool that is 2, a uint8 beyond the safe range', () => {
    const edge = compileEventDecoder(arb.eventOf(arb.edgeChallengeManagerEvents, 'EdgeBisected'));
    const log = randomLog(r, edge.event);
    expect(() => edge({ ...log, data: `0x${'0'.repeat(63)}2` })).toThrow(/invalid boolean word/);
    const ended = compileEventDecoder(arb.eventOf(arb.legacyChallengeManagerEvents, 'ChallengeEnded'));
    const l2 = randomLog(r, ended.event);
    expect(() => ended({ ...l2, data: `0x${'f'.repeat(64)}` })).toThrow(/exceeds the safe integer range/);
  });
});

describe('compiled call decoders return what viem decodeFunctionData returns', () => {
  const fns = [
    ...arb.sequencerInboxFunctions, ...arb.outboxFunctions, ...arb.inboxFunctions, ...arb.legacyRollupFunctions, ...arb.boldRollupFunctions,
  ].filter((f) => f.type === 'function') as AbiFunction[];
  const calls = createCallDecoder(fns);
  for (const fn of fns) {
    it(`${fn.name}(${fn.inputs.length} args)`, () => {
      const r = rng(fn.inputs.length * 31 + fn.name.length);
      for (let i = 0; i < 40; i++) {
        const args = fn.inputs.map((p) => randomValue(r, p));
        const input = encodeFunctionData({ abi: [fn], functionName: fn.name, args } as never);
        const viem = decodeFunctionData({ abi: [fn], data: input });
        const mine = calls.tryDecode(input)!;
        expect(mine.functionName).toBe(viem.functionName);
        expect(mine.args).toStrictEqual(lowerAddresses(viem.args));
        expect(mine.abiItem).toBe(fn);
      }
    });
  }

  it('unknown selectors are undefined, truncated input throws with the tx hash', () => {
    expect(calls.tryDecode('0xdeadbeef')).toBeUndefined();
    const input = encodeFunctionData({ abi: arb.sequencerInboxFunctions, functionName: 'addSequencerL2BatchFromBlobs', args: [1n, 2n, '0x0000000000000000000000000000000000000001', 3n, 4n] });
    expect(() => calls.tryDecode(input.slice(0, -64), '0xabc')).toThrow(CallDecodeError);
    expect(() => calls.tryDecode(input.slice(0, -64), '0xabc')).toThrow(/addSequencerL2BatchFromBlobs\(uint256,uint256,address,uint256,uint256\) \(tx 0xabc\): input is truncated; expected at least 164 bytes, got 132 bytes/);
  });
});
