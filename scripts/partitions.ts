// `npm run test:partitions [-- --long]`: the partition suite (test/partitions) on the short
// schedule CI runs, or with 30 more random rounds of cuts; figures in test-output/partitions.json.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const rounds = process.argv.includes('--long') ? '30' : '0';
const r = spawnSync('npx', ['vitest', 'run', 'test/partitions'], { cwd: root, stdio: 'inherit', env: { ...process.env, PARTITION_ROUNDS: rounds } });
process.exit(r.status ?? 1);
