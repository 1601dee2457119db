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
    sourcemap: true,
    // Everything must come from files: the CSP (script-src/style-src 'self') forbids inline code.
    assetsInlineLimit: 0,
  },
  // The renderer imports the shared schemas and the client core from ../src.
  server: { fs: { allow: ['..'] } },
});
