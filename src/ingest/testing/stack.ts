/**
 * A minimal stack for engine tests and the ingest benchmark: every log becomes one bridge message
 * (messageId = topic1 as a decimal), every transaction of a transaction source one sequencer
 * batch. Sources are given by the test. Decode is deliberately cheap so benchmarks measure the engine.
 */
import type { Address, ArbitrumRollup } from '../../rollups/types.ts';
import { emptyFacts, type Source, type StackIndexer } from '../../stacks/types.ts';

export function testRollup(id: string, l1ChainId: number, startBlock = 0): ArbitrumRollup {
  const c = (address: Address) => ({ address, fromBlock: startBlock });
  const zero = '0x0000000000000000000000000000000000000000' as Address;
  return {
    id, name: id, l1ChainId, l2ChainId: 999_999, startBlock, stack: 'arbitrum', dataAvailability: 'rollup',
    contracts: { sequencerInbox: c(zero), bridge: c(zero), inbox: c(zero), outbox: c(zero) }, l2GenesisBlock: 0,
  };
}

export function createTestStack(sources: (definition: ArbitrumRollup) => Source[]): StackIndexer<ArbitrumRollup> {
  return {
    stack: 'arbitrum',
    sources,
    async decode(definition, batch, ctx) {
      const facts = emptyFacts();
      for (const l of batch.logs) {
        facts.bridgeMessages.push({
          chainId: batch.source.chainId, blockNumber: l.blockNumber, blockHash: l.blockHash, blockTime: l.blockTime,
          txHash: l.transactionHash, txIndex: l.transactionIndex, logIndex: l.logIndex, subIndex: 0,
          rollupId: definition.id, direction: 'DEPOSIT', kind: batch.source.id, messageId: BigInt(l.topics[1] ?? '0x0').toString(),
          stage: 'INITIATED', sender: l.address,
        });
      }
      if (batch.source.kind === 'transactions') {
        // Exercises decoder state: a running count of batches across ranges.
        let count = (await ctx.state.get<number>('count')) ?? 0;
        for (const tx of batch.transactions.values()) {
          facts.sequencerBatches.push({
            chainId: batch.source.chainId, blockNumber: tx.blockNumber, blockHash: tx.blockHash, blockTime: tx.blockTime,
            txHash: tx.hash, txIndex: tx.transactionIndex, logIndex: -1, subIndex: 0,
            rollupId: definition.id, batchNumber: String(count++), submitter: tx.from, dataLocation: 'CALLDATA',
            bytesPosted: (tx.input.length - 2) / 2, l1GasUsed: tx.receipt?.gasUsed.toString(),
          });
        }
        await ctx.state.set('count', count);
      }
      return facts;
    },
  };
}
