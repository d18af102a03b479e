import { messageText } from '../suite/message-content.js';
import type { ChatMessage } from '../suite/types.js';
import type { JudgeGrade } from './types.js';

// The factuality grader of OpenAI's evals (evals/registry/modelgraded/fact.yaml), whose five
// classes say whether two answers differ in a way that matters. It is asked twice, each answer
// taking the expert's place once, so a judge's preference for the first or second position
// cancels out.

const GRADES: Record<string, JudgeGrade> = { A: 'subset', B: 'superset', C: 'same', D: 'disagrees', E: 'differs-but-irrelevant' };

export function judgeMessages(question: string, expert: string, submission: string): ChatMessage[] {
  return [
    {
      role: 'user',
      content: `You are comparing a submitted answer to an expert answer on a given question. Here is the data:
[BEGIN DATA]
************
[Question]: ${question}
************
[Expert]: ${expert}
************
[Submission]: ${submission}
************
[END DATA]

Compare the factual content of the submitted answer with the expert answer. Ignore any differences in style, grammar, or punctuation.
The submitted answer may either be a subset or superset of the expert answer, or it may conflict with it. Determine which case applies. Answer the question by selecting one of the following options:
(A) The submitted answer is a subset of the expert answer and is fully consistent with it.
(B) The submitted answer is a superset of the expert answer and is fully consistent with it.
(C) The submitted answer contains all the same details as the expert answer.
(D) There is a disagreement between the submitted answer and the expert answer.
(E) The answers differ, but these differences don't matter from the perspective of factuality.

Give your answer as the last line of your reply, in exactly this form: Answer: [X]
where X is one of A, B, C, D or E.`,
    },
  ];
}

/**
 * The grade in a judge's answer, read only from a clearly marked final answer on its last line:
 * the letter alone ("D", "(D)", "[D]"), a verdict ("Answer: [D]", "Final answer: D"), or a line
 * with exactly one bracketed letter ("... so the answer is (D)."). Anything else is unreadable
 * (null): no such line, or two different letters on it ("(B) or (E)"). Taking the first capital
 * letter instead reads "A close reading shows they disagree, so the answer is (D)." as A.
 */
export function parseGrade(answer: string): JudgeGrade | null {
  const lines = answer
    .split(/\r?\n/u)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  // Markdown emphasis, quoting and a closing full stop are not part of the answer.
  const last = (lines.at(-1) ?? '')
    .replace(/^>\s*/u, '')
    .replace(/[*_`]/gu, '')
    .replace(/[.!]+$/u, '')
    .trim();
  const alone = /^[[(]?([A-E])[\])]?$/u.exec(last);
  if (alone) return GRADES[alone[1]!]!;
  const verdict = /^(?:final\s+)?(?:answer|grade|verdict|choice|option)(?:\s+is)?\s*[:=\-\u2013]?\s*[[(]?([A-E])[\])]?$/iu.exec(last);
  if (verdict && /^[A-E]$/u.test(verdict[1]!)) return GRADES[verdict[1]!]!;
  const bracketed = new Set([...last.matchAll(/[[(]([A-E])[\])]/gu)].map((match) => match[1]!));
  return bracketed.size === 1 ? GRADES[[...bracketed][0]!]! : null;
}

/**
 * The backward question puts the candidate in the expert's place, so its subset/superset are
 * the other way round from the candidate's point of view.
 */
export function fromCandidateView(backward: JudgeGrade | null): JudgeGrade | null {
  if (backward === 'subset') return 'superset';
  if (backward === 'superset') return 'subset';
  return backward;
}

/** The question a case asks: its last user message, with the system message when there is one. */
export function caseQuestion(messages: ChatMessage[]): string {
  const system = messages.find((m) => m.role === 'system' || m.role === 'developer');
  const lastUser = [...messages].reverse().find((m) => m.role === 'user');
  return [system ? `(${messageText(system)})` : '', lastUser ? messageText(lastUser) : ''].filter(Boolean).join('\n');
}
