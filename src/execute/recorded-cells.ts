import type { Success } from '../domain/outcome.js';
import { buildRequest, hashRequest } from '../plan/build-request.js';
import type { Cell } from '../plan/types.js';
import type { Suite, Target } from '../suite/types.js';
import { findRecorded, recordedSuccess, type Recording } from './recording.js';
import { messagesKey } from './recording-rows.js';

export interface RecordedCells {
  /** Every recorded sample of a case, keyed by the request `target` would send for it. */
  items: Array<{ cell: Cell; outcome: Success; line: number }>;
  /** Cases the recording has no row for. */
  missing: Cell[];
  /** Case ids the recording has and the suite does not: a typo, or a case renamed since it was recorded. */
  strays: string[];
  /** Lines of log rows whose messages are no case's: not imported, and said so. */
  unmatched: number[];
}

/** The suite's cells for one target that a recording answers, and the cases it leaves unanswered. */
export function recordedCells(suite: Pick<Suite, 'cases'>, target: Target, recording: Recording): RecordedCells {
  const items: RecordedCells['items'] = [];
  const missing: Cell[] = [];
  for (const testCase of suite.cases) {
    const request = buildRequest(testCase, target, recording.sha256);
    const requestHash = hashRequest(request);
    let sample = 0;
    for (
      let found = findRecorded(recording, testCase.id, testCase.messages, sample);
      found;
      found = findRecorded(recording, testCase.id, testCase.messages, ++sample)
    ) {
      items.push({
        cell: { caseId: testCase.id, target: target.name, sample, request, requestHash },
        outcome: { ...recordedSuccess(found, 'import'), attempts: 1 },
        line: found.line,
      });
    }
    if (sample === 0) missing.push({ caseId: testCase.id, target: target.name, sample: 0, request, requestHash });
  }
  const known = new Set(suite.cases.map((c) => c.id));
  const matched = new Set(suite.cases.map((c) => messagesKey(c.messages)));
  const unmatched = [...recording.byMessages]
    .filter(([key]) => !matched.has(key))
    .flatMap(([, outputs]) => [...new Set(outputs.map((output) => output.line))])
    .sort((a, b) => a - b);
  return { items, missing, strays: [...recording.byCase.keys()].filter((id) => !known.has(id)), unmatched };
}
