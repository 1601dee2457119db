import js from '@eslint/js';
import i18next from 'eslint-plugin-i18next';
import tseslint from 'typescript-eslint';

// Node built-ins, Electron and DOM-only globals must never reach src/common: it runs in the
// server, the Electron main process, the browser dashboard and the widget alike.
const nodeAndElectron = [
  { group: ['node:*'], message: 'src/common is pure: no Node built-ins.' },
  { group: ['electron', 'electron/*'], message: 'src/common is pure: no Electron.' },
  ...['fs', 'path', 'os', 'net', 'http', 'https', 'crypto', 'child_process', 'events', 'stream', 'url', 'util', 'worker_threads', 'zlib', 'tls', 'dns', 'process', 'buffer', 'timers']
    .map((name) => ({ group: [name, `${name}/*`], message: 'src/common is pure: no Node built-ins.' })),
  { group: ['ws', 'fastify', 'better-sqlite3', 'pg', 'ioredis', 'pino', 'kysely', 'prom-client', 'electron-store'], message: 'src/common is pure: server and desktop libraries belong elsewhere.' },
  { group: ['../server/*', '../client/*', '../main/*', '../cli/*', '../preload/*'], message: 'src/common depends on nothing else in src.' },
];

export default tseslint.config(
  { ignores: ['dist/**', 'dist-electron/**', 'release/**', 'renderer/dist/**', 'node_modules/**', 'bench/results/**', 'test-output/**', 'src/widget/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' }],
    },
  },
  {
    files: ['src/common/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeAndElectron }],
      'no-restricted-globals': ['error', 'process', 'Buffer', 'require', '__dirname', 'window', 'document'],
    },
  },
  {
    // The client core runs in the browser dashboard too: everything platform-specific is injected.
    files: ['src/client/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: nodeAndElectron.filter((p) => !p.group.some((g) => g.startsWith('../'))) }],
    },
  },
  {
    // Only the IPC contract's adapters may touch ipcMain / ipcRenderer directly.
    files: ['src/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    ignores: ['src/main/ipc-*.ts', 'src/preload/**'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'ipcMain', message: 'Use the typed IPC contract (src/main/ipc-main.ts).' },
        { object: 'ipcRenderer', message: 'Use the typed IPC contract (src/preload).' }],
    },
  },
  {
    // Issue 21: no user-facing text typed straight into the renderer's JSX. Text children, string
    // literals in JSX expressions and the attributes a person reads or hears go through the i18n
    // catalogs (src/common/i18n, `t('key')`); class names, ids, test ids and handlers are not text.
    files: ['renderer/src/**/*.tsx'],
    plugins: { i18next },
    rules: {
      'i18next/no-literal-string': ['error', {
        mode: 'jsx-only',
        'jsx-attributes': { include: ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'alt', 'title', 'placeholder', 'label', 'hint', 'legend'] },
        words: { exclude: ['[0-9!-/:-@[-`{-~\\s·•–—…«»“”„‘’]+', '[A-Z_-]+'] },
        callees: { exclude: ['t', 'rich', 'errorProps', 'require', 'addEventListener', 'removeEventListener', 'getElementById', 'querySelector', 'querySelectorAll', 'includes', 'indexOf', 'startsWith', 'endsWith', 'setAttribute', 'getAttribute'] },
        'should-validate-template': true,
        message: 'User-facing text must come from the i18n catalogs (src/common/i18n; docs/i18n.md)',
      }],
    },
  },
  {
    // Time comes from the injected clock (src/common/clock.ts), so grace windows and office hours
    // are tested without sleeping. The IPC rule above is repeated because this block replaces it here.
    files: ['src/server/**/*.ts', 'src/client/**/*.ts'],
    rules: {
      'no-restricted-properties': ['error',
        { object: 'Date', property: 'now', message: 'Use the injected clock (clock.now()).' },
        { object: 'ipcMain', message: 'Use the typed IPC contract (src/main/ipc-main.ts).' },
        { object: 'ipcRenderer', message: 'Use the typed IPC contract (src/preload).' }],
      'no-restricted-syntax': ['error',
        { selector: 'ExportDefaultDeclaration', message: 'Named exports only.' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Use new Date(clock.now()).' }],
    },
  },
  {
    files: ['bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // Tests and helpers parse untyped JSON from the wire on purpose.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['eslint.config.js', 'vitest.config.ts', 'renderer/vite.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
