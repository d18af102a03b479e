import type { IssueLocation, SuiteIssue } from '../errors.js';
import type { Case, ChatMessage, ConversationTurn } from './types.js';
import type { WrittenCase, WrittenCaseEntry, WrittenDefaults, WrittenMessage, WrittenTurn } from './schema.js';
import { toChatMessage } from './chat-messages.js';
import { toAssertion } from './check-comparison.js';
import { resolveExpected } from './resolve-expected.js';
import { suggest } from './did-you-mean.js';
import { renderTemplate } from './template.js';

/** A case as written (inline, or a row of an included file under its entry's template). */
export interface CaseDraft {
  written: WrittenCase;
  /** The `file:` entry this row came from: its prompt/messages, vars, tags, system, samples. */
  entry?: WrittenCaseEntry;
  entryLoc?: IssueLocation;
  loc: IssueLocation;
}

/**
 * Applies the merge order (defaults < file entry < case), picks the system message and
 * renders every `{{var}}`. Prompts are never env-interpolated: `${...}` in them is content.
 */
export function renderCase(
  draft: CaseDraft,
  id: string,
  index: number,
  defaults: WrittenDefaults,
): { case?: Case; issues: SuiteIssue[]; warnings?: SuiteIssue[] } {
  const { written, entry } = draft;
  const body = chooseBody(draft, id);
  if ('issue' in body) return { issues: [body.issue] };

  const vars = { ...defaults.vars, ...entry?.vars, ...written.vars };
  // `system: null` (or '') on the case switches the default off, so "given" is not "truthy".
  const system = written.system !== undefined ? written.system : entry?.system !== undefined ? entry.system : defaults.system;
  const messages: ChatMessage[] = body.prompt !== undefined ? [{ role: 'user', content: body.prompt }] : body.messages.map(toChatMessage);
  if (typeof system === 'string' && system !== '' && !messages.some((m) => m.role === 'system' || m.role === 'developer')) {
    messages.unshift({ role: 'system', content: system });
  }

  const missing: string[] = [];
  const unclosed: string[] = [];
  const turns = body.turns?.map((turn) => ({ ...turn, user: toChatMessage({ role: 'user', content: turn.user }) }));
  // {{vars}} fill text: string contents and text parts; image URLs, call arguments and ids are sent as written.
  const render = (text: string): string => {
    const rendered = renderTemplate(text, vars);
    for (const name of rendered.missing) if (!missing.includes(name)) missing.push(name);
    for (const text of rendered.unclosed) if (!unclosed.includes(text)) unclosed.push(text);
    return rendered.text;
  };
  for (const message of [...messages, ...(turns ?? []).map((turn) => turn.user)]) {
    if (typeof message.content === 'string') message.content = render(message.content);
    else if (message.content)
      message.content = message.content.map((part) => (part.type === 'text' ? { ...part, text: render(part.text) } : part));
  }
  const warnings = unclosed.map((text) => ({
    ...draft.loc,
    message: `case '${id}': '${text}' has no closing '}}', so it is sent as written`,
    hint: `write {{${text.slice(2).trim().replace(/\W.*$/s, '') || 'name'}}} for the var, or remove the braces`,
  }));
  if (missing.length > 0) {
    return {
      issues: missing.map((name) => {
        const hint = suggest(name, Object.keys(vars), 'vars of this case') ?? `define '${name}' in the case's vars or in defaults.vars`;
        return { ...draft.loc, message: `case '${id}': no value for {{${name}}}`, hint };
      }),
    };
  }

  const params = {
    ...entry?.params,
    ...(entry?.tools && { tools: entry.tools }),
    ...(entry?.tool_choice && { tool_choice: entry.tool_choice }),
    ...written.params,
    ...(written.tools && { tools: written.tools }),
    ...(written.tool_choice && { tool_choice: written.tool_choice }),
  };
  const tags = [...new Set([...(written.tags ?? []), ...(entry?.tags ?? [])])];
  const samples = written.samples ?? entry?.samples;
  const compare = written.compare ?? entry?.compare ?? defaults.compare ?? { kind: 'text' };
  const assert = [...(defaults.assert ?? []), ...(entry?.assert ?? []), ...(written.assert ?? [])].map(toAssertion);
  const expected = resolveExpected(written.expected, compare);
  if (expected.problem) return { issues: [{ ...draft.loc, message: `case '${id}': ${expected.problem}` }] };
  let conversation: ConversationTurn[] | undefined;
  if (turns) {
    if (expected.value !== undefined) {
      return {
        issues: [
          {
            ...draft.loc,
            message: `case '${id}': a conversation's expected: goes on its turns`,
            hint: 'write expected: on the turn it answers',
          },
        ],
      };
    }
    const caseResults = { ...entry?.tool_results, ...written.tool_results };
    conversation = [];
    for (const [t, turn] of turns.entries()) {
      const own = resolveExpected(turn.expected, compare);
      if (own.problem) return { issues: [{ ...draft.loc, message: `case '${id}': turns[${t}].${own.problem}` }] };
      conversation.push({
        user: turn.user,
        toolResults: Object.fromEntries(
          Object.entries({ ...caseResults, ...turn.tool_results }).map(([name, value]) => [
            name,
            typeof value === 'string' ? value : JSON.stringify(value),
          ]),
        ),
        assert: [...assert, ...(turn.assert ?? []).map(toAssertion)],
        ...(own.value !== undefined && { expected: own.value }),
      });
    }
  }
  return {
    case: {
      id,
      index,
      messages,
      ...(conversation && { turns: conversation }),
      ...(Object.keys(params).length > 0 && { params }),
      vars,
      tags,
      ...(written.description !== undefined && { description: written.description }),
      ...(samples !== undefined && { samples }),
      compare,
      assert,
      ...(expected.value !== undefined && { expected: expected.value }),
      loc: draft.loc,
    },
    issues: [],
    warnings,
  };
}

type Body =
  | { prompt: string; messages?: undefined; turns?: undefined }
  | { prompt?: undefined; messages: WrittenMessage[]; turns?: WrittenTurn[] }
  | { issue: SuiteIssue };

/** Exactly one of prompt/messages: the row's own, else the file entry's template. */
function chooseBody(draft: CaseDraft, id: string): Body {
  const { written, entry } = draft;
  const own = written.prompt !== undefined || written.messages !== undefined || written.turns !== undefined;
  const source = own || !entry ? written : entry;
  const loc = own || !entry ? draft.loc : (draft.entryLoc ?? draft.loc);
  if (source.turns !== undefined) {
    if (source.prompt !== undefined) {
      return {
        issue: {
          ...loc,
          message: `case '${id}': has both 'prompt' and 'turns'; give one`,
          hint: "'turns' are the user's messages, one per turn; write the first as the first turn",
        },
      };
    }
    // Messages before the first turn are the conversation's history (system message, earlier turns).
    return { messages: source.messages ?? [], turns: source.turns };
  }
  if (source.prompt !== undefined && source.messages !== undefined) {
    return {
      issue: {
        ...loc,
        message: `case '${id}': has both 'prompt' and 'messages'; give one`,
        hint: "'prompt' is one user message; 'messages' is the whole conversation",
      },
    };
  }
  if (source.prompt !== undefined) return { prompt: source.prompt };
  if (source.messages !== undefined) return { messages: source.messages };
  return {
    issue: {
      ...draft.loc,
      message: `case '${id}': missing 'prompt' or 'messages'`,
      ...(entry ? { hint: "give each row a prompt, or put a 'prompt' template on the file entry" } : {}),
    },
  };
}
