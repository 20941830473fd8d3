import pg from 'pg';
const stats = new Map<string, { n: number; ms: number }>();
const original = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: any, text: any, values?: any, cb?: any) {
  const sqlText = typeof text === 'string' ? text : text.text;
  const key = sqlText.replace(/\s+/g, ' ').trim().slice(0, 90);
  const start = performance.now();
  const result = original.call(this, text, values, cb);
  if (result && typeof result.then === 'function') {
    result.then(() => {
      const entry = stats.get(key) ?? { n: 0, ms: 0 };
      entry.n += 1;
      entry.ms += performance.now() - start;
      stats.set(key, entry);
    }, () => {});
  }
  return result;
};
process.on('exit', () => {
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
  for (const [key, { n, ms }] of rows) console.log(String(Math.round(ms)).padStart(7), String(n).padStart(6), (ms / n).toFixed(1).padStart(7), key);
});
