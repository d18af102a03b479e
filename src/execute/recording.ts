import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RecordingError } from '../errors.js';
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
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    recording.rows++;
    const place = { file, line: i + 1 };
    const row = parseRecordingRow(text, place);
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
      throw rowError(
        place,
        `case '${row.caseId}' sample ${sample} is already recorded at line ${earlier.line}; give each row its own "sample"`,
      );
    }
    samples[sample] = row.output;
  }
  return recording;
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
    finishReason: found.finishReason,
    model: found.model,
    systemFingerprint: null,
    usage: found.usage,
    latencyMs: found.latencyMs ?? null,
    source,
  };
}
