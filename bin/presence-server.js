#!/usr/bin/env node
// Compiled by `npm run build` (run by `prepare` on install).
import('../dist/cli/presence-server.js')
  .then((m) => m.main(process.argv.slice(2)))
  .then((code) => { if (code !== 0) process.exit(code); })
  .catch((err) => { console.error(`presence-server: ${err.message}`); process.exit(1); });
