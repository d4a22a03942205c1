/**
 * Scroll mainnet (L2 chain id 534352). Sources: shared/reference/addresses.md (ScrollChain,
 * L1MessageQueue V1) and the scroll rollup node's mainnet constants (L1MessageQueueV2
 * 0x56971da6…, L1 start block 18318215).
 */
import type { ScrollRollup } from './types.ts';

/** First L1 block the Scroll rollup node syncs on mainnet (launch, 2023-10). */
const SCROLL_L1_START = 18_318_215;

export const scroll: ScrollRollup = {
  id: 'scroll',
  name: 'Scroll',
  stack: 'scroll',
  l1ChainId: 1,
  l2ChainId: 534352,
  startBlock: SCROLL_L1_START,
  contracts: {
    scrollChain: { address: '0xa13BAF47339d63B743e7Da8741db5456DAc1E556', fromBlock: SCROLL_L1_START },
    l1MessageQueueV1: { address: '0x0d7E906BD9cAFa154b048cFa766Cc1E54E39AF9B', fromBlock: SCROLL_L1_START },
    // Deployed with the EuclidV2 upgrade (2025); reading it from the launch block only scans empty ranges.
    l1MessageQueueV2: { address: '0x56971da63A3C0205184FEF096E9ddFc7A8C2D18a', fromBlock: SCROLL_L1_START },
  },
  forcedPath: 'enforced-batch-mode',
  // SystemConfig.enforcedBatchParameters on mainnet: 7 days each (Scroll docs / L2BEAT). The
  // contract is the authority: a change there must be mirrored here.
  enforcedBatchParameters: { maxDelayEnterEnforcedModeSeconds: 604_800, maxDelayMessageQueueSeconds: 604_800 },
};
