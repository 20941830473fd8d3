import fs from 'node:fs';
const profile = JSON.parse(fs.readFileSync(process.argv[2] as string, 'utf8'));
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map<string, number>(); const pkg = new Map<string, number>(); const incl = new Map<string, number>();
let busy = 0;
profile.samples.forEach((id: number, i: number) => {
  const node: any = byId.get(id); const f = node.callFrame; if (f.functionName === '(idle)' || f.functionName === '(program)' && false) return;
  const ms = (profile.timeDeltas[i] ?? 0) / 1000; busy += ms;
  const p = f.url === '' ? `(${f.functionName||'native'})` : (/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? (f.url.startsWith('node:') ? 'node:' + f.url.split('/')[1] : 'ours'));
  pkg.set(p, (pkg.get(p) ?? 0) + ms);
  const name = `${f.functionName||'(anon)'} ${f.url.replace(/^.*\/(dist|node_modules)\//, '$1/')}:${f.lineNumber+1}`;
  self.set(name, (self.get(name) ?? 0) + ms);
  // inclusive for our dist functions
  const seen = new Set<string>(); let cur: number | undefined = id;
  while (cur !== undefined) { const n: any = byId.get(cur); const cf = n.callFrame; if (cf.url.includes('/dist/')) { const k = `${cf.functionName||'(anon)'}:${cf.lineNumber+1}`; if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + ms); } } cur = parent.get(cur); }
});
const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${(100*v/busy).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log('busy ms', busy.toFixed(0)); console.log('--- packages'); console.log(top(pkg, 15)); console.log('--- self'); console.log(top(self, 25)); console.log('--- inclusive (dist)'); console.log(top(incl, 30));
