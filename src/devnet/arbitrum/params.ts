/**
 * Devnet parameters of the Arbitrum emulator, with why each differs from mainnet.
 *
 * anvil gets slower per block as the chain grows (see clock.ts), so block-counted windows are
 * short and time-counted windows are real: the clock makes days pass in a few dozen blocks.
 */
export interface ArbitrumDevnetParams {
  /** SequencerInbox.maxTimeVariation (mainnet Arbitrum One: 28800 blocks / 64 / 345600 s / 3600 s). */
  maxTimeVariation: { delayBlocks: bigint; futureBlocks: bigint; delaySeconds: bigint; futureSeconds: bigint };
  /**
   * Rollup confirmPeriodBlocks (mainnet 45818 ≈ 6.4 days); the devnet passes the real time with
   * clock.advance. The legacy rollup also grants each challenge party this many blocks.
   */
  confirmPeriodBlocks: bigint;
  /** BoLD challengePeriodBlocks of the EdgeChallengeManager (unrivaled time needed to confirm an edge). */
  challengePeriodBlocks: bigint;
  /** Layer-zero edge heights (mainnet 2^5 block, 2^26 big step, 2^23 small step). */
  edgeHeights: { block: bigint; bigStep: bigint; smallStep: bigint };
  wasmModuleRoot: `0x${string}`;
  baseStakeWei: bigint;
  /** L2 block of message index 0 (the L2 anvil pre-mines this many "pre-Nitro" blocks). */
  l2GenesisBlock: number;
}

export const defaultArbitrumParams: ArbitrumDevnetParams = {
  maxTimeVariation: { delayBlocks: 120n, futureBlocks: 12n, delaySeconds: 86_400n, futureSeconds: 3_600n },
  confirmPeriodBlocks: 100n,
  challengePeriodBlocks: 50n,
  edgeHeights: { block: 4n, bigStep: 2n, smallStep: 2n },
  // Arbitrum One's consensus-v32 wasm module root.
  wasmModuleRoot: '0x184884e1eb9fefdc158f6c8ac912bb183bf3cf83f0090317e0bc4ac5860baa39',
  baseStakeWei: 1_000_000_000_000_000_000n,
  l2GenesisBlock: 100,
};

/** L1MessageType values (nitro-contracts MessageTypes.sol). */
export const MessageKind = { L2Message: 3, SubmitRetryable: 9, EthDeposit: 12, BatchPostingReport: 13 } as const;

/** Protocol messages that share the delayed queue but are not on the forced path. */
export const protocolKinds: ReadonlySet<number> = new Set([8, 11, 13]);
