// The write half of /readyz (issue 19, finding 8): the store's ping only reads, so a server on a
// full disk said "ready" while every write failed. The probe writes and syncs one 4 KiB file (an
// SQLite page) in the data directory and removes it; ENOSPC or EROFS becomes the same StoreError
// the store's own writes raise, so /readyz names the cause.
import { randomBytes } from 'node:crypto';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { classifyDriverError } from './store/store-error.js';

const PAGE = Buffer.alloc(4096);

export async function probeWritable(dataDir: string): Promise<void> {
  const path = join(dataDir, `.readyz-${randomBytes(4).toString('hex')}`);
  let created = false;
  try {
    const file = await open(path, 'w');
    created = true;
    try {
      await file.write(PAGE);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (err) {
    throw classifyDriverError(err);
  } finally {
    if (created) await unlink(path).catch(() => undefined);
  }
}
