/**
 * What the four ZK stack simulators share: their signers, the L2 block model (a simulated L2 whose
 * blocks are numbers and timestamps: ZK batches are built from it), blob payloads, and the
 * truth helpers. Truth facts are built from what the simulator decided (batch contents, L2
 * ranges, queue indices) and from the recorded transaction (refs, log indices), never from the
 * decoders under test.
 */
import { toBlobs, toHex, type Hex } from 'viem';
import type { HDAccount } from 'viem/accounts';
import type { DevnetContext } from '../context.ts';
import type { RecordedTx } from '../recorder.ts';
import { refOf } from '../recorder.ts';
import type { TruthRef } from '../truth.ts';

/** Signers of the ZK simulators (account indices 14–19 of the devnet mnemonic; 0–13 belong to other stacks). */
export function zkAccounts(ctx: DevnetContext) {
  return {
    zkValidator: ctx.accounts.byIndex(14),
    scrollSequencer: ctx.accounts.byIndex(15),
    scrollProver: ctx.accounts.byIndex(16),
    lineaOperator: ctx.accounts.byIndex(17),
    starknetOperator: ctx.accounts.byIndex(18),
    user: ctx.accounts.byIndex(19),
  } satisfies Record<string, HDAccount>;
}

/** A simulated L2: consecutive blocks `blockTime` apart, handed out to batches in order. */
export interface L2Model {
  next: number;
  time: number;
  blockTime: number;
  /** Takes the next `n` blocks: [start, end] with their timestamps. */
  take(n: number): { start: number; end: number; startTime: number; endTime: number };
}

export function l2Model(firstBlock: number, firstTime: number, blockTime = 2): L2Model {
  return {
    next: firstBlock,
    time: firstTime,
    blockTime,
    take(n) {
      const start = this.next;
      const startTime = this.time;
      this.next += n;
      this.time += n * this.blockTime;
      return { start, end: start + n - 1, startTime, endTime: startTime + (n - 1) * this.blockTime };
    },
  };
}

/** `count` blobs of deterministic filler data (distinct per `seed`). */
export function fillerBlobs(count: number, seed: number): Hex[] {
  const out: Hex[] = [];
  for (let i = 0; i < count; i++) out.push(...(toBlobs({ data: toHex(`rollscope-zk-${seed}-${i}`.repeat(64)) }) as Hex[]));
  return out;
}

/** The ref of the `i`-th event named `name` of a recorded tx. */
export function eventRef(tx: RecordedTx, name: string, i = 0): TruthRef {
  const ev = tx.eventsNamed(name)[i];
  if (!ev) throw new Error(`simulator: tx ${tx.hash} has no ${name} event #${i} (events: ${tx.events.map((e) => e.eventName).join(', ')})`);
  return refOf(tx, ev.logIndex);
}

/** The i-th of n equal shares, remainder to the first shares (the batch cost split rule). */
export function share(total: number, index: number, count: number): number {
  return Math.floor(total / count) + (index < total % count ? 1 : 0);
}

export const word = (n: bigint | number): Hex => `0x${BigInt(n).toString(16).padStart(64, '0')}`;
