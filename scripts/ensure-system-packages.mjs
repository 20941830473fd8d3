// `npm test` needs a PostgreSQL server (started by the tests themselves), Chromium (browser
// tests) and nginx (the cluster test balances three instances with it). This pretest step
// installs what is missing from Debian's packages when it runs as root, and otherwise stops with
// the exact command to run.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function hasPostgres() {
  if (onPath('initdb')) return true;
  const base = '/usr/lib/postgresql';
  return fs.existsSync(base) && fs.readdirSync(base).some((version) => fs.existsSync(`${base}/${version}/bin/initdb`));
}

const requirements = [
  { pkg: 'postgresql', present: hasPostgres },
  { pkg: 'chromium', present: () => fs.existsSync('/usr/bin/chromium') },
  // Only the binary is used: test/cluster/ runs its own nginx in the foreground, with its own
  // prefix and port. (On a machine that runs services, Debian also starts the package's default
  // site on port 80; the tests neither need nor touch it.)
  { pkg: 'nginx', present: () => fs.existsSync('/usr/sbin/nginx') },
];

// `npm run bench` (--bench) also runs FastChat's style control in Python as a peer
// (bench/peers/), on Debian's python3 with its numpy and scipy; no test needs them.
const pythonHas = (module) => spawnSync('/usr/bin/python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
if (process.argv.includes('--bench')) {
  requirements.push({ pkg: 'python3-numpy', present: () => pythonHas('numpy') }, { pkg: 'python3-scipy', present: () => pythonHas('scipy') });
}

const missing = requirements.filter((requirement) => !requirement.present()).map((requirement) => requirement.pkg);
if (missing.length > 0) {
  const install = ['install', '-y', '--no-install-recommends', ...missing];
  if (process.getuid?.() !== 0) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them, then run npm test again:\n  sudo apt-get update && sudo apt-get ${install.join(' ')}`);
    process.exit(1);
  }
  console.log(`Installing missing system packages: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update'], { stdio: 'inherit', env });
  execFileSync('apt-get', install, { stdio: 'inherit', env });
}
