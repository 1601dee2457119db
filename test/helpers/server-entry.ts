// Runs the real presence-server CLI from source in a child process (tests kill it with -9).
import { main } from '../../src/cli/presence-server.js';

const code = await main(process.argv.slice(2));
if (code !== 0) process.exit(code);
