import type { SuiteIssue, IssueLocation } from '../errors.js';

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

/** A part of a message's content: text, or an image by URL or data URL (`data:image/png;base64,...`). */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

/** A call an assistant message made, as the API carries it in a conversation. */
export interface MessageToolCall {
  id: string;
  type: 'function';
  /** `arguments` is JSON text, as the API sends it. */
  function: { name: string; arguments: string };
}

/** A chat message as the Chat Completions API has it. */
export interface ChatMessage {
  role: Role;
  /** Text, content parts (text and images), or null for an assistant turn that only called tools. */
  content: string | ContentPart[] | null;
  name?: string;
  /** An assistant turn's calls to the application's tools. */
  tool_calls?: MessageToolCall[];
  /** A tool message: the call it answers. */
  tool_call_id?: string;
}

/** How a case's outputs are compared; `text` unless the case or defaults say otherwise. */
export type CompareSpec =
  | { kind: 'text' }
  /** A label: the first capture group of `extract` (the last match in the output), or which of `labels` the output gives. */
  | { kind: 'label'; extract?: string; labels?: string[] }
  /** JSON after stripping code fences; `keys` are the fields that must match (default: every leaf). */
  | { kind: 'json'; keys?: string[] }
  /** The final number in the output, or the first capture group of `extract`; equal within `tolerance`. */
  | { kind: 'number'; extract?: string; tolerance?: number }
  /** The code in the output (fenced blocks, else the whole text), not the prose around it. */
  | { kind: 'code' }
  /** The calls the model made to the application's tools, not its text; `keys` are the argument paths that must match (default: every argument). */
  | { kind: 'tool-calls'; keys?: string[] };

export type CompareKind = CompareSpec['kind'];

export type Assertion =
  | { type: 'contains' | 'icontains' | 'not-contains' | 'equals' | 'starts-with' | 'regex'; value: string }
  | { type: 'is-json' }
  | { type: 'json-schema'; value: Record<string, unknown> }
  | { type: 'min-length' | 'max-length'; value: number }
  | { type: 'one-of'; value: string[] }
  /** `file.mjs#fn`, relative to the suite: fn(output, testCase, { toolCalls }) returns a boolean or { pass, reason }. */
  | { type: 'javascript'; value: string }
  /** Some call (of `name`, when given) whose arguments have these values at these key paths and match `schema`. */
  | { type: 'tool-call'; value: ToolCallMatch }
  /** The output calls no tool. */
  | { type: 'no-tool-call' };

/** What a `tool-call` assertion looks for; every field given must hold for one and the same call. */
export interface ToolCallMatch {
  name?: string;
  /** Key path into the parsed arguments ("order_id", "items[0].sku", "$.customer.email") -> the value it must have (JSON equality). */
  arguments?: Record<string, unknown>;
  /** A JSON Schema the parsed arguments must match. */
  schema?: Record<string, unknown>;
}

/** A `${VAR}` reference in a target that had no value and no default when the suite was loaded. */
export interface UnresolvedVar {
  name: string;
  loc: IssueLocation;
}

interface TargetBase {
  name: string;
  /** Responses per case for this target, when the target sets it. */
  samples?: number;
  /** Per-target cap on requests in flight. */
  concurrency: number;
  loc: IssueLocation;
}

/** An environment variable a target reads, and for what (`API key`, `base_url`, `header X-Team`, `organization`). */
export interface EnvRead {
  variable: string;
  use: string;
  /** Unset when the suite was loaded: its `${VAR:-default}` default was used. */
  defaulted?: true;
}

/** A model behind an OpenAI-compatible chat-completions API. */
export interface EndpointTarget extends TargetBase {
  kind: 'endpoint';
  model: string;
  /**
   * The base URL, headers, organization and project as they may be stored and printed: a value
   * that came from the environment shows as its `${VAR}` (in a URL, where it fills the
   * `user:password@` or the query string). What is sent is `wire`.
   */
  baseUrl: string;
  /** Name of the env var holding the key; null when the endpoint needs no key. */
  apiKeyEnv: string | null;
  /** Sent exactly as written (defaults.params merged under the target's own). */
  params: Record<string, unknown>;
  headers: Record<string, string>;
  organization?: string;
  project?: string;
  /** What goes on the wire, every `${VAR}` expanded; only the senders read it (see wireOf). Absent: the fields above are sent as they are. */
  wire?: { baseUrl: string; headers: Record<string, string>; organization?: string; project?: string };
  /** The environment variables this endpoint reads, and for what (validate lists them). */
  reads?: EnvRead[];
  timeoutMs: number;
  maxRetries: number;
  /** Send this target's cells through the Batch API (`batch: true`). */
  batch?: boolean;
  /**
   * An Azure OpenAI deployment: requests go to `{baseUrl}/openai/deployments/{deployment}/...` (the
   * Responses API: `{baseUrl}/openai/responses`) with `?api-version=` and the key in the `api-key`
   * header; the body's model is the deployment, `model` names what prices and context windows are
   * read for.
   */
  azure?: { deployment: string; apiVersion: string };
  /** `responses`: called through the Responses API (the same cases, as input items); absent: Chat Completions. */
  api?: 'responses';
  /** strict (also when absent): params as written, a rejected one stops the target; auto: pinned rewrites what the model rejects. */
  paramsCompat?: 'strict' | 'auto';
  /** Requests and tokens per minute the provider allows, paced as at most a sixtieth per second. */
  rpm?: number;
  tpm?: number;
  /** USD per million tokens, when the suite sets it (an aggregator's own price); else pinned's table. */
  price?: { input: number; output: number };
  unresolved: UnresolvedVar[];
}

/** Outputs read from a recording file instead of an endpoint. */
export interface ReplayTarget extends TargetBase {
  kind: 'replay';
  /** Absolute path of the recording. */
  file: string;
  unresolved: UnresolvedVar[];
}

export type Target = EndpointTarget | ReplayTarget;

export interface Case {
  id: string;
  /** Position in the suite, after includes are expanded. */
  index: number;
  /** Rendered: vars substituted, the default system message added. */
  messages: ChatMessage[];
  /**
   * A conversation: user turns whose assistant turns each target generates itself. `messages`
   * are then what comes before the first turn (the system message, earlier history).
   */
  turns?: ConversationTurn[];
  /** Request params of this case (`params`, `tools`, `tool_choice`), sent over each target's own; absent when none. */
  params?: Record<string, unknown>;
  vars: Record<string, unknown>;
  tags: string[];
  description?: string;
  /** Responses per target for this case, when the case sets it. */
  samples?: number;
  /** How outputs are compared: the case's, else defaults', else text. */
  compare: CompareSpec;
  /** defaults.assert, then the file entry's, then the case's own; javascript paths made absolute. */
  assert: Assertion[];
  /** The right answer, as the case's compare kind reads it (label text, number, JSON value, text); absent when not given. */
  expected?: unknown;
  loc: IssueLocation;
}

/** One user turn of a conversation case. */
export interface ConversationTurn {
  /** The user's message, rendered. */
  user: ChatMessage;
  /** Function name -> what the tool answers (text), for calls the target makes during this turn (the case's, then the turn's own). */
  toolResults: Record<string, string>;
  /** The case's assertions, then the turn's own. */
  assert: Assertion[];
  /** The turn's right answer, as the case's compare kind reads it. */
  expected?: unknown;
}

/** When a candidate may replace the baseline; the suite's `gate:` with defaults filled in. */
export interface Gate {
  /** The regression rate a replaceable candidate must stay below (upper confidence bound). */
  maxRegressionRate: number;
  /** The equivalence rate a replaceable candidate must reach (lower confidence bound). */
  minEquivalenceRate: number;
  /** Tags whose cases must not regress, nor change without evidence of which side is right. */
  criticalTags: string[];
  /**
   * The share of cases whose answer may change at all (regressed, improved or changed), for a
   * team that wants no behaviour change; unset: changes are judged by their evidence only.
   */
  maxChangeRate?: number;
  /** A candidate's cost per answer may be at most this multiple of the baseline's (1.5: half as much again). */
  maxCostRatio?: number;
  /** A candidate's p95 latency may be at most this multiple of the baseline's. */
  maxP95LatencyRatio?: number;
  /** Confidence of the intervals and tests, e.g. 0.95. */
  confidence: number;
  /** Cases go in a seeded random order and a candidate is sent nothing more once the sequential rule decides it (--stop-early). */
  stopEarly?: boolean;
}

export interface SuiteSource {
  /** The suite YAML exactly as read. */
  yaml: string;
  /**
   * Included case files, by path relative to the suite's folder, exactly as read; a JSONL file
   * over a million characters is read row by row and not kept (the suite's hash covers it all the same).
   */
  files: Record<string, string>;
}

export interface Suite {
  name: string;
  description?: string;
  /** Absolute path of the suite file. */
  path: string;
  /** sha256 of the suite YAML and every file it includes: a run belongs to one suite version. */
  hash: string;
  source: SuiteSource;
  baseline: string;
  candidates: string[];
  targets: Record<string, Target>;
  cases: Case[];
  /** defaults.samples, or 1. */
  samples: number;
  gate: Gate;
  /** The model that judges cases lexical metrics cannot settle, when the suite names one. */
  judge?: EndpointTarget;
  /** The embeddings model for semantic similarity, when the suite names one. */
  embeddings?: EndpointTarget & { minCosine: number };
  /** Problems that do not stop a run (shown by validate and run). */
  warnings: SuiteIssue[];
}
