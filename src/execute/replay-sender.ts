import type { Job } from '../plan/types.js';
import { findRecorded, recordedSuccess, type Recording } from './recording.js';
import type { AttemptResult, Sender } from './types.js';

/**
 * Answers a replay target's cells from its recording. `displayPath` is how the user wrote the
 * file (e.g. relative to the suite), so a missing cell points at a file they recognise.
 */
export function createReplaySender(recording: Recording, displayPath: string): Sender {
  return {
    async send(job: Job): Promise<AttemptResult> {
      const { request } = job;
      if (request.kind !== 'replay') {
        const message = `case '${job.caseId}' has a ${request.kind} request but target '${job.target}' replays ${displayPath}`;
        return { ok: false, kind: 'unknown', message, retryable: false, latencyMs: 0 };
      }
      // The plan was made against other file contents; answering from this one would store
      // outputs under a request that claims the old file.
      if (request.recording !== recording.sha256) {
        const message = `${displayPath} changed since the run was planned (sha256 ${recording.sha256.slice(0, 12)}, planned ${request.recording.slice(0, 12)})`;
        return { ok: false, kind: 'unknown', message, retryable: false, latencyMs: 0 };
      }
      const found = findRecorded(recording, request.caseId, request.messages, job.sample);
      if (!found) {
        const message = `no recording for case '${request.caseId}' (sample ${job.sample}) in ${displayPath}`;
        return { ok: false, kind: 'missing', message, retryable: false, latencyMs: 0 };
      }
      return recordedSuccess(found, 'replay');
    },
  };
}
