/** Example queries GraphiQL opens with, one tab per kind of user. */
export const riskEnginePoll = `# Risk engine: poll this every few seconds per rollup.
# Everything here is served from one precomputed row (the rollup snapshot) plus the clock.
query RiskPoll($rollup: ID!) {
  rollup(id: $rollup) {
    id
    health { status since reasons { code severity message since } }
    sequencerUptime(gracePeriodSeconds: 3600) { answer startedAt borrowAllowed liquidationAllowed }
    censorship { queueDepth oldestUnprocessedAgeSeconds pastWindow forceable forceInclusionWindowSeconds }
    latest {
      batch { number ageSeconds l2BlockEnd }
      stateRoot { index l2BlockNumber status challenged ageSeconds }
      openChallenges
      snapshotVersion
    }
    finality { heads { stage l2Block lagSeconds } }
  }
}`;

export const rollupPage = `# Frontend: a rollup's page.
query RollupPage($rollup: ID!) {
  rollup(id: $rollup) {
    name
    stack
    parameters { proofSystem challengePeriodSeconds withdrawalDelaySeconds forceInclusionWindowSeconds }
    health { status reasons { code message } }
    finality(window: { last: H24 }) {
      stages { stage delay { p50 p90 max } pending }
      heads { stage l2Block lagSeconds }
    }
    da(window: { last: H24 }) {
      total { batches bytesPosted blobs totalFeeWei }
      byLocation { dataLocation batches bytesPosted }
    }
    batches(first: 10) {
      nodes { number l1 { txHash timestamp } dataLocation blobCount totalFeeWei l2BlockStart l2BlockEnd }
      pageInfo { endCursor hasNextPage }
    }
  }
}`;

export const l2BlockPage = `# Frontend / bridge UI: "your withdrawal from block N settles at ..."
query L2BlockPage($rollup: ID!, $block: Int!) {
  l2Block(rollup: $rollup, number: $block) {
    number
    timestamp
    stage
    settled
    stages { stage status at expectedAt delaySeconds estimated l1 { txHash blockNumber } }
    batch { number dataLocation l1 { txHash } }
  }
}`;

export const analystDistribution = `# Analyst: 30-day distributions, tail risk, anomalies and costs.
query Distribution30d($rollup: ID!) {
  rollup(id: $rollup) {
    finality(window: { last: D30 }) {
      samples
      stages { stage pending delay { count p50 p90 p99 max } }
      timeToSettlementRisk(quantile: 0.99) { count valueAtRiskSeconds conditionalValueAtRiskSeconds }
    }
    liveness(window: { last: D30 }) {
      batches { submissions intervals { avg p50 p90 max } anomalies { start durationSeconds zScore } openGapAnomalous }
      stateRoots { submissions intervals { p50 max } anomalies { start durationSeconds zScore } }
    }
    da(window: { last: D30 }) { byLocation { dataLocation batches bytesPosted blobGasUsed totalFeeWei feePerByteWei } }
  }
}`;

/** `block`: the L2 block the block-page tab opens with (the server picks one the rollup has batched). */
export function graphiqlTabs(rollupId: string, block = 1) {
  const vars = (extra: Record<string, unknown> = {}) => JSON.stringify({ rollup: rollupId, ...extra }, null, 2);
  return [
    { query: riskEnginePoll, variables: vars() },
    { query: rollupPage, variables: vars() },
    { query: l2BlockPage, variables: vars({ block }) },
    { query: analystDistribution, variables: vars() },
  ];
}
