#!/usr/bin/env node
// `npx dualmind`: the admin CLI (src/cli/), built into dist/cli.js with the server. A fresh
// checkout has no dist/ yet, so it is built first; the build's progress goes to stderr, since
// stdout may be carrying data (`dualmind export-battles > votes.jsonl`).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(cli)) {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: ['ignore', 2, 2] });
}
await import(cli.href);
