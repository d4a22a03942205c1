/**
 * After an L1 reorg (ctx.recorder.dropAfter, then replayTx of re-included txs), the emulator's own
 * bookkeeping is brought back in line with the truth, which the recorder already fixed:
 * - the batcher restarts after the last L2 block of the rollup's remaining batch rows;
 * - games and outputs whose creation was reorged away are forgotten, claims/statuses follow the
 *   remaining moves and resolutions; withdrawals lose stages that are gone.
 * L2 blocks are not touched (the L2 chain does not reorg with the L1); blocks produced before the
 * reorg keep their L1 origin hashes.
 */
import type { OpState } from './state.ts';

export function resyncFromTruth(s: OpState): void {
  const t = s.truth;
  const batches = t.batches.filter((b) => b.rollupId === s.id);
  s.batcher.nextL2Block = batches.length ? Math.max(...batches.map((b) => b.l2BlockEnd)) + 1 : s.definition.genesis.l2Block + 1;

  s.games = s.games.filter((g) => t.challenges.some((c) => c.rollupId === s.id && c.challengeId === g.address));
  for (const g of s.games) {
    const c = t.challenges.find((x) => x.rollupId === s.id && x.challengeId === g.address)!;
    g.claims = g.claims.slice(0, 1 + c.moves.length);
    g.status = c.status;
    if (!c.resolved) delete g.resolvedAt;
  }

  const liveOutputs = t.stateRoots.filter((r) => r.rollupId === s.id && /^\d+$/.test(r.index) && !r.statusChanges.some((c) => c.status === 'DELETED'));
  s.outputs = s.outputs.filter((o) => liveOutputs.some((r) => Number(r.index) === o.index && r.root === o.outputRoot));

  for (const w of s.withdrawals) {
    const m = t.bridgeMessages.find((x) => x.rollupId === s.id && x.messageId === w.withdrawalHash);
    if (!m?.stages.PROVEN) delete w.proven;
    if (!m?.stages.FINALIZED) w.finalized = false;
  }
}
