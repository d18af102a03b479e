import type { SubmittedBatch } from '../domain/submitted-batch.js';

export type BatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

export interface BatchState {
  status: BatchStatus;
  outputFileId: string | null;
  errorFileId: string | null;
  counts: { total: number; completed: number; failed: number } | null;
  /** Why the provider failed the whole batch (validation), when it did. */
  errors: string[];
}

/** The few Files and Batch API calls batch mode needs, for one target. */
export interface BatchApi {
  /** Uploads the JSONL input (purpose batch) and creates the batch (24h window). */
  submit(jsonl: string, metadata: Record<string, string>): Promise<{ batchId: string; inputFileId: string }>;
  retrieve(batchId: string, signal: AbortSignal): Promise<BatchState>;
  download(fileId: string, signal: AbortSignal): Promise<string>;
}

/** Where submitted batches are kept: saved the moment they exist, finished once their results are stored. */
export interface BatchLedger {
  pending(endpoint: string, target: string): SubmittedBatch[];
  submitted(batch: SubmittedBatch): void;
  finished(endpoint: string, batchId: string, status: string): void;
}
