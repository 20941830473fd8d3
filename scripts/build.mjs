// Builds what `npm start` runs: the server bundle (esbuild) and the web app (vite).
// Each part is rebuilt only when a source file is newer than its output, so a restart on an
// unchanged checkout starts at once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const force = process.argv.includes('--force');

function newestMtime(entries) {
  let newest = 0;
  for (const entry of entries) {
    const full = path.join(root, entry);
    if (!fs.existsSync(full)) continue;
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const child of fs.readdirSync(full)) {
        if (child === 'node_modules' || child === 'dist') continue;
        newest = Math.max(newest, newestMtime([path.join(entry, child)]));
      }
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  }
  return newest;
}

function isStale(sources, output) {
  const out = path.join(root, output);
  return force || !fs.existsSync(out) || newestMtime(sources) > fs.statSync(out).mtimeMs;
}

const lockfile = 'package-lock.json';

const bundles = ['dist/main.js', 'dist/cli.js'];
if (bundles.some((bundle) => isStale(['src', lockfile, 'scripts/build.mjs'], bundle))) {
  const started = Date.now();
  fs.rmSync(path.join(root, 'dist'), { recursive: true, force: true });
  // The server, the worker threads it starts, and the admin CLI, each bundled into one file.
  for (const [entry, out] of [
    ['src/main.ts', 'dist/main.js'],
    ['src/cli/main.ts', 'dist/cli.js'],
    ['src/ratings/bootstrapWorker.ts', 'dist/bootstrapWorker.js'],
    ['src/analysis/analysisWorker.ts', 'dist/analysisWorker.js'],
  ]) {
    await build({
      entryPoints: [path.join(root, entry)],
      outfile: path.join(root, out),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
    });
  }
  fs.copyFileSync(path.join(root, 'src/db/pgliteWorker.mjs'), path.join(root, 'dist/pgliteWorker.mjs'));
  fs.cpSync(path.join(root, 'src/db/migrations'), path.join(root, 'dist/migrations'), { recursive: true });
  console.log(`built dist/ in ${Date.now() - started} ms`);
}

if (fs.existsSync(path.join(root, 'web/vite.config.ts')) && isStale(['web', lockfile], 'web/dist/index.html')) {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
  console.log('built web/dist/');
}
