import { describe, expect, it } from 'vitest';
import { toFunctionSelector, toEventSelector, type AbiEvent } from 'viem';
import { artifactStaleness, listSources, loadArtifact } from './compile.ts';

describe('emulator artifacts', () => {
  it('are up to date with the Solidity sources (run `node bin/run.mjs src/devnet/compile.ts` if not)', () => {
    expect(listSources().length).toBeGreaterThan(0);
    expect(artifactStaleness()).toEqual([]);
  });

  it('load with abi and bytecode', () => {
    const a = loadArtifact('DevnetProbe');
    expect(a.bytecode.startsWith('0x60')).toBe(true);
    const ping = a.abi.find((x) => x.type === 'function' && x.name === 'ping');
    expect(ping && toFunctionSelector(ping as never)).toBe(toFunctionSelector('ping(bytes)'));
    const ev = a.abi.find((x) => x.type === 'event' && x.name === 'Pinged') as AbiEvent;
    expect(toEventSelector(ev)).toBe(toEventSelector('Pinged(uint256,address,bytes)'));
  });

  it('reports a missing artifact with a clear error', () => {
    expect(() => loadArtifact('NoSuchContract')).toThrow(/not found.*compile\.ts/);
  });
});
