import { describe, expect, it } from 'vitest';
import { outputFlags } from './output-flags.js';

const refusal = (output: string) => outputFlags(output, 'stop').refusal;

describe('outputFlags', () => {
  it('truncated: the provider stopped at the token limit', () => {
    expect(outputFlags('partial answ', 'length').truncated).toBe(true);
    expect(outputFlags('done', 'stop').truncated).toBe(false);
    expect(outputFlags('done', null).truncated).toBe(false);
  });

  it('codeFence: ``` or ~~~ at the start of a line, indented or not', () => {
    expect(outputFlags('Here:\n```python\nprint(1)\n```', null).codeFence).toBe(true);
    expect(outputFlags('1. Step\n    ~~~\n    code\n    ~~~', null).codeFence).toBe(true);
    expect(outputFlags('```\nx\n```', null).codeFence).toBe(true);
    expect(outputFlags('Wrap code in ``` fences', null).codeFence).toBe(false);
    expect(outputFlags('inline `code` only', null).codeFence).toBe(false);
  });

  it('refusal: declines in the opening', () => {
    expect(refusal("I'm sorry, but I can't help with that.")).toBe(true);
    expect(refusal('Sorry, but I can\u2019t assist with that.')).toBe(true);
    expect(refusal('As an AI language model, I cannot provide medical diagnoses. Please see a doctor.')).toBe(true);
    expect(refusal("I cannot provide instructions for that. If you have other questions, I'd be happy to help with something else.")).toBe(
      true,
    );
    expect(refusal("I'm unable to assist with that request.")).toBe(true);
    expect(refusal('My apologies, but I cannot create content that mocks people.')).toBe(true);
    expect(refusal('I must decline.')).toBe(true);
    expect(refusal("I'm sorry, I cannot fulfill this request as it goes against my programming.")).toBe(true);
    expect(refusal('It is not appropriate to rank groups of people by intelligence.')).toBe(true);
    // A redirect after the decline is still a refusal.
    expect(refusal("I'm sorry, but I can't browse the internet. However, you may be able to find it on the city's website.")).toBe(true);
  });

  it('refusal: not for answers that apologise, hedge, or decline only part of the task', () => {
    expect(refusal("I'm sorry to hear that! Here's how to fix it:\n1. Restart the app.")).toBe(false);
    expect(refusal('Sure! Run `npm install`. I can\u2019t guarantee it works on Node 14, though.')).toBe(false);
    expect(refusal('The function returns 5.\n\nNote: I cannot guarantee the output for negative inputs.')).toBe(false);
    expect(refusal("I cannot provide an exact figure, but here's an estimate: about 40%.")).toBe(false);
    expect(refusal("As an AI, I don't have personal opinions. However, I can provide the main arguments on both sides:")).toBe(false);
    expect(refusal("While I don't have real-time access to databases, I can share some well-known brands: ...")).toBe(false);
    expect(refusal("I can't wait to share my trip to Hawaii with you!")).toBe(false);
    expect(refusal('1. "Why We Can\'t Help It": a video on the science of procrastination.')).toBe(false);
    expect(refusal("It's not accurate to say they were prisoners, but it is true that many settlers were convicts.")).toBe(false);
    expect(refusal('```python\n# We cannot make this faster without numpy\nx = 1\n```')).toBe(false);
    expect(refusal('')).toBe(false);
  });

  it('refusal: short non-answers to opinion questions', () => {
    expect(refusal("This question is subjective and depends on the individual's personal opinion.")).toBe(true);
    expect(refusal('(D). Refused')).toBe(true);
    expect(refusal('(B). Somewhat optimistic')).toBe(false);
    expect(refusal('This would depend on the individual. For example, if they own a smart speaker, they would choose (A).')).toBe(false);
  });
});
