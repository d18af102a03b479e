import { verifyTarget, type VerifyOptions } from '../pipeline/verify-target.js';
import type { Io } from '../terminal/io.js';

/** `pinned verify`: the verification, then the command that resumes it if it was interrupted. */
export async function verifyCommand(options: VerifyOptions & { resumeCommand: (seed: number) => string }, io: Io): Promise<number> {
  const { resumeCommand, ...verify } = options;
  const outcome = await verifyTarget(verify, io);
  if (outcome.status === 'interrupted' && outcome.seed !== undefined)
    io.err(`interrupted: finished answers are saved. Resume with: ${resumeCommand(outcome.seed)}`);
  return outcome.exitCode;
}
