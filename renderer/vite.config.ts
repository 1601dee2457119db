// The dashboard / settings window build. `base: './'` keeps asset URLs relative, so the same
// dist/ works at the server's `/`, under Electron's app://renderer/ and from file://.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // No source maps in production builds (issue 19: they were served publicly); DASHBOARD_SOURCEMAPS=1 for debugging.
    sourcemap: process.env.DASHBOARD_SOURCEMAPS === '1',
    // Everything must come from files: the CSP (script-src/style-src 'self') forbids inline code.
    assetsInlineLimit: 0,
  },
  // The renderer imports the shared schemas and the client core from ../src.
  server: { fs: { allow: ['..'] } },
});
