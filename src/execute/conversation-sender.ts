// A conversation case, sent as the target holds it: each user turn goes out with the target's own
// earlier answers, and a turn whose answer calls tools the case has fixed results for is answered
// with them and sent again. Every request is an ordinary chat request, kept in the ledger as soon
// as it is answered: an interrupted or retried conversation continues at the request it stopped at.
import type { ToolCall, TurnOutput, Usage } from '../domain/outcome.js';
import { hashRequest } from '../plan/build-request.js';
import type { ChatRequest, ConversationRequest, Job, ResponsesRequest } from '../plan/types.js';
import { responsesInput } from '../plan/responses-request.js';
import type { ChatMessage } from '../suite/types.js';
import type { AttemptResult, Sender, StepLedger } from './types.js';

/** Rounds of tool results one turn may take before it counts as answered: a model calling tools forever is not one to wait for. */
const MAX_TOOL_ROUNDS = 8;

type Answer = Extract<AttemptResult, { ok: true }>;

export function withConversations(inner: Sender, ledger: StepLedger | undefined): Sender {
  return {
    async send(job, signal) {
      if (job.request.kind !== 'conversation') return inner.send(job, signal);
      return converse(job, job.request, inner, ledger, signal);
    },
  };
}

async function converse(job: Job, conversation: ConversationRequest, inner: Sender, ledger: StepLedger | undefined, signal: AbortSignal) {
  const { messages: history, ...params } = conversation.body;
  let sentParams: Record<string, unknown> = params;
  const messages: ChatMessage[] = [...history];
  const turns: TurnOutput[] = [];
  const usage = new UsageSum();
  let latencyMs = 0;
  let step = 0;
  let last: Answer | undefined;
  for (const [t, turn] of conversation.turns.entries()) {
    messages.push(turn.user);
    const calls: ToolCall[] = [];
    let requests = 0;
    for (let round = 0; ; round++) {
      const request: StepRequest =
        conversation.api === 'responses'
          ? {
              kind: 'responses',
              endpoint: conversation.endpoint,
              body: { ...params, input: responsesInput(messages) } as ResponsesRequest['body'],
            }
          : { kind: 'chat', endpoint: conversation.endpoint, body: { ...params, messages: [...messages] } as ChatRequest['body'] };
      const requestHash = hashRequest(request);
      let answer: Answer | undefined = ledger?.find(job, step, request, requestHash);
      if (!answer) {
        const result = await inner.send({ ...job, request, requestHash }, signal);
        if (!result.ok) return { ...result, message: `turn ${t + 1} of ${conversation.turns.length}: ${result.message}` };
        const sent = result.request?.kind === request.kind ? (result.request as StepRequest) : request;
        if (sent !== request) sentParams = withoutMessages(sent.body);
        const { request: _request, rateLimit: _rateLimit, ...stored } = result;
        ledger?.save(job, step, sent, hashRequest(sent), { ...stored, attempts: 1 });
        answer = result;
      }
      step++;
      requests++;
      last = answer;
      usage.add(answer.usage);
      latencyMs += answer.latencyMs ?? 0;
      const made = answer.toolCalls ?? [];
      calls.push(...made);
      const answerable = made.length > 0 && made.every((call) => Object.hasOwn(turn.toolResults, call.name));
      if (answerable && round < MAX_TOOL_ROUNDS) {
        const ids = made.map((call, i) => call.id ?? `call_${step}_${i}`);
        messages.push({
          role: 'assistant',
          content: answer.output === '' ? null : answer.output,
          tool_calls: made.map((call, i) => ({ id: ids[i]!, type: 'function', function: { name: call.name, arguments: call.arguments } })),
        });
        made.forEach((call, i) => messages.push({ role: 'tool', tool_call_id: ids[i]!, content: turn.toolResults[call.name]! }));
        continue;
      }
      const unanswered = made.filter((call) => !Object.hasOwn(turn.toolResults, call.name)).map((call) => call.name);
      const more = t < conversation.turns.length - 1;
      turns.push({
        output: answer.output,
        ...(answer.refusal !== undefined && { refusal: answer.refusal }),
        ...(calls.length > 0 && { toolCalls: calls }),
        finishReason: answer.finishReason,
        requests,
        ...(more &&
          made.length > 0 && {
            ended:
              unanswered.length > 0
                ? `it called ${[...new Set(unanswered)].join(', ')}, which the case gives no tool_results for`
                : `it was still calling tools after ${MAX_TOOL_ROUNDS} rounds of results`,
          }),
      });
      messages.push({ role: 'assistant', content: answer.output });
      break;
    }
    if (turns.at(-1)!.ended) break;
  }
  const final = turns.at(-1)!;
  const result: AttemptResult = {
    ok: true,
    output: final.output,
    ...(final.refusal !== undefined && { refusal: final.refusal }),
    ...(final.toolCalls && { toolCalls: final.toolCalls }),
    turns,
    finishReason: final.finishReason,
    model: last!.model,
    systemFingerprint: last!.systemFingerprint,
    usage: usage.total(),
    latencyMs,
    source: 'api',
    ...(last!.rateLimit && { rateLimit: last!.rateLimit }),
    // params_compat: auto rewrote the params on the way: the conversation is stored as it was sent.
    ...(sentParams !== params && {
      request: { ...conversation, body: { ...sentParams, messages: history } as ConversationRequest['body'] },
    }),
  };
  return result;
}

type StepRequest = ChatRequest | ResponsesRequest;

function withoutMessages(body: StepRequest['body']): Record<string, unknown> {
  const { messages: _messages, input: _input, ...params } = body as Record<string, unknown>;
  return params;
}

class UsageSum {
  private prompt = 0;
  private completion = 0;
  private known = true;
  private any = false;
  add(usage: Usage | null): void {
    if (!usage || usage.promptTokens === null || usage.completionTokens === null) {
      this.known = false;
      return;
    }
    this.any = true;
    this.prompt += usage.promptTokens;
    this.completion += usage.completionTokens;
  }
  total(): Usage | null {
    if (!this.known || !this.any) return null;
    return { promptTokens: this.prompt, completionTokens: this.completion, totalTokens: this.prompt + this.completion, raw: null };
  }
}
