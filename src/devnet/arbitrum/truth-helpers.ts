/** Small helpers turning recorded events into TruthRefs and updating derived facts. */
import type { TruthEvent, TruthRef } from '../truth.ts';
import type { ArbitrumDeployment } from './deploy.ts';

export function refOfEvent(e: TruthEvent): TruthRef {
  return { chainId: e.chainId, blockNumber: e.blockNumber, blockHash: e.blockHash, txHash: e.txHash, logIndex: e.logIndex, timestamp: e.timestamp };
}

/** The single event `name` of a recorded tx (throws with context when absent). */
export function oneEvent(events: TruthEvent[], name: string, where: string): TruthEvent {
  const e = events.find((x) => x.eventName === name);
  if (!e) throw new Error(`${where}: expected a ${name} event, got [${events.map((x) => x.eventName).join(', ')}]`);
  return e;
}

/** L2 block timestamp from the recorded TruthL2Blocks. */
export function l2Time(dep: ArbitrumDeployment, block: number): number {
  const b = dep.ctx.recorder.truth.l2Blocks.find((x) => x.rollupId === dep.rollupId && x.number === block);
  if (!b) throw new Error(`L2 block ${block} of ${dep.rollupId} not recorded (call syncL2Blocks first)`);
  return b.timestamp;
}

/**
 * A batch (or force inclusion) that read the delayed queue up to `afterRead` includes every
 * delayed message below it that no earlier batch included.
 */
export function markDelayedIncluded(dep: ArbitrumDeployment, afterRead: bigint, ref: TruthRef, forced: boolean): void {
  const t = dep.ctx.recorder.truth;
  for (const f of t.forcedMessages) {
    if (f.rollupId === dep.rollupId && !f.included && BigInt(f.queueIndex) < afterRead) {
      f.included = ref;
      f.forced = forced;
    }
  }
  for (const m of t.bridgeMessages) {
    if (m.rollupId === dep.rollupId && m.direction === 'DEPOSIT' && !m.stages.INCLUDED && BigInt(m.messageId) < afterRead) {
      m.stages.INCLUDED = ref;
    }
  }
}
