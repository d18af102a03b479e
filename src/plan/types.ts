import type { ChatMessage } from '../suite/types.js';

/** What a chat target sends: the body exactly as it goes over the wire, and where. */
export interface ChatRequest {
  kind: 'chat';
  /** Base URL of the OpenAI-compatible API; part of the cache key, never sent in the body. */
  endpoint: string;
  body: { model: string; messages: ChatMessage[] } & Record<string, unknown>;
}

/** What a target with `api: responses` sends: the Responses API body exactly as it goes over the wire. */
export interface ResponsesRequest {
  kind: 'responses';
  endpoint: string;
  body: { model: string; input: unknown[] } & Record<string, unknown>;
}

/** What a replay target looks up in its recording. */
export interface ReplayRequest {
  kind: 'replay';
  /** sha256 of the recording file, so an edited recording is read again instead of reused. */
  recording: string;
  caseId: string;
  messages: ChatMessage[];
}

/**
 * A conversation a chat target holds with itself: the first request's body (the messages before
 * the first turn, model and params), then each user turn, sent with the target's own earlier
 * answers. Each of its requests is an ordinary chat request, stored with its answer as the
 * conversation goes (so a resumed run continues at the turn it stopped at).
 */
export interface ConversationRequest {
  kind: 'conversation';
  /** Each request goes to the Responses API (its params are already in its terms). */
  api?: 'responses';
  endpoint: string;
  body: { model: string; messages: ChatMessage[] } & Record<string, unknown>;
  turns: Array<{ user: ChatMessage; toolResults: Record<string, string> }>;
}

export type RequestSpec = ChatRequest | ResponsesRequest | ReplayRequest | ConversationRequest;

/** One (case, target, sample) of a run: the unit that is planned, executed, stored and compared. */
export interface Cell {
  caseId: string;
  target: string;
  sample: number;
  request: RequestSpec;
  /** sha256 of the canonical request (sorted keys), identical requests share it. */
  requestHash: string;
}

export type Job = Cell;

export function cellKey(cell: { caseId: string; target: string; sample: number }): string {
  return `${cell.target}\u0000${cell.caseId}\u0000${cell.sample}`;
}

export function cacheKey(requestHash: string, sample: number): string {
  return `${requestHash}#${sample}`;
}
