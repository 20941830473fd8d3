import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = path.dirname(fileURLToPath(import.meta.url));

// A build is always the production bundle, even when a test run (NODE_ENV=test) starts it, which
// would otherwise ship React's development build.
if (process.argv.includes('build')) process.env.NODE_ENV = 'production';

export default defineConfig({
  root: webRoot,
  plugins: [react()],
  // The leaderboard chunk holds the chart library; it is lazy-loaded, so its size does not slow the first page.
  build: { outDir: path.join(webRoot, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 700 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/readyz': 'http://127.0.0.1:3000' } },
});
