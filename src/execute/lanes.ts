import type { StepLedger, TargetLane } from './types.js';
import type { ParamRewrite } from '../domain/params-compat.js';
import { readRecording, type Recording } from './recording.js';
import { createReplaySender } from './replay-sender.js';
import { apiKeyOf } from '../suite/api-key.js';
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

/** A sender per target that has something to send; the SDK is only loaded when one needs it. */
export async function buildLanes(
  suite: Suite,
  names: string[],
  recordings: Record<string, Recording>,
  env: Record<string, string | undefined>,
  onRewrite?: (target: string, rewrite: ParamRewrite) => void,
  /** Where conversation cases keep each request's answer as it arrives. */
  ledger?: StepLedger,
): Promise<Record<string, TargetLane>> {
  const lanes: Record<string, TargetLane> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'replay') {
      lanes[name] = {
        sender: createReplaySender(recordings[name]!, displayPath(target.file)),
        concurrency: target.concurrency,
        maxRetries: 0,
      };
    } else {
      const { createChatSender } = await import('./chat-sender.js');
      const { withParamsCompat } = await import('./params-compat-sender.js');
      const apiKey = apiKeyOf(target, env);
      const { withConversations } = await import('./conversation-sender.js');
      const compat = withParamsCompat(await createChatSender(target, apiKey), {
        target: name,
        mode: target.paramsCompat ?? 'strict',
        ...(onRewrite && { onRewrite: (rewrite: ParamRewrite) => onRewrite(name, rewrite) }),
      });
      const sender = withConversations(compat, ledger);
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
  loadedEstimator ??= Promise.all([import('../plan/token-counter.js'), import('./token-estimate.js')]).then(
    async ([{ loadTokenCounter }, { tokenEstimator }]) => tokenEstimator(await loadTokenCounter()),
  );
  return loadedEstimator;
}
