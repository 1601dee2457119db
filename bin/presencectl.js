#!/usr/bin/env node
// Compiled by `npm run build` (run by `prepare` on install).
import('../dist/cli/presencectl.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => { if (typeof code === 'number') process.exitCode = code; })
  .catch((err) => { console.error(`presencectl: ${err.message}`); process.exit(1); });
