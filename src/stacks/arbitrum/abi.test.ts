import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toEventSelector, toEventSignature, toFunctionSelector, toFunctionSignature, type AbiEvent, type AbiFunction } from 'viem';
import * as abi from './abi.ts';
import { arbitrumSources } from './sources.ts';
import { batchCallSelectors } from './batch-call.ts';
import { arbitrumOne } from '../../rollups/arbitrum-one.ts';
import { EVENTS_MD } from '../../testing/reference.ts';

const haveReference = existsSync(EVENTS_MD);

/** Rows `| contract | event | `signature` | `0xtopic` |` of the Arbitrum section and of the Arbitrum "Extra events". */
function referenceEvents(md: string): Map<string, string> {
  const out = new Map<string, string>();
  const arbitrum = md.slice(md.indexOf('## Arbitrum Nitro'), md.indexOf('## OP Stack'));
  const extra = md.slice(md.indexOf('## Extra events'), md.indexOf('## Useful function selectors'));
  const rows = [...arbitrum.split('\n'), ...extra.split('\n').filter((l) => l.startsWith('| Arbitrum'))];
  for (const line of rows) {
    const m = /\|\s*`([A-Za-z0-9_]+\([^`]*\))`\s*\|\s*`(0x[0-9a-f]{64})`\s*\|\s*$/.exec(line);
    if (m) out.set(m[1]!, m[2]!);
  }
  return out;
}

/** Selector rows of the Arbitrum contracts: signature (or `name(...)`) → selector. */
function referenceSelectors(md: string): { signature: string; selector: string }[] {
  const section = md.slice(md.indexOf('## Useful function selectors'));
  const out: { signature: string; selector: string }[] = [];
  for (const line of section.split('\n')) {
    const m = /^\|\s*(SequencerInbox|Rollup \(legacy\)|Rollup \(BoLD\)|Outbox|Inbox)\s*\|\s*`([^`]+)`[^|]*\|\s*`(0x[0-9a-f]{8})`/.exec(line);
    if (m) out.push({ signature: m[2]!, selector: m[3]! });
  }
  return out;
}

const allEvents = [...abi.arbitrumEvents, ...abi.extraEvents].filter((e) => e.type === 'event') as AbiEvent[];
const allFunctions = [
  ...abi.sequencerInboxFunctions, ...abi.legacyRollupFunctions, ...abi.boldRollupFunctions, ...abi.outboxFunctions, ...abi.inboxFunctions,
].filter((f) => f.type === 'function') as AbiFunction[];

/** Copied from events.md so the check still runs where the reference folder is absent. */
const pinned: Record<string, string> = {
  SequencerBatchDelivered: '0x7394f4a19a13c7b92b5bb71033245305946ef78452f7b4986ac1390b5df4ebd7',
  MessageDelivered: '0x5e3c1311ea442664e8b1611bfabef659120ea7a0a2cfc0667700bebc69cbffe1',
  InboxMessageDelivered: '0xff64905f73a67fb594e0f940a8075a860db489ad991e032f48c81123eb52d60b',
  AssertionCreated: '0x901c3aee23cf4478825462caaab375c606ab83516060388344f0650340753630',
  NodeCreated: '0x4f4caa9e67fb994e349dd35d1ad0ce23053d4323f83ce11dc817b5435031d096',
  EdgeAdded: '0xaa4b66b1ce938c06e2a3f8466bae10ef62e747630e3859889f4719fc6427b5a4',
  OutBoxTransactionExecuted: '0x20af7f3bbfe38132b8900ae295cd9c8d1914be7052d061a511f3f728dab18964',
};

describe('Arbitrum ABIs match the reference (events.md)', () => {
  it('pinned topic0s', () => {
    for (const [name, topic] of Object.entries(pinned)) {
      expect(allEvents.filter((e) => e.name === name).map((e) => toEventSelector(e))).toContain(topic);
    }
  });

  it.skipIf(!haveReference)('every event signature and topic0 is in the Arbitrum tables', () => {
    const ref = referenceEvents(readFileSync(EVENTS_MD, 'utf8'));
    expect(ref.size).toBeGreaterThan(45);
    for (const event of allEvents) {
      const signature = toEventSignature(event);
      expect(ref.has(signature), `${signature} missing from events.md`).toBe(true);
      expect(toEventSelector(event), signature).toBe(ref.get(signature));
    }
    // and the reverse: nothing of the core tables is left out of the ABIs
    const mine = new Set(allEvents.map((e) => toEventSignature(e)));
    for (const signature of ref.keys()) expect(mine.has(signature), `${signature} not in abi.ts`).toBe(true);
  });

  it.skipIf(!haveReference)('every function selector of the reference selectors table, incl. all addSequencerL2Batch* variants', () => {
    const ref = referenceSelectors(readFileSync(EVENTS_MD, 'utf8'));
    expect(ref.length).toBeGreaterThanOrEqual(20);
    for (const { signature, selector } of ref) {
      const name = signature.slice(0, signature.indexOf('('));
      const matches = allFunctions.filter((f) => f.name === name);
      expect(matches.length, `${name} not in abi.ts`).toBeGreaterThan(0);
      expect(matches.map((f) => toFunctionSelector(f)), signature).toContain(selector);
      if (!signature.includes('...') && !/[A-Z]/.test(signature.slice(name.length))) {
        expect(toFunctionSelector(signature.split(' ')[0]!)).toBe(selector);
      }
    }
  });

  it('batch-call decoder knows the 8 SequencerInbox entry points', () => {
    expect([...batchCallSelectors].sort()).toEqual(
      ['0x8f111f3c', '0x6f12b0c9', '0x3e5aa082', '0xe0bc9729', '0x69cacded', '0x917cf8ac', '0x6e620055', '0xf1981578'].sort(),
    );
    expect(allFunctions.map((f) => toFunctionSignature(f))).toContain('forceInclusion(uint256,uint8,uint64[2],uint256,address,bytes32)');
  });

  it.skipIf(!haveReference)('every topic0 the Arbitrum One sources ask for is a reference topic0', () => {
    const ref = new Set(referenceEvents(readFileSync(EVENTS_MD, 'utf8')).values());
    const sources = arbitrumSources(arbitrumOne);
    for (const s of sources) for (const topic of s.topics) expect(ref.has(topic), `${s.id} ${topic}`).toBe(true);
  });
});
