import { describe, expect, it } from 'vitest';
import { newId, newSiteKey } from '../../src/server/ids.js';

describe('ids and site keys are safe to type on a command line (issue 24: a key starting with "-" read as an option)', () => {
  it('never start with "-" or "_", and stay 16 base64url characters', () => {
    // 20,000 draws: with the old generator about 625 of them started with "-" or "_".
    for (let i = 0; i < 10_000; i++) {
      for (const id of [newId(), newSiteKey()]) {
        expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
      }
    }
  });

  it('are still random: no repeats in 10,000 draws', () => {
    const seen = new Set(Array.from({ length: 10_000 }, () => newSiteKey()));
    expect(seen.size).toBe(10_000);
  });
});
