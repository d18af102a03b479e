import type { Decision, Verdict } from '../../compare/types.js';

/** One colour per verdict, shared by the summary bars and the case list (the client reads CSS variables). */
export const VERDICT_ORDER: readonly Verdict[] = ['same', 'equivalent', 'improved', 'drifted', 'changed', 'regressed', 'error'];

export const DECISION_LABEL: Record<Decision, string> = { replaceable: 'replaceable', review: 'review', 'keep-pinned': 'keep pinned' };
