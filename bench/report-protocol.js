// Turns the rows measured by bench/protocol.sh into the Markdown results page (stdout).
// Usage: node report-protocol.js rows.tsv --level 16 --warmup 5 --duration 20 --nproc 2 --cpu "..." ...
'use strict';

const fs = require('node:fs');

const [rowsPath, ...rest] = process.argv.slice(2);
const meta = {};
for (let i = 0; i < rest.length; i += 2) {
  meta[rest[i].replace(/^--/, '')] = rest[i + 1];
}
const level = Number(meta.level || 16);

const columns = ['bot', 'c', 'requests', 'durationUs', 'ok', 'repliesInWindow', 'p50Us', 'p99Us',
  'non2xx', 'socketErrors', 'distinct', 'duplicates', 'check', 'cpu', 'rssMb', 'helpersCpu'];
const rows = fs.readFileSync(rowsPath, 'utf8').trim().split('\n').filter(Boolean).map((line) => {
  const row = Object.fromEntries(line.split('\t').map((value, i) => [columns[i], value]));
  const seconds = Number(row.durationUs) / 1e6;
  return {
    ...row,
    c: Number(row.c),
    httpPerSecond: Number(row.ok) / seconds,
    repliesPerSecond: Number(row.repliesInWindow) / seconds,
    p50Ms: Number(row.p50Us) / 1000,
    p99Ms: Number(row.p99Us) / 1000,
    rssMb: Number(row.rssMb),
  };
});

const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const at = (bot) => rows.find((r) => r.bot === bot && r.c === level);
const lines = [];
const out = (s = '') => lines.push(s);

out(`# Protocol path bench — ${new Date().toISOString().slice(0, 10)}`);
out();
out(`Machine: ${meta.nproc} CPU (\`nproc\`), ${meta.cpu}; load average (1, 5, 15 min) before the run ${meta.load}. `
  + `.NET SDK ${meta.dotnet}, Node ${meta.node}, ${meta.wrk}. Commit ${meta.commit}.`);
out(`Each level: ${meta.warmup} s warm-up, then ${meta.duration} s measured with \`wrk --latency\` `
  + `(threads = min(c, 2)). Whole run: ${meta.seconds} s. Bots, stand-in, Azurite and wrk share the same CPUs.`);
out();
out('| bot | c | HTTP 2xx/s | replies/s | p50 ms | p99 ms | non-2xx | socket errors | one reply each | bot CPU % | peak RSS MB | stand-in / Azurite CPU % |');
out('|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|');
for (const r of rows) {
  const replies = `${r.check} (${r.distinct}/${r.ok}, ${r.duplicates} dup.)`;
  out(`| ${r.bot} | ${r.c} | ${fmt(r.httpPerSecond)} | ${fmt(r.repliesPerSecond)} | ${fmt(r.p50Ms, 2)} | ${fmt(r.p99Ms, 2)} `
    + `| ${r.non2xx} | ${r.socketErrors} | ${replies} | ${r.cpu} | ${r.rssMb} | ${r.helpersCpu} |`);
}
out();
out('- **HTTP 2xx/s**: answered requests per second (ours, bare and naive-durable answer 202 before replying, ours and naive-durable once the activity is in the table; botbuilder-js answers 200 after its reply).');
out('- **replies/s**: replies the connector stand-in received during the measured window, per second: the end-to-end throughput, used for the ratios.');
out('- **one reply each**: after the run, every 2xx request has exactly one reply at the stand-in (distinct replies / 2xx requests; wrk may cut up to c requests in flight, which may still be answered).');
out('- CPU % is of one core over the measured window (/proc/<pid>/stat); peak RSS is VmHWM since the bot started.');
out();

const ours = at('ours');
const bare = at('bare');
const naive = at('naive-durable');
const js = at('botbuilder-js');
const ratio = (a, b, key) => (a && b && b[key] > 0 ? a[key] / b[key] : NaN);
const peakRss = Math.max(...rows.filter((r) => r.bot === 'ours').map((r) => r.rssMb));
const verdict = (met) => (met === undefined ? 'not measured' : met ? '**met**' : '**missed**');
const known = (n) => (Number.isFinite(n) ? n : undefined);
const targets = [
  ['ours ≥ 1.0 × naive-durable (replies/s)', ratio(ours, naive, 'repliesPerSecond'), (v) => v >= 1.0, 2],
  ['ours ≥ 0.4 × bare (replies/s)', ratio(ours, bare, 'repliesPerSecond'), (v) => v >= 0.4, 2],
  ['ours ≥ 2.5 × botbuilder-js (replies/s)', ratio(ours, js, 'repliesPerSecond'), (v) => v >= 2.5, 2],
  ['ours p99 < 15 ms', ours ? ours.p99Ms : NaN, (v) => v < 15, 2],
  ['ours peak RSS < 150 MB (all levels)', Number.isFinite(peakRss) ? peakRss : NaN, (v) => v < 150, 0],
  ['every request got exactly one reply (all bots, all levels)', rows.every((r) => r.check === 'ok') ? 1 : 0, (v) => v === 1, -1],
];
out(`## Targets (c = ${level})`);
out();
out('| target | measured | verdict |');
out('|---|---:|---|');
for (const [name, value, test, digits] of targets) {
  const shown = digits < 0 ? (value === 1 ? 'yes' : 'no') : fmt(value, digits);
  out(`| ${name} | ${shown} | ${verdict(known(value) === undefined ? undefined : test(value))} |`);
}
out();
out(`For information, HTTP 2xx/s ratios at c = ${level}: ours/naive-durable ${fmt(ratio(ours, naive, 'httpPerSecond'), 2)}, `
  + `ours/bare ${fmt(ratio(ours, bare, 'httpPerSecond'), 2)}, ours/botbuilder-js ${fmt(ratio(ours, js, 'httpPerSecond'), 2)}.`);

const base = at('ours-base');
if (base) {
  const basePeak = Math.max(...rows.filter((r) => r.bot === 'ours-base').map((r) => r.rssMb));
  out();
  out(`A/B in this run (BENCH_BASE = the product at an earlier commit), c = ${level}: replies/s ours/ours-base `
    + `${fmt(ratio(ours, base, 'repliesPerSecond'), 2)} (${fmt(ours && ours.repliesPerSecond)} vs ${fmt(base.repliesPerSecond)}); `
    + `p99 ${fmt(ours && ours.p99Ms, 2)} vs ${fmt(base.p99Ms, 2)} ms; peak RSS ${fmt(peakRss)} vs ${fmt(basePeak)} MB.`);
}

process.stdout.write(lines.join('\n') + '\n');
