// Issue 19, finding 8: /readyz answered "ready" on a full disk while every write failed (its
// store ping only reads). It now also writes and syncs a page in the data directory. The disk is a
// real 2 MiB tmpfs filled with dd; mounting needs root (CI runs as root; with CI=true no skip).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mountTmpfs, unmount } from '../helpers/hardening-child.js';
import { startTestServer } from '../helpers/server.js';

const probe = mkdtempSync(join(tmpdir(), 'presence-readyz-probe-'));
const canMount = mountTmpfs(probe, 'size=64k');
if (canMount) unmount(probe);
else if (process.env.CI) throw new Error('readyz-disk.test.ts needs mount (tmpfs) and CI=true: not skipping');

describe.skipIf(!canMount)('/readyz on a full disk', () => {
  it('is 503 naming the disk while it is full, and ready again once space returns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'presence-readyz-'));
    mountTmpfs(dir, 'size=2m');
    const s = await startTestServer({ dataDir: dir });
    try {
      expect((await s.api('GET', '/readyz')).status).toBe(200);
      try { execFileSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=4k'], { stdio: 'pipe' }); } catch { /* ENOSPC is the point */ }
      const full = await s.api('GET', '/readyz');
      expect(full.status).toBe(503);
      expect(full.body.error.message).toMatch(/disk is full/);
      rmSync(join(dir, 'filler'));
      expect((await s.api('GET', '/readyz')).status).toBe(200);
    } finally {
      await s.close();
      unmount(dir);
    }
  }, 60_000);
});
