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
  // The entry chunk (React, the router, the query client, markdown with highlighting) is ~720 KB
  // minified, ~230 KB gzipped; the leaderboard chunk holds the chart library and is lazy-loaded.
  build: { outDir: path.join(webRoot, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/readyz': 'http://127.0.0.1:3000' } },
});
