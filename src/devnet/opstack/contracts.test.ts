/**
 * The OP emulator contracts expose the mainnet function selectors of the reference table
 * (events.md, "Useful function selectors"): every OP row is a function of the matching emulator.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { toFunctionSelector, type AbiFunction } from 'viem';
import { loadArtifact } from '../compile.ts';
import { EVENTS_MD } from '../../testing/reference.ts';

/** events.md contract label → emulator artifacts that must implement the row. */
const CONTRACTS: Record<string, string[]> = {
  L2OutputOracle: ['L2OutputOracle'],
  DisputeGameFactory: ['DisputeGameFactory'],
  'OptimismPortal/Portal2': ['OptimismPortal', 'OptimismPortal2'],
  OptimismPortal2: ['OptimismPortal2'],
  FaultDisputeGame: ['FaultDisputeGame'],
  L1StandardBridge: ['L1StandardBridge'],
};

function selectorsOf(artifact: string): Set<string> {
  return new Set(loadArtifact(artifact).abi.filter((i): i is AbiFunction => i.type === 'function').map((f) => toFunctionSelector(f)));
}

describe('OP emulator selectors', () => {
  it('implement every OP function selector of events.md', () => {
    const rows: { contract: string; signature: string; selector: string }[] = [];
    for (const line of readFileSync(EVENTS_MD, 'utf8').split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length !== 5 || !(cells[1]! in CONTRACTS)) continue;
      const signature = /^`([A-Za-z0-9_]+\([^`]*\))`$/.exec(cells[2]!)?.[1];
      const selector = /^`(0x[0-9a-f]{8})`$/.exec(cells[3]!)?.[1];
      if (signature && selector) rows.push({ contract: cells[1]!, signature, selector });
    }
    expect(rows.length).toBeGreaterThanOrEqual(24);
    for (const row of rows) {
      expect(toFunctionSelector(row.signature), row.signature).toBe(row.selector);
      for (const artifact of CONTRACTS[row.contract]!) {
        expect(selectorsOf(artifact).has(row.selector), `${artifact} lacks ${row.signature}`).toBe(true);
      }
    }
  });

  it('keeps the views the indexer reads on mainnet contracts', () => {
    const views: Record<string, string[]> = {
      OptimismPortal2: ['proofMaturityDelaySeconds()', 'disputeGameFinalityDelaySeconds()', 'respectedGameType()', 'disputeGameFactory()'],
      OptimismPortal: ['l2Oracle()', 'provenWithdrawals(bytes32)', 'finalizedWithdrawals(bytes32)'],
      L2OutputOracle: ['FINALIZATION_PERIOD_SECONDS()', 'finalizationPeriodSeconds()', 'SUBMISSION_INTERVAL()', 'L2_BLOCK_TIME()', 'getL2Output(uint256)', 'latestOutputIndex()'],
      DisputeGameFactory: ['gameAtIndex(uint256)', 'gameCount()', 'gameImpls(uint32)'],
      FaultDisputeGame: ['l2BlockNumber()', 'rootClaim()', 'status()', 'resolvedAt()', 'createdAt()', 'gameType()', 'extraData()', 'claimData(uint256)', 'claimDataLen()'],
      SystemConfig: ['batcherHash()', 'gasLimit()', 'scalar()', 'overhead()'],
    };
    for (const [artifact, sigs] of Object.entries(views)) {
      const have = selectorsOf(artifact);
      for (const sig of sigs) expect(have.has(toFunctionSelector(sig)), `${artifact}.${sig}`).toBe(true);
    }
  });
});
