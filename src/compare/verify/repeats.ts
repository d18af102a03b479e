// Signs that the endpoint is not sampling: answers that repeat word for word.
// - Repeats of one prompt that come back identical at a temperature above 0: the endpoint
//   ignores temperature or answers from a cache. Two genuine gpt-4-0314 samples at 0.7 are
//   identical on 30 of alpaca_eval's 662 prompts, all answers of at most 38 words, so a long
//   identical repeat is the sign, or identical repeats on most prompts.
// - Answers identical to the recording itself, when long: the endpoint may be replaying
//   published outputs (alpaca_eval's are public) instead of generating. Neither test can see
//   that: a replayed recording is as close to the recording as it gets.
import type { VerifyPrompt } from './types.js';

export const LONG_ANSWER_WORDS = 50;
const MOST = 0.5;
const MIN_REPEATED_FOR_SHARE = 5;

export function repeatWarnings(prompts: readonly VerifyPrompt[], temperature: number): string[] {
  const warnings: string[] = [];
  const repeated = prompts.filter((p) => p.answers.length >= 2);
  const identical = repeated.filter((p) => p.answers.every((a) => a === p.answers[0]));
  const longIdentical = identical.filter((p) => words(p.answers[0]!) >= LONG_ANSWER_WORDS);
  if (temperature > 0 && identical.length > 0) {
    const most = repeated.length >= MIN_REPEATED_FOR_SHARE && identical.length / repeated.length > MOST;
    if (longIdentical.length > 0 || most) {
      const which =
        longIdentical.length > 0 ? `, ${longIdentical.length} of them of ${LONG_ANSWER_WORDS} words or more (${ids(longIdentical)})` : '';
      warnings.push(
        `${identical.length} of ${repeated.length} repeated prompts came back identical at temperature ${temperature}${which}: ` +
          'the endpoint may ignore temperature or answer from a cache, and then its answers are not samples the tests can compare',
      );
    }
  }
  const replayed = prompts.filter((p) => words(p.answers[0] ?? '') >= LONG_ANSWER_WORDS && p.recordings.includes(p.answers[0]!));
  if (replayed.length > 0) {
    warnings.push(
      `${replayed.length} ${replayed.length === 1 ? 'answer' : 'answers'} of ${LONG_ANSWER_WORDS} words or more ${replayed.length === 1 ? 'is' : 'are'} identical to a recording word for word (${ids(replayed)}): ` +
        'the endpoint may be replaying published outputs rather than generating, which neither test can detect',
    );
  }
  return warnings;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function ids(prompts: readonly VerifyPrompt[]): string {
  const shown = prompts.slice(0, 5).map((p) => p.id);
  return prompts.length > 5 ? `${shown.join(', ')}, ...` : shown.join(', ');
}
