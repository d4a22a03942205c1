/**
 * Linea simulator on LineaRollupEmulator: blob submissions (shnarf chain computed here the way
 * the emulator does), finalizations of the submitted L2 ranges, and L1→L2 messages.
 */
import { encodeAbiParameters, keccak256, toHex, type Hex } from 'viem';
import type { Address, LineaRollup } from '../../rollups/types.ts';
import type { DevnetContext } from '../context.ts';
import { loadArtifact } from '../compile.ts';
import { eventRef, fillerBlobs, l2Model, share, word, zkAccounts, type L2Model } from './common.ts';

export interface LineaSim {
  definition: LineaRollup;
  l2: L2Model;
  /** One submitBlobs tx of `blobs` blobs covering `blocks` L2 blocks. */
  submit(blobs: number, blocks: number): Promise<void>;
  /** Finalizes everything submitted so far. */
  finalize(): Promise<void>;
  sendMessage(): Promise<void>;
}

const shnarfOf = (d: { parentShnarf: Hex; snarkHash: Hex; finalStateRootHash: Hex; dataEvaluationPoint: Hex; dataEvaluationClaim: Hex }) =>
  keccak256(encodeAbiParameters(Array(5).fill({ type: 'bytes32' }), [d.parentShnarf, d.snarkHash, d.finalStateRootHash, d.dataEvaluationPoint, d.dataEvaluationClaim]));

export async function createLineaSim(ctx: DevnetContext, opts: { id?: string } = {}): Promise<LineaSim> {
  const a = zkAccounts(ctx);
  const id = opts.id ?? 'linea-devnet';
  const genesisShnarf = word(0x5a5a);
  const genesisRoot = word(0x600d);
  const deployed = await ctx.deploy({ artifact: 'LineaRollupEmulator', args: [a.lineaOperator.address, genesisShnarf, genesisRoot], name: `${id}:rollup` });
  const from = deployed.tx.ref.blockNumber;
  const definition: LineaRollup = {
    id, name: 'Linea (devnet)', stack: 'linea', l1ChainId: ctx.l1.chainId, l2ChainId: 59_144_001, startBlock: from,
    contracts: { lineaRollup: { address: deployed.address, fromBlock: from } }, forcedPath: 'none',
  };
  ctx.recorder.addRollup(definition);
  const abi = loadArtifact('LineaRollupEmulator').abi;
  const truth = ctx.recorder.truth;
  const l2 = l2Model(1, deployed.tx.ref.timestamp);
  let shnarf = genesisShnarf;
  let lastShnarfData = { parentShnarf: genesisShnarf, snarkHash: word(0), finalStateRootHash: genesisRoot, dataEvaluationPoint: word(0), dataEvaluationClaim: word(0) };
  let finalizedRoot = genesisRoot;
  let submittedEnd = 0;
  let messages = 0;

  return {
    definition, l2,
    async submit(blobCount, blocks) {
      const range = l2.take(blocks);
      const blobs = fillerBlobs(blobCount, 40_000 + range.start);
      const subs = Array.from({ length: blobCount }, (_, i) => ({
        dataEvaluationClaim: BigInt(i + 1), kzgCommitment: '0x' as Hex, kzgProof: '0x' as Hex,
        finalStateRootHash: keccak256(toHex(`linea-root-${range.end}-${i}`)), snarkHash: keccak256(toHex(`linea-snark-${range.end}-${i}`)),
      }));
      // The emulator's evaluation point is keccak256(snarkHash, blobVersionedHash): read the hashes viem will send.
      const { blobsToCommitments, commitmentsToVersionedHashes } = await import('viem');
      const versioned = commitmentsToVersionedHashes({ commitments: blobsToCommitments({ blobs, kzg: ctx.kzg }) }) as Hex[];
      const parent = shnarf;
      let next = shnarf;
      subs.forEach((s, i) => {
        lastShnarfData = {
          parentShnarf: next, snarkHash: s.snarkHash, finalStateRootHash: s.finalStateRootHash,
          dataEvaluationPoint: keccak256(encodeAbiParameters([{ type: 'bytes32' }, { type: 'bytes32' }], [s.snarkHash, versioned[i]!])), dataEvaluationClaim: word(s.dataEvaluationClaim),
        };
        next = shnarfOf(lastShnarfData);
      });
      await ctx.write({
        account: a.lineaOperator, address: deployed.address, abi, functionName: 'submitBlobs', args: [subs, parent, next], blobs,
        build: (tx) => {
          const l1 = eventRef(tx, 'DataSubmittedV3');
          const blobsUsed = tx.receipt.blobGasUsed ? Number(tx.receipt.blobGasUsed / 131_072n) : 0;
          truth.batches.push({
            rollupId: id, batchNumber: String(BigInt(l1.blockNumber) * 1_000_000n + BigInt(l1.logIndex!)), l1, submitter: tx.from.toLowerCase() as Address, dataLocation: 'BLOB',
            bytesPosted: share(blobsUsed * 131_072, 0, 1), blobCount: blobsUsed,
            l2BlockStart: range.start, l2BlockEnd: range.end, l2TimeStart: range.startTime, l2TimeEnd: range.endTime,
          });
          truth.stateRoots.push({ rollupId: id, kind: 'ZK_COMMIT', index: next, root: subs[subs.length - 1]!.finalStateRootHash, l2BlockNumber: range.end, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] });
        },
      });
      shnarf = next;
      submittedEnd = range.end;
    },
    async finalize() {
      const data = {
        parentStateRootHash: finalizedRoot, endBlockNumber: BigInt(submittedEnd), shnarfData: lastShnarfData,
        lastFinalizedTimestamp: 0n, finalTimestamp: 0n, lastFinalizedL1RollingHash: word(0), l1RollingHash: word(0),
        lastFinalizedL1RollingHashMessageNumber: 0n, l1RollingHashMessageNumber: 0n, l2MerkleTreesDepth: 0n, l2MerkleRoots: [] as Hex[], l2MessagingBlocksOffsets: '0x' as Hex,
      };
      const end = submittedEnd;
      const finalShnarf = shnarf;
      await ctx.write({
        account: a.lineaOperator, address: deployed.address, abi, functionName: 'finalizeBlocks', args: ['0x', 0n, data],
        build: (tx) => {
          const l1 = eventRef(tx, 'DataFinalizedV3');
          for (const kind of ['ZK_PROOF', 'ZK_EXECUTE'] as const) {
            truth.stateRoots.push({ rollupId: id, kind, index: finalShnarf, root: lastShnarfData.finalStateRootHash, l2BlockNumber: end, l1, proposer: tx.from.toLowerCase() as Address, statusChanges: [] });
          }
        },
      });
      finalizedRoot = lastShnarfData.finalStateRootHash;
    },
    async sendMessage() {
      const nonce = ++messages;
      const value = 10n ** 16n;
      const fee = 1_000n;
      await ctx.write({
        account: a.user, address: deployed.address, abi, functionName: 'sendMessage', args: [a.user.address, fee, '0x1234'], value: value + fee,
        build: (tx) => {
          const messageId = keccak256(encodeAbiParameters(
            [{ type: 'address' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'bytes' }],
            [a.user.address, a.user.address, fee, value, BigInt(nonce), '0x1234'],
          ));
          truth.bridgeMessages.push({
            rollupId: id, direction: 'DEPOSIT', kind: 'MESSAGE', messageId, from: a.user.address.toLowerCase() as Address, to: a.user.address.toLowerCase() as Address,
            amount: value.toString(), stages: { INITIATED: eventRef(tx, 'MessageSent') },
          });
        },
      });
    },
  };
}
