import type { TargetLane } from '../execute/execute-jobs.js';
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

/** A sender per target that has something to send; the SDK is only loaded when one needs it. */
export async function buildLanes(
  suite: Suite,
  names: string[],
  recordings: Record<string, Recording>,
  env: Record<string, string | undefined>,
): Promise<Record<string, TargetLane>> {
  const lanes: Record<string, TargetLane> = {};
  for (const name of names) {
    const target = suite.targets[name]!;
    if (target.kind === 'replay') {
      lanes[name] = { sender: createReplaySender(recordings[name]!, displayPath(target.file)), concurrency: target.concurrency, maxRetries: 0 };
    } else {
      const { createChatSender } = await import('../execute/chat-sender.js');
      const apiKey = target.apiKeyEnv ? env[target.apiKeyEnv] : undefined;
      lanes[name] = { sender: await createChatSender(target, apiKey), concurrency: target.concurrency, maxRetries: target.maxRetries };
    }
  }
  return lanes;
}
