// Validates Adaptive Card JSON files with the official `adaptivecards` parser at target version 1.5.
// Usage: node scripts/validate-cards.js <file-or-dir>...
// Prints one JSON line per card {file, ok, errors[]} and exits 1 when any card fails.
'use strict';
const fs = require('fs');
const path = require('path');
// The package main fails to load under Node; the UMD bundle works.
const AC = require('adaptivecards/dist/adaptivecards.js');

const MAX_VERSION = { major: 1, minor: 5 };

function parseVersion(text) {
  const match = /^(\d+)\.(\d+)$/.exec(String(text || ''));
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : null;
}

function validate(json) {
  const errors = [];
  const declared = parseVersion(json.version);
  if (json.type !== 'AdaptiveCard') errors.push(`type is ${JSON.stringify(json.type)}, expected "AdaptiveCard"`);
  if (!declared) errors.push(`version ${JSON.stringify(json.version)} is not of the form major.minor`);
  else if (declared.major > MAX_VERSION.major || (declared.major === MAX_VERSION.major && declared.minor > MAX_VERSION.minor)) {
    // The parser does not reject a version above its target by itself.
    errors.push(`version ${json.version} is above 1.5, the highest Teams renders`);
  }
  const context = new AC.SerializationContext(new AC.Version(1, 5));
  const card = new AC.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    errors.push(`parser: ${event.message}`);
  }
  for (const e of card.validateProperties().validationEvents) {
    errors.push(`validation: ${e.message}`);
  }
  return errors;
}

function collect(target) {
  const stat = fs.statSync(target);
  if (!stat.isDirectory()) return [target];
  return fs.readdirSync(target).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(target, f));
}

const files = process.argv.slice(2).flatMap(collect);
let failed = 0;
for (const file of files) {
  let errors;
  try {
    errors = validate(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (e) {
    errors = [`unreadable: ${e.message}`];
  }
  if (errors.length) failed++;
  console.log(JSON.stringify({ file: path.basename(file), ok: errors.length === 0, errors }));
}
process.exit(failed ? 1 : 0);
