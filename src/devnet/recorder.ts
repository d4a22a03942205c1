/**
 * Recorder: accumulates the GroundTruth of a scenario from what really landed on the chains.
 *
 * API (stable):
 *   createRecorder({ scenario, keepEvents? = true }) => Recorder
 *   recorder.truth                                  GroundTruth being built (mutable, plain JSON + no bigints)
 *   recorder.addChain({ chainId, rpcUrl, role, rollupId?, rpc }) / addRollup(def)
 *   recorder.registerContract({ chainId, address, abi, name })     events of registered contracts are decoded + recorded
 *   recorder.recordTx(chainId, txHash, build?) => Promise<RecordedTx>
 *       waits for the receipt, reads back its logs (real block hash / log index / timestamp), appends
 *       TruthEvents, then runs `build(tx)` to add derived facts (batches, state roots, ...). `build` is
 *       remembered per tx hash so `replayTx` can rebuild the facts when a reorg re-includes the tx.
 *   recorder.replayTx(chainId, txHash) => Promise<RecordedTx>
 *   recorder.dropAfter(chainId, ancestorBlock, depth) => TruthReorg
 *       removes every fact (and fact part: stages, status changes, moves, inclusion) from blocks
 *       > ancestorBlock of that chain and appends a TruthReorg listing the removed events.
 *   recorder.setExpected(key, value); recorder.toJSON() (pretty JSON, bigints as strings)
 *   refOf(tx, logIndex?) => TruthRef; jsonSafe(value)
 *
 * Invariants:
 * - Every TruthRef in the truth comes from a receipt + block header read back from the chain.
 * - `eventCounts` always counts every recorded event (keyed chainId/address/topic0), also when
 *   `keepEvents` is false (the `load` scenario records counts only, not a million TruthEvents);
 *   then txs with more than 1000 logs are counted by topic0 without decoding (tx.events = []),
 *   smaller ones are decoded for their fact builders but not kept in truth.events.
 * - After `dropAfter`, no fact refers to a block above the ancestor on that chain.
 */
import { decodeEventLog, formatTransactionReceipt, toEventSelector, type Abi, type TransactionReceipt } from 'viem';
import type { Address, Hex, RollupDefinition } from '../rollups/types.ts';
import type { GroundTruth, TruthEvent, TruthRef, TruthReorg } from './truth.ts';
import type { RawRpc } from './clock.ts';

export interface RecordedTx {
  chainId: number;
  hash: Hex;
  from: Address;
  to: Address | null;
  receipt: TransactionReceipt;
  /** Tx-level ref (no logIndex). */
  ref: TruthRef;
  /** Decoded events of registered contracts, in log order. */
  events: TruthEvent[];
  /** Events of this tx with the given name. */
  eventsNamed(name: string): TruthEvent[];
}

export type FactBuilder = (tx: RecordedTx) => void | Promise<void>;

export interface EventCount {
  chainId: number;
  address: Address;
  topic0: Hex;
  eventName: string;
  count: number;
}

/** GroundTruth plus per-event counts (always present; `events` may be empty when keepEvents=false). */
export interface RecordedTruth extends GroundTruth {
  eventCounts: EventCount[];
}

export interface Recorder {
  readonly truth: RecordedTruth;
  readonly keepEvents: boolean;
  addChain(c: { chainId: number; rpcUrl: string; role: 'l1' | 'l2'; rollupId?: string; rpc: RawRpc }): void;
  addRollup(def: RollupDefinition): void;
  registerContract(c: { chainId: number; address: Address; abi: Abi; name: string }): void;
  contractName(chainId: number, address: Address): string | undefined;
  recordTx(chainId: number, hash: Hex, build?: FactBuilder): Promise<RecordedTx>;
  replayTx(chainId: number, hash: Hex): Promise<RecordedTx>;
  dropAfter(chainId: number, ancestorBlock: number, depth: number): TruthReorg;
  setExpected(key: string, value: unknown): void;
  toJSON(): string;
}

export function refOf(tx: { ref: TruthRef }, logIndex?: number): TruthRef {
  return logIndex === undefined ? { ...tx.ref } : { ...tx.ref, logIndex };
}

/** Converts bigints to decimal strings, recursively (viem decodes uint256 as bigint). */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** Counts-only mode decodes txs up to this many logs (builders need them); bigger ones are only counted. */
const BULK_LOGS = 1000;

const key = (chainId: number, address: string) => `${chainId}:${address.toLowerCase()}`;

export function createRecorder(opts: { scenario: string; keepEvents?: boolean }): Recorder {
  const keepEvents = opts.keepEvents ?? true;
  const truth: RecordedTruth = {
    scenario: opts.scenario,
    chains: [],
    rollups: [],
    events: [],
    batches: [],
    stateRoots: [],
    challenges: [],
    bridgeMessages: [],
    forcedMessages: [],
    l2Blocks: [],
    reorgs: [],
    expected: {},
    eventCounts: [],
  };
  const rpcs = new Map<number, RawRpc>();
  const contracts = new Map<string, { abi: Abi; name: string; names: Map<string, string> }>();
  const builders = new Map<string, FactBuilder | undefined>();
  const counts = new Map<string, EventCount>();
  const blockCache = new Map<string, { hash: Hex; timestamp: number }>();

  const rpcOf = (chainId: number) => {
    const r = rpcs.get(chainId);
    if (!r) throw new Error(`recorder: unknown chain ${chainId}; call addChain first`);
    return r;
  };

  const bump = (ev: { chainId: number; address: Address; topic0: Hex; eventName: string }, delta: number) => {
    const k = `${ev.chainId}:${ev.address.toLowerCase()}:${ev.topic0}`;
    let c = counts.get(k);
    if (!c) {
      c = { chainId: ev.chainId, address: ev.address, topic0: ev.topic0, eventName: ev.eventName, count: 0 };
      counts.set(k, c);
      truth.eventCounts.push(c);
    }
    c.count += delta;
  };

  async function receiptOf(chainId: number, hash: Hex): Promise<TransactionReceipt> {
    const rpc = rpcOf(chainId);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const r = await rpc<Record<string, unknown> | null>('eth_getTransactionReceipt', [hash]);
      if (r && r.blockHash) return formatReceipt(r);
      if (Date.now() > deadline) throw new Error(`recorder: no receipt for ${hash} on chain ${chainId} after 60 s`);
      await new Promise((res) => setTimeout(res, 10));
    }
  }

  async function blockOf(chainId: number, blockHash: Hex): Promise<{ hash: Hex; timestamp: number }> {
    const k = `${chainId}:${blockHash}`;
    let b = blockCache.get(k);
    if (!b) {
      const raw = await rpcOf(chainId)<{ hash: Hex; timestamp: string } | null>('eth_getBlockByHash', [blockHash, false]);
      if (!raw) throw new Error(`recorder: block ${blockHash} not found on chain ${chainId}`);
      b = { hash: raw.hash, timestamp: Number(raw.timestamp) };
      blockCache.set(k, b);
    }
    return b;
  }

  async function read(chainId: number, hash: Hex): Promise<RecordedTx> {
    const receipt = await receiptOf(chainId, hash);
    if (receipt.status !== 'success') {
      // Replay the call on the parent state to get the revert data (custom error selector + args).
      let revert = 'unknown';
      try {
        const tx = await rpcOf(chainId)<Record<string, string>>('eth_getTransactionByHash', [hash]);
        await rpcOf(chainId)('eth_call', [{ from: tx.from, to: tx.to, data: tx.input, value: tx.value, gas: tx.gas }, `0x${(receipt.blockNumber - 1n).toString(16)}`]);
        revert = 'the call succeeds on the parent state (depends on an earlier tx of the same block)';
      } catch (e) {
        revert = String(e).slice(0, 400);
      }
      throw new Error(`recorder: tx ${hash} on chain ${chainId} reverted (block ${receipt.blockNumber}, from ${receipt.from}, to ${receipt.to} ${contracts.get(key(chainId, receipt.to ?? ''))?.name ?? ''}): ${revert}`);
    }
    const block = await blockOf(chainId, receipt.blockHash);
    const ref: TruthRef = { chainId, blockNumber: Number(receipt.blockNumber), blockHash: receipt.blockHash, txHash: hash, timestamp: block.timestamp };
    const events: TruthEvent[] = [];
    if (!keepEvents && receipt.logs.length > BULK_LOGS) {
      // Counts-only mode, bulk tx (load): no decoding, the event name comes from the ABI's topic0 map.
      for (const log of receipt.logs) {
        const c = contracts.get(key(chainId, log.address));
        const topic0 = log.topics[0];
        if (!c || !topic0) continue;
        bump({ chainId, address: log.address, topic0, eventName: c.names.get(topic0) ?? 'unknown' }, 1);
      }
      return { chainId, hash, from: receipt.from, to: receipt.to, receipt, ref, events, eventsNamed: () => [] };
    }
    for (const log of receipt.logs) {
      const c = contracts.get(key(chainId, log.address));
      if (!c || !log.topics[0]) continue;
      let decoded: { eventName: string; args: unknown };
      try {
        decoded = decodeEventLog({ abi: c.abi, data: log.data, topics: log.topics as [Hex, ...Hex[]] }) as { eventName: string; args: unknown };
      } catch (e) {
        throw new Error(`recorder: cannot decode log ${log.logIndex} of ${hash} from ${c.name} ${log.address}: ${String(e)}`);
      }
      const ev: TruthEvent = {
        ...ref,
        logIndex: Number(log.logIndex),
        address: log.address,
        topic0: log.topics[0],
        eventName: decoded.eventName,
        args: jsonSafe(decoded.args) as Record<string, unknown>,
      };
      events.push(ev);
    }
    return {
      chainId,
      hash,
      from: receipt.from,
      to: receipt.to,
      receipt,
      ref,
      events,
      eventsNamed: (name) => events.filter((e) => e.eventName === name),
    };
  }

  async function apply(tx: RecordedTx, build: FactBuilder | undefined): Promise<void> {
    if (keepEvents || tx.receipt.logs.length <= BULK_LOGS) {
      for (const ev of tx.events) {
        bump(ev, 1);
        if (keepEvents) truth.events.push(ev);
      }
    }
    if (build) await build(tx);
  }

  const above = (chainId: number, ancestor: number) => (r: TruthRef | undefined) => !!r && r.chainId === chainId && r.blockNumber > ancestor;

  return {
    truth,
    keepEvents,
    addChain(c) {
      rpcs.set(c.chainId, c.rpc);
      truth.chains.push({ chainId: c.chainId, rpcUrl: c.rpcUrl, role: c.role, ...(c.rollupId ? { rollupId: c.rollupId } : {}) });
    },
    addRollup(def) {
      truth.rollups.push(def);
    },
    registerContract(c) {
      const names = new Map<string, string>();
      for (const item of c.abi) if (item.type === 'event') names.set(toEventSelector(item), item.name);
      contracts.set(key(c.chainId, c.address), { abi: c.abi, name: c.name, names });
    },
    contractName(chainId, address) {
      return contracts.get(key(chainId, address))?.name;
    },
    async recordTx(chainId, hash, build) {
      const tx = await read(chainId, hash);
      builders.set(`${chainId}:${hash}`, build);
      await apply(tx, build);
      return tx;
    },
    async replayTx(chainId, hash) {
      const k = `${chainId}:${hash}`;
      if (!builders.has(k)) throw new Error(`recorder: replayTx(${hash}) but the tx was never recorded on chain ${chainId}`);
      const tx = await read(chainId, hash);
      await apply(tx, builders.get(k));
      return tx;
    },
    dropAfter(chainId, ancestor, depth) {
      const gone = above(chainId, ancestor);
      const removedEvents: TruthEvent[] = [];
      // Events: kept list and counts. (Counts-only mode cannot know what was removed: do not reorg there.)
      const kept: TruthEvent[] = [];
      for (const e of truth.events) (gone(e) ? removedEvents : kept).push(e);
      truth.events = kept;
      for (const e of removedEvents) bump(e, -1);
      truth.batches = truth.batches.filter((b) => !gone(b.l1));
      truth.stateRoots = truth.stateRoots.filter((s) => !gone(s.l1));
      for (const s of truth.stateRoots) s.statusChanges = s.statusChanges.filter((c) => !gone(c.l1));
      truth.challenges = truth.challenges.filter((c) => !gone(c.created));
      for (const c of truth.challenges) {
        c.moves = c.moves.filter((m) => !gone(m.l1));
        if (gone(c.resolved)) {
          delete c.resolved;
          c.status = 'IN_PROGRESS';
        }
      }
      truth.bridgeMessages = truth.bridgeMessages.filter((m) => !gone(m.stages.INITIATED));
      for (const m of truth.bridgeMessages) {
        for (const st of ['INCLUDED', 'PROVEN', 'FINALIZED'] as const) if (gone(m.stages[st])) delete m.stages[st];
      }
      truth.forcedMessages = truth.forcedMessages.filter((f) => !gone(f.enqueued));
      for (const f of truth.forcedMessages) {
        if (gone(f.included)) {
          delete f.included;
          f.forced = false;
        }
      }
      for (const [k] of blockCache) if (k.startsWith(`${chainId}:`)) blockCache.delete(k);
      const reorg: TruthReorg = { chainId, depth, ancestor, removedEvents };
      truth.reorgs.push(reorg);
      return reorg;
    },
    setExpected(k, v) {
      truth.expected[k] = jsonSafe(v);
    },
    toJSON() {
      return JSON.stringify(jsonSafe(truth), null, 2);
    },
  };
}

/** viem's receipt formatting, with addresses lower-cased (the devnet keys contracts by lower-case address). */
function formatReceipt(r: Record<string, unknown>): TransactionReceipt {
  const f = formatTransactionReceipt(r as never);
  return {
    ...f,
    from: f.from.toLowerCase() as Address,
    to: f.to ? (f.to.toLowerCase() as Address) : null,
    contractAddress: f.contractAddress ? (f.contractAddress.toLowerCase() as Address) : f.contractAddress,
    logs: f.logs.map((l) => ({ ...l, address: l.address.toLowerCase() as Address })),
  };
}
