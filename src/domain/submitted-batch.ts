// A Batch API job as pinned keeps it until its results are stored: submitted by execute/,
// saved and found again on resume by store/.

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
