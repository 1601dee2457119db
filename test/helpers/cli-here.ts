// presencectl's main() in this process, with its output captured: quicker than a child process
// for checks that do not need a process boundary (cli-presencectl.test.ts has the child-process runs).
import { Readable } from 'node:stream';
import { main } from '../../src/cli/presencectl.js';

export interface CliRun { code: number; stdout: string; stderr: string }

export async function runCliHere(args: string[], config: string, input = '', env: Record<string, string> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    io: {
      stdout: { write: (x: string) => { stdout += x; } },
      stderr: { write: (x: string) => { stderr += x; } },
      stdin: Readable.from([input]),
      env: { PRESENCECTL_CONFIG: config, ...env },
      onSignal: () => () => undefined,
    },
  });
  return { code, stdout, stderr };
}
