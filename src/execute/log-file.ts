// An OpenAI-style request/response log read for `pinned import --cases`: every line is either a
// usable row or an unusable one with its line number and why; none is dropped unsaid.
import { readFile } from 'node:fs/promises';
import { RecordingError } from '../errors.js';
import { parseRecordingRow, type LogRow } from './recording-rows.js';

export interface LogEntry {
  line: number;
  row: LogRow;
  /** The line's JSON as written: fields beside request and response (route, metadata...) tag cases. */
  raw: Record<string, unknown>;
}

export interface LogFile {
  entries: LogEntry[];
  unusable: Array<{ line: number; reason: string }>;
  /** Non-empty lines. */
  lines: number;
}

export async function readLogFile(file: string): Promise<LogFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RecordingError(`cannot read log ${file}: ${(error as Error).message}`, file);
  }
  const result: LogFile = { entries: [], unusable: [], lines: 0 };
  const lines = text.replace(/^\uFEFF/u, '').split('\n');
  for (const [i, line] of lines.entries()) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    result.lines++;
    try {
      const row = parseRecordingRow(trimmed, { file, line: i + 1 });
      if (row.format !== 'log') {
        result.unusable.push({ line: i + 1, reason: 'a case row ({"case", "output"}), not a request/response log row' });
        continue;
      }
      result.entries.push({ line: i + 1, row, raw: JSON.parse(trimmed) as Record<string, unknown> });
    } catch (error) {
      if (!(error instanceof RecordingError)) throw error;
      // "file:line:col: reason" -> the reason; the line is kept on its own.
      result.unusable.push({ line: i + 1, reason: error.message.replace(/^.*?:\d+:\d+: /u, '') });
    }
  }
  return result;
}
