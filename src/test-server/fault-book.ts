import { fnv1a, mulberry32 } from './hash.js';
import type { FaultRule } from './types.js';

const CHAT_PATH = '/v1/chat/completions';
const ACTIONS = new Set(['status', 'hang', 'malformed', 'reset', 'body']);

/**
 * The fault rules of one configuration with their remaining `times`. Each rule rolls its own
 * PRNG, so which of its matching requests it hits depends only on the order of those requests,
 * not on traffic other rules see.
 */
export class FaultBook {
  private readonly rules: FaultRule[];
  private readonly remaining: number[];
  private readonly rolls: (() => number)[];

  constructor(rules: FaultRule[], seed: number) {
    checkFaultRules(rules);
    this.rules = rules.map((rule) => ({ ...rule }));
    this.remaining = rules.map((rule) => rule.times ?? Infinity);
    this.rolls = rules.map((_, i) => mulberry32(fnv1a(String(i), seed)));
  }

  /** The rule to apply to this request, if any; using it counts against its `times`. */
  /** `lastUser`: the request's last user message, for rules that match on it (`contains`). */
  pick(path: string, model: string | undefined, lastUser = ''): FaultRule | undefined {
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      if ((rule.path ?? CHAT_PATH) !== path) continue;
      if (rule.model !== undefined && rule.model !== model) continue;
      if (rule.contains !== undefined && !lastUser.includes(rule.contains)) continue;
      if (this.remaining[i]! <= 0) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && !(this.rolls[i]!() < rate)) continue;
      this.remaining[i]!--;
      return rule;
    }
    return undefined;
  }
}

export function checkFaultRules(rules: unknown): asserts rules is FaultRule[] {
  if (!Array.isArray(rules)) throw new TypeError('faults must be an array');
  rules.forEach((rule: Partial<FaultRule> | null, i) => {
    const where = `faults[${i}]`;
    if (typeof rule !== 'object' || rule === null) throw new TypeError(`${where} must be an object`);
    if (!ACTIONS.has(rule.action as string)) throw new TypeError(`${where}.action must be one of status, hang, malformed, reset, body`);
    if (rule.rate !== undefined && !(typeof rule.rate === 'number' && rule.rate >= 0 && rule.rate <= 1)) {
      throw new TypeError(`${where}.rate must be a number from 0 to 1`);
    }
    if (rule.times !== undefined && !(typeof rule.times === 'number' && rule.times >= 0)) {
      throw new TypeError(`${where}.times must be a number >= 0`);
    }
    if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 100 && rule.status <= 599)) {
      throw new TypeError(`${where}.status must be an HTTP status`);
    }
  });
}
