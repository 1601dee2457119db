// Issue 21: the lint rule that keeps hard-coded text out of the renderer's JSX must fire on new
// text (so a new screen cannot skip translation) and stay quiet on what is not text.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });
const FILE = 'renderer/src/screens/new-screen.tsx';

async function literalErrors(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: FILE });
  return result!.messages.filter((m) => m.ruleId === 'i18next/no-literal-string').map((m) => m.message);
}

const wrap = (jsx: string): string => `import { useT } from '../i18n/use-t.js';
export function NewScreen({ on, name }: { on: boolean; name: string }) {
  const t = useT();
  return (${jsx});
}
`;

describe('SPEC 12 languages: no hard-coded user-facing text in the renderer JSX', () => {
  it.each([
    ['text children', '<p>Hello there</p>'],
    ['a string in an expression', "<p>{on ? 'Online' : t.t('status.offline')}</p>"],
    ['a template literal', '<h2>{`Edit ${name}`}</h2>'],
    ['an aria-label', '<nav aria-label="Sections" />'],
    ['a placeholder', '<input placeholder="Your email" />'],
    ['a title', '<span title="More about this">{name}</span>'],
  ])('flags %s', async (_what, jsx) => {
    expect(await literalErrors(wrap(jsx))).toHaveLength(1);
  });

  it('accepts translated text, names, class names, ids, test ids and punctuation', async () => {
    const jsx = `<div className="card stack" id="x-1" data-testid="box">
      <h2 aria-label={t.t('app.sections')}>{t.t('nav.team')}</h2>
      <p className={on ? 'status-online' : 'status-offline'}>{name} · {t.t('team.devices', { count: 2 })}</p>
      <input type="email" autoComplete="username" />
      <span>{' '}(</span>
    </div>`;
    expect(await literalErrors(wrap(jsx))).toEqual([]);
  });

  it('applies to every renderer screen, including files that do not exist yet', async () => {
    const [result] = await eslint.lintText(wrap('<p>Hello there</p>'), { filePath: 'renderer/src/reports/coverage-screen.tsx' });
    expect(result!.messages.some((m) => m.ruleId === 'i18next/no-literal-string')).toBe(true);
  });
});
