// Prints one closing line "Tests: N passed, N failed, N skipped" from the TRX files of a run,
// so the output of the whole suite ends with a runner-neutral summary.
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2] || 'TestResults';
let passed = 0, failed = 0, skipped = 0, files = 0;
const walk = (d) => {
  if (!fs.existsSync(d)) return;
  for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
    const full = path.join(d, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.name.endsWith('.trx')) {
      files++;
      const xml = fs.readFileSync(full, 'utf8');
      const counters = /<Counters\b([^>]*)\/?>/.exec(xml);
      if (!counters) continue;
      const attr = (name) => Number((new RegExp(`\\b${name}="(\\d+)"`).exec(counters[1]) || [0, 0])[1]);
      passed += attr('passed');
      failed += attr('failed') + attr('error') + attr('timeout') + attr('aborted');
      skipped += attr('notExecuted');
    }
  }
};
walk(dir);
if (files === 0) {
  console.log('Tests: 0 passed, 1 failed (no test results were written)');
  process.exit(1);
}
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
