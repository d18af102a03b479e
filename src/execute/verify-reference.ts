// A reference for pinned verify: recordings of the genuine snapshot, read with the recording
// parsers `pinned import` uses. Log rows bring their own messages and request params; case rows
// are the suite's case (its rendered messages) and say nothing of their settings. Every row with
// the same messages (role and trimmed text) is one more independent sample of that prompt.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { RecordingError } from '../errors.js';
import type { Case, ChatMessage, Role } from '../suite/types.js';
import { contentText, messagesKey, parseRecordingRow, rowError } from './recording-rows.js';

export interface ReferenceSample {
  output: string;
  finishReason: string | null;
  /** The model the row says answered. */
  model: string | null;
  /** The logged request's params (model and messages left out); null for a case row. */
  params: Record<string, unknown> | null;
  line: number;
}

export interface ReferencePrompt {
  /** The case id for a case row's prompt, else "prompt-" and 12 hex digits of the messages' hash: stable across files and row order. */
  id: string;
  messages: ChatMessage[];
  /** Independent samples of the snapshot, in file order. */
  samples: ReferenceSample[];
}

export interface Reference {
  file: string;
  sha256: string;
  /** Non-empty lines. */
  rows: number;
  prompts: ReferencePrompt[];
  /** Case ids of case rows the suite does not have. */
  strays: string[];
}

/** Reads a reference; the suite's cases resolve its case rows. */
export async function readReference(file: string, cases: readonly Case[]): Promise<Reference> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new RecordingError(`cannot read reference ${file}: ${(error as Error).message}`, file);
  }
  const byCaseId = new Map(cases.map((c) => [c.id, c]));
  const prompts = new Map<string, ReferencePrompt>();
  const strays = new Set<string>();
  const promptFor = (messages: ChatMessage[], caseId?: string): ReferencePrompt => {
    const key = messagesKey(messages);
    let prompt = prompts.get(key);
    if (!prompt) prompts.set(key, (prompt = { id: caseId ?? `prompt-${sha256(key).slice(0, 12)}`, messages, samples: [] }));
    else if (caseId && prompt.id.startsWith('prompt-')) prompt.id = caseId;
    return prompt;
  };
  let rows = 0;
  const lines = bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    rows++;
    const place = { file, line: i + 1 };
    const row = parseRecordingRow(text, place);
    if (row.format === 'log') {
      const messages = row.messages.map((m, j) => chatMessage(m, j, place));
      promptFor(messages).samples.push(
        ...row.outputs.map((o) => ({ output: o.output, finishReason: o.finishReason, model: o.model, params: row.params, line: o.line })),
      );
      continue;
    }
    const testCase = byCaseId.get(row.caseId);
    if (!testCase) {
      strays.add(row.caseId);
      continue;
    }
    const { output } = row;
    promptFor(testCase.messages, testCase.id).samples.push({
      output: output.output,
      finishReason: output.finishReason,
      model: output.model,
      params: null,
      line: output.line,
    });
  }
  return { file, sha256: sha256(bytes), rows, prompts: [...prompts.values()], strays: [...strays] };
}

const ROLES = new Set<Role>(['system', 'developer', 'user', 'assistant', 'tool']);

function chatMessage(
  message: { role: string; content?: unknown; name?: unknown },
  index: number,
  place: { file: string; line: number },
): ChatMessage {
  if (!ROLES.has(message.role as Role)) {
    throw rowError(place, `request.messages[${index}] has role '${message.role}'; expected one of ${[...ROLES].join(', ')}`);
  }
  return {
    role: message.role as Role,
    content: contentText(message.content),
    ...(typeof message.name === 'string' && { name: message.name }),
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}
