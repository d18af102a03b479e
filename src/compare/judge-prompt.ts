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

Answer with a single letter, A, B, C, D or E, and nothing else.`,
    },
  ];
}

/** The grade in a judge's answer: the first standalone letter A-E (judges add words despite being asked not to). */
export function parseGrade(answer: string): JudgeGrade | null {
  const match = /(?:^|[^A-Za-z])\(?([A-E])\)?(?![A-Za-z])/.exec(answer.trim());
  return match ? GRADES[match[1]!]! : null;
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
  return [system ? `(${system.content})` : '', lastUser?.content ?? ''].filter(Boolean).join('\n');
}
