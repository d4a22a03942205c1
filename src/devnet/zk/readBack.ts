/**
 * Reads back what a stack's sources would ingest from the devnet L1 (logs, transactions and
 * receipts, block times) and runs the stack's decoder on it, with eth_call answered by the chain
 * at the asked block. The engine does the same in production; this keeps the devnet tests of the
 * decoders independent of the ingest engine.
 */
import type { Hex, Log } from 'viem';
import type { RollupDefinition } from '../../rollups/types.ts';
import { emptyFacts, type DecodeContext, type Facts, type RawLog, type RawTransaction, type StackIndexer } from '../../stacks/types.ts';
import type { DevnetChain } from '../context.ts';
import { createRawRpc } from '../clock.ts';

/** `l2RpcUrl`: the rollup's L2 JSON-RPC (DecodeContext.l2), e.g. the zkSync devnet node. */
export async function decodeFromChain<D extends RollupDefinition>(chain: DevnetChain, stack: StackIndexer<D>, def: D, opts: { l2RpcUrl?: string } = {}): Promise<Facts> {
  const out = emptyFacts();
  const head = Number(await chain.public.getBlockNumber());
  const times = new Map<bigint, number>();
  const ctx: DecodeContext = {
    readContract: async <T>(args: { address: `0x${string}`; abi: readonly unknown[]; functionName: string; args?: readonly unknown[]; blockNumber: number }) =>
      (await chain.public.readContract({ address: args.address, abi: args.abi as never, functionName: args.functionName, args: (args.args ?? []) as never, blockNumber: BigInt(args.blockNumber) })) as T,
    state: { get: async () => undefined, set: async () => {} },
  };
  if (opts.l2RpcUrl) {
    const l2 = createRawRpc(opts.l2RpcUrl);
    ctx.l2 = {
      getBlockByHash: async (hash) => {
        const b = await l2<{ number: string; timestamp: string } | null>('eth_getBlockByHash', [hash, false]);
        return b ? { number: Number(b.number), timestamp: Number(b.timestamp) } : null;
      },
      request: <T>(method: string, params: readonly unknown[]) => l2<T>(method, [...params]),
    };
  }
  for (const source of stack.sources(def)) {
    if (source.kind !== 'logs') throw new Error(`decodeFromChain: ${source.kind} sources are not read here`);
    const logs = (await chain.public.getLogs({ address: source.addresses, fromBlock: BigInt(source.fromBlock), toBlock: BigInt(head) } as never)) as Log[];
    const wanted = logs.filter((l) => source.topics.includes(l.topics[0] as Hex));
    const raw: RawLog[] = [];
    for (const l of wanted) {
      let t = times.get(l.blockNumber!);
      if (t === undefined) {
        t = Number((await chain.public.getBlock({ blockNumber: l.blockNumber! })).timestamp);
        times.set(l.blockNumber!, t);
      }
      raw.push({
        address: l.address.toLowerCase() as Hex, topics: l.topics as Hex[], data: l.data, blockNumber: Number(l.blockNumber), blockHash: l.blockHash!,
        blockTime: t, transactionHash: l.transactionHash!, transactionIndex: Number(l.transactionIndex), logIndex: Number(l.logIndex),
      });
    }
    const transactions = new Map<Hex, RawTransaction>();
    if (source.withTransactions || source.withReceipts) {
      for (const hash of new Set(raw.map((l) => l.transactionHash))) {
        const tx = await chain.public.getTransaction({ hash });
        const r = await chain.public.getTransactionReceipt({ hash });
        transactions.set(hash, {
          hash, blockNumber: Number(tx.blockNumber), blockHash: tx.blockHash!, blockTime: times.get(tx.blockNumber!)!, transactionIndex: Number(tx.transactionIndex),
          from: tx.from.toLowerCase() as Hex, to: (tx.to?.toLowerCase() ?? null) as Hex | null, input: tx.input, type: tx.type, value: tx.value,
          ...(tx.blobVersionedHashes ? { blobVersionedHashes: [...tx.blobVersionedHashes] } : {}),
          receipt: {
            status: r.status, gasUsed: r.gasUsed, effectiveGasPrice: r.effectiveGasPrice,
            ...(r.blobGasUsed !== undefined ? { blobGasUsed: r.blobGasUsed, blobGasPrice: r.blobGasPrice } : {}),
          },
        });
      }
    }
    const facts = await stack.decode(def, { source, fromBlock: source.fromBlock, toBlock: head, logs: raw, transactions }, ctx);
    for (const k of Object.keys(out) as (keyof Facts)[]) (out[k] as unknown[]).push(...facts[k]);
  }
  return out;
}
