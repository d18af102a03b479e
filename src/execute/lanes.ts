import type { TargetLane } from '../execute/execute-jobs.js';
import { compatibleParams, type ParamRewrite } from '../plan/params-compat.js';
import type { Store } from '../store/open-store.js';
import { readRecording, type Recording } from '../execute/recording.js';
import { createReplaySender } from '../execute/replay-sender.js';
import { displayPath } from '../suite/display-path.js';
import type { Suite } from '../suite/types.js';

/** Reads the recording of every replay target taking part, so planning can key cells by content. */
export async function readRecordings(suite: Suite, names: string[]): Promise<Record<string, Recording>> {
  const recordings: Record<string, Recording> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'replay') recordings[name] = await readRecording(target.file);
  }
  return recordings;
}

export function recordingHashes(recordings: Record<string, Recording>): Record<string, string> {
  return Object.fromEntries(Object.entries(recordings).map(([name, recording]) => [name, recording.sha256]));
}

/**
 * What params_compat: auto rewrites before sending, per target taking part: params of known
 * reasoning models, and the ones this model and endpoint rejected in earlier runs (`learned`).
 */
export function upFrontRewrites(suite: Suite, names: string[], learned: Record<string, ParamRewrite[]> = {}): Record<string, ParamRewrite[]> {
  const rewrites: Record<string, ParamRewrite[]> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind !== 'endpoint' || target.paramsCompat !== 'auto') continue;
    const known = compatibleParams(target.model, target.params).rewrites;
    const earlier = (learned[name] ?? []).filter((rewrite) => Object.hasOwn(target.params, rewrite.param) && !known.some((k) => k.param === rewrite.param));
    rewrites[name] = [...known, ...earlier];
  }
  return rewrites;
}

/** Params the provider rejected for each auto target's model and endpoint in earlier runs. */
export function learnedRewrites(suite: Suite, names: string[], store: Pick<Store, 'learnedParamRewrites'>): Record<string, ParamRewrite[]> {
  const learned: Record<string, ParamRewrite[]> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'endpoint' && target.paramsCompat === 'auto') learned[name] = store.learnedParamRewrites(target.model, target.baseUrl);
  }
  return learned;
}

/** A sender per target that has something to send; the SDK is only loaded when one needs it. */
export async function buildLanes(
  suite: Suite,
  names: string[],
  recordings: Record<string, Recording>,
  env: Record<string, string | undefined>,
  onRewrite?: (target: string, rewrite: ParamRewrite) => void,
): Promise<Record<string, TargetLane>> {
  const lanes: Record<string, TargetLane> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'replay') {
      lanes[name] = { sender: createReplaySender(recordings[name]!, displayPath(target.file)), concurrency: target.concurrency, maxRetries: 0 };
    } else {
      const { createChatSender } = await import('../execute/chat-sender.js');
      const { withParamsCompat } = await import('../execute/params-compat-sender.js');
      const apiKey = target.apiKeyEnv ? env[target.apiKeyEnv] : undefined;
      const sender = withParamsCompat(await createChatSender(target, apiKey), {
        target: name,
        mode: target.paramsCompat ?? 'strict',
        ...(onRewrite && { onRewrite: (rewrite: ParamRewrite) => onRewrite(name, rewrite) }),
      });
      lanes[name] = {
        sender,
        concurrency: target.concurrency,
        maxRetries: target.maxRetries,
        ...(target.rpm !== undefined && { rpm: target.rpm }),
        ...(target.tpm !== undefined && { tpm: target.tpm, estimateTokens: await estimator() }),
      };
    }
  }
  return lanes;
}

// The tokenizer's tables are large: loaded once, and only when a target sets tpm.
let loadedEstimator: Promise<TargetLane['estimateTokens']> | undefined;
function estimator(): Promise<TargetLane['estimateTokens']> {
  loadedEstimator ??= Promise.all([import('../plan/token-counter.js'), import('../execute/token-estimate.js')]).then(
    async ([{ loadTokenCounter }, { tokenEstimator }]) => tokenEstimator(await loadTokenCounter()),
  );
  return loadedEstimator;
}
