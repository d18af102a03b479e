import { runSuite, type RunOptions } from '../pipeline/run-suite.js';
import type { Io } from '../terminal/io.js';

/** `pinned run`: the pipeline, then the command that resumes it if it was interrupted. */
export async function runCommand(options: RunOptions & { resumeCommand: string }, io: Io): Promise<number> {
  const { resumeCommand, ...run } = options;
  const result = await runSuite(run, io);
  if (result.status === 'interrupted') io.err(`interrupted: finished outputs are saved. Resume with: ${resumeCommand}`);
  return result.exitCode;
}
