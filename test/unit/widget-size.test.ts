import { describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWidget } from '../../scripts/build-widget.js';

const BUDGET_GZIP_BYTES = 6 * 1024;

describe('widget budget (issue 8): widget.js at most 6 KiB gzipped, no runtime dependencies', () => {
  it('builds a minified IIFE within the gzip budget', async () => {
    // A private output file, so this never races a browser test rebuilding dist/widget.
    const dir = await mkdtemp(join(tmpdir(), 'widget-size-'));
    try {
      const out = await buildWidget(join(dir, 'widget.js'));
      expect(out.gzipBytes).toBeGreaterThan(0);
      expect(out.gzipBytes).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
      const code = await readFile(out.path, 'utf8');
      expect(code.startsWith('"use strict";(()=>{')).toBe(true);
      // Nothing from Node or from zod may leak into the browser bundle.
      expect(code).not.toMatch(/require\(|process\.env|ZodError/);
      // Issue 21: every language's three default texts are in, but none of the dashboard
      // catalogs nor a MessageFormat runtime.
      for (const text of ['Jsme online', 'Wir sind offline', 'Estamos desconectados', 'Nous sommes hors ligne']) expect(code).toContain(text);
      expect(code).not.toMatch(/Sign in to Agent Presence|Add an agent|IntlMessageFormat|pluralCategories/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
