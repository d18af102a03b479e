// The library surface: the pipeline's stages, one verb each, and the nouns they pass along.
export { loadSuite } from './suite/load-suite.js';
export type { Suite, Case, Target, EndpointTarget, ReplayTarget, ChatMessage, Role } from './suite/types.js';

export { expandCells } from './plan/expand-cells.js';
export { planRun } from './plan/plan-run.js';
export { parseShard, shardOf, cellsOfShard } from './plan/shard.js';
export type { Shard } from './plan/shard.js';
export type { Cell, Job, RequestSpec, ChatRequest, ReplayRequest } from './plan/types.js';
export { estimateRun } from './plan/estimate.js';
export type { Estimate, TargetEstimate } from './plan/estimate.js';
export { priceOf, costOf } from './domain/prices.js';
export type { Price } from './domain/prices.js';
export { modelInfo, PRICE_TABLE_DATE } from './domain/model-table.js';
export type { ModelInfo } from './domain/model-table.js';
export { loadTokenCounter } from './plan/token-counter.js';
export { contextSuspects, confirmContextWarnings } from './plan/context-window.js';
export type { ContextWarning } from './plan/context-window.js';
export { suiteJsonSchema } from './suite/json-schema.js';

export { executeJobs } from './execute/execute-jobs.js';
export type { ExecuteOptions, ExecuteResult } from './execute/execute-jobs.js';
export { createChatSender } from './execute/chat-sender.js';
export { readRecording, findRecorded } from './execute/recording.js';
export type { Recording } from './execute/recording.js';
export type { RecordedOutput } from './execute/recording-rows.js';
export { createReplaySender } from './execute/replay-sender.js';
export { executeBatches } from './execute/execute-batches.js';
export type { BatchLane, BatchOptions } from './execute/execute-batches.js';
export type { BatchApi, BatchLedger } from './execute/batch-types.js';
export type { SubmittedBatch } from './domain/submitted-batch.js';
export type { Sender, ExecuteHooks, TargetLane } from './execute/types.js';
export type { Outcome, Success, Failure, Usage } from './domain/outcome.js';

export { openStore } from './store/open-store.js';
export type { Store } from './store/open-store.js';
export type { RunData, RunRow, RunSummary, CellRow, ResponseRow, StoredCase, RunTargetRow } from './store/types.js';

export { runSuite } from './pipeline/run-suite.js';
export type { RunOptions, RunResult } from './pipeline/run-suite.js';
export { compareStoredRun } from './pipeline/compare-stored-run.js';
export type { CompareStep, StoredComparison } from './pipeline/compare-stored-run.js';
export { verifyTarget } from './pipeline/verify-target.js';
export type { VerifyOptions, VerifyTargetResult } from './pipeline/verify-target.js';

export { verifyEndpoint } from './compare/verify/verify-endpoint.js';
export { drawPrompts } from './compare/verify/draw-prompts.js';
export type {
  VerifyInput,
  VerifyResult,
  VerifyPrompt,
  VerifyRow,
  DecodingSettings,
  DecodingMismatch,
  VerifyOutcome,
} from './compare/verify/types.js';
export type { StoredVerification, BaselineVerification } from './domain/verification.js';

export { PinnedError, SuiteError, UsageError, ConfigError, RecordingError, StoreError, CostError } from './errors.js';
export type { SuiteIssue } from './errors.js';

export { renderMarkdown } from './report/render-markdown.js';
export type { MarkdownOptions } from './report/render-markdown.js';
export { renderJunit } from './report/render-junit.js';
export type { JunitOptions } from './report/render-junit.js';
