import { describe, expect, it } from 'vitest';
import { toEventSelector, toEventSignature, toFunctionSelector, toFunctionSignature, type AbiEvent, type AbiFunction } from 'viem';
import * as zk from '../zksync/abi.ts';
import * as sc from '../scroll/abi.ts';
import * as li from '../linea/abi.ts';
import * as sn from '../starknet/abi.ts';
import { readReference } from './testing.ts';

const ref = readReference();

const events: [string, AbiEvent][] = [
  ...[...zk.batchEvents, ...zk.priorityEvents].map((e) => ['zksync', e] as [string, AbiEvent]),
  ...[...sc.chainEvents, ...sc.queueEvents].map((e) => ['scroll', e] as [string, AbiEvent]),
  ...[...li.rollupEvents, ...li.messageEvents].map((e) => ['linea', e] as [string, AbiEvent]),
  ...[...sn.stateEvents, ...sn.messageEvents].map((e) => ['starknet', e] as [string, AbiEvent]),
];

/** Every function whose selector events.md lists (the others are emulator-only helpers). */
const functions = ([...zk.executorAbi, ...sc.scrollChainCalls, ...sn.coreCalls] as readonly { type: string }[])
  .filter((f) => f.type === 'function') as AbiFunction[];

describe('ZK stack ABIs match shared/reference/events.md', () => {
  it('reads the reference tables', () => {
    expect(ref.topics.size).toBeGreaterThan(100);
    expect(ref.selectors.size).toBeGreaterThan(40);
  });

  it.each(events.map(([stack, e]) => [stack, toEventSignature(e), e] as const))('%s %s has the reference topic0', (_stack, signature, event) => {
    const canonical = signature.replace(/\s+/g, '');
    expect(ref.topics.has(canonical), `${canonical} is not in events.md`).toBe(true);
    expect(toEventSelector(event)).toBe(ref.topics.get(canonical));
  });

  it('covers both RevertBatch overloads and both LogMessageToL2 versions with distinct topic0s', () => {
    expect(toEventSelector(sc.revertBatchLegacy)).toBe('0x00cae2739091badfd91c373f0a16cede691e0cd25bb80cff77dd5caeb4710146');
    expect(toEventSelector(sc.revertBatchRange)).toBe('0x9ee73ead2e4d8c2933d5fb9be41cbdf5c477dcb07e441b4b082c6797e4b6fde3');
    expect(toEventSelector(sn.logMessageToL2)).not.toBe(toEventSelector(sn.logMessageToL2Legacy));
  });

  it('uses the reference selectors for every listed function', () => {
    let checked = 0;
    for (const f of functions) {
      const sig = toFunctionSignature(f).replace(/\s+/g, '');
      const expected = ref.selectors.get(sig);
      if (expected === undefined) continue;
      expect(toFunctionSelector(f), sig).toBe(expected);
      checked++;
    }
    // commitBatch, commitBatchWithBlobProof, commitBatches, finalize×4, 4 zkSync v26 calls, updateState(KzgDA), send/consume messages
    expect(checked).toBeGreaterThanOrEqual(15);
  });
});
