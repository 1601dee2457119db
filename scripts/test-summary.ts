// Prints the plain closing line CI reads ("Tests: N passed, N failed, N skipped") from vitest's
// JSON report, so the result is stated in one line whatever the runner prints.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-output/vitest.json';
if (!existsSync(file)) {
  console.log(`Tests: 0 passed, 1 failed (no report at ${file})`);
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests?: number };
console.log(`Tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + (r.numTodoTests ?? 0)} skipped`);
