import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RecordingError } from '../errors.js';
import { displayPath } from '../suite/display-path.js';
import type { Suite } from '../suite/types.js';
import type { ChatMessage } from '../suite/types.js';
import { messagesKey, parseRecordingRow, rowError, type RecordedOutput } from './recording-rows.js';
import type { Success, Usage } from '../domain/outcome.js';

export interface Recording {
  file: string;
  /** sha256 of the file's bytes: plans key replayed requests on it, so an edited file is read again. */
  sha256: string;
  /** Non-empty lines. */
  rows: number;
  /** Case id -> outputs, index = sample (sparse when samples were numbered with gaps). */
  byCase: Map<string, RecordedOutput[]>;
  /** Messages key -> outputs in the order the log gave them, index = sample. */
  byMessages: Map<string, RecordedOutput[]>;
}

/** Reads a JSONL recording; rows in the case format and OpenAI log rows may be mixed. */
export async function readRecording(file: string): Promise<Recording> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new RecordingError(`cannot read recording ${file}: ${(error as Error).message}`, file);
  }
  const recording: Recording = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    rows: 0,
    byCase: new Map(),
    byMessages: new Map(),
  };
  // Rows without "sample" take the next index not already given to their case.
  const nextSample = new Map<string, number>();
  const lines = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  const problems: RecordingError[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    recording.rows++;
    const place = { file, line: i + 1 };
    let row: ReturnType<typeof parseRecordingRow>;
    try {
      row = parseRecordingRow(text, place);
    } catch (error) {
      // Every bad row is reported, not only the first, so one edit fixes them all.
      if (!(error instanceof RecordingError)) throw error;
      problems.push(error);
      continue;
    }
    if (row.format === 'log') {
      const outputs = recording.byMessages.get(row.key);
      if (outputs) outputs.push(...row.outputs);
      else recording.byMessages.set(row.key, row.outputs);
      continue;
    }
    let samples = recording.byCase.get(row.caseId);
    if (!samples) recording.byCase.set(row.caseId, (samples = []));
    let sample = row.sample;
    if (sample === undefined) {
      sample = nextSample.get(row.caseId) ?? 0;
      while (samples[sample] !== undefined) sample++;
      nextSample.set(row.caseId, sample + 1);
    }
    const earlier = samples[sample];
    if (earlier) {
      problems.push(
        rowError(
          place,
          `case '${row.caseId}' sample ${sample} is already recorded at line ${earlier.line}; give each row its own "sample"`,
        ),
      );
      continue;
    }
    samples[sample] = row.output;
  }
  if (problems.length > 0) throw recordingProblems(file, problems, recording.rows);
  return recording;
}

const SHOWN_PROBLEMS = 20;

/** All of a recording's bad rows in one error, each file:line:col; a file with no good row is said not to be a recording. */
function recordingProblems(file: string, problems: RecordingError[], rows: number): RecordingError {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((problem) => problem.message);
  if (problems.length > SHOWN_PROBLEMS) lines.push(`… and ${problems.length - SHOWN_PROBLEMS} more bad rows`);
  const lead =
    problems.length === rows
      ? `${displayPath(file)} is not a recording: none of its ${rows} row${rows === 1 ? '' : 's'} is a recorded output`
      : `${displayPath(file)}: ${problems.length} bad row${problems.length === 1 ? '' : 's'} of ${rows}`;
  return new RecordingError([...lines, lead].join('\n'), file, problems[0]!.line);
}

/** The recorded output of one cell: by case id first, then by the case's rendered messages. */
export function findRecorded(recording: Recording, caseId: string, messages: ChatMessage[], sample: number): RecordedOutput | undefined {
  return recording.byCase.get(caseId)?.[sample] ?? recording.byMessages.get(messagesKey(messages))?.[sample];
}

/** A recorded row as an outcome, the same for a replay target and an import. */
export function recordedSuccess(found: RecordedOutput, source: 'replay' | 'import'): Omit<Success, 'attempts'> {
  return {
    ok: true,
    output: found.output,
    ...(found.refusal !== undefined && { refusal: found.refusal }),
    ...(found.toolCalls && { toolCalls: found.toolCalls }),
    ...(found.turns && { turns: found.turns }),
    finishReason: found.finishReason,
    model: found.model,
    systemFingerprint: null,
    usage: found.usage,
    latencyMs: found.latencyMs ?? null,
    source,
  };
}

/** What validate checks of a suite's replay targets: each recording read as a run reads it, every bad row reported. */
export async function checkRecordings(suite: Suite): Promise<void> {
  const problems: RecordingError[] = [];
  for (const target of Object.values(suite.targets)) {
    if (target.kind !== 'replay' || target.unresolved.length > 0) continue;
    await readRecording(target.file).catch((error: unknown) => {
      if (!(error instanceof RecordingError)) throw error;
      problems.push(error);
    });
  }
  if (problems.length > 0) throw new RecordingError(problems.map((problem) => problem.message).join('\n'), problems[0]!.file);
}
