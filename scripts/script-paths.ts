// Paths for the scripts, from file URLs the right way: `new URL(…).pathname` gives `/C:/…` on
// Windows and keeps `%20` for a space, so a check like "is this the main module" silently fails
// there and `npm start` does nothing. fileURLToPath decodes both.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** True when the module at `moduleUrl` is the script node (or tsx) was started with. */
export function isMainModule(moduleUrl: string, argv1: string | undefined = process.argv[1]): boolean {
  return argv1 !== undefined && path.resolve(argv1) === path.resolve(fileURLToPath(moduleUrl));
}
