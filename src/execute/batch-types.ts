/** One request of a batch: which cell it answers, by the same key a resume plans with. */
export interface BatchLine {
  customId: string;
  caseId: string;
  sample: number;
  requestHash: string;
}

/** A batch the provider accepted, as pinned keeps it until its results are stored. */
export interface SubmittedBatch {
  id: string;
  /** The target's base URL: a batch id means something only there. */
  endpoint: string;
  target: string;
  runId: number | null;
  inputFileId: string;
  lines: BatchLine[];
  submittedAt: string;
}

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
