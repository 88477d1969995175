// Connector API stand-in for the benches: answers the bot's reply calls instantly and counts them.
// Node's http module with no framework, so that it costs far less CPU than the bots under test.
//
//   POST /v3/conversations/{id}/activities[/{activityId}]  -> 200 {"id": "..."}
//   GET  /count   -> {"replies": n, "distinct": d, "duplicates": n - d}
//   POST /reset   -> zero the counters
//
// A reply is keyed by the inbound activity it answers (the activityId in the path, else the body's
// replyToId), so the bench can check that every request produced exactly one reply.
// Usage: node server.js <port>   (binds 127.0.0.1 only)
'use strict';

const http = require('node:http');

const port = Number(process.argv[2] || 0);
const activitiesPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/?]+))?\/?$/;

let replies = 0;
let answered = new Set();
let nextId = 0;

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function replyKey(pathActivityId, body) {
  if (pathActivityId) {
    return decodeURIComponent(pathActivityId);
  }
  // Sent to the conversation (no activity id in the path): fall back to the body's replyToId.
  const match = /"replyToId"\s*:\s*"([^"]*)"/.exec(body);
  return match ? match[1] : `no-reply-to-${nextId}`;
}

const server = http.createServer((req, res) => {
  const url = req.url || '/';
  if (req.method === 'GET' && url === '/count') {
    json(res, 200, { replies, distinct: answered.size, duplicates: replies - answered.size });
    return;
  }
  if (req.method === 'POST' && url === '/reset') {
    replies = 0;
    answered = new Set();
    json(res, 200, { replies });
    return;
  }
  const route = req.method === 'POST' ? activitiesPath.exec(url.split('?')[0]) : null;
  if (!route) {
    req.resume();
    json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${url}` } });
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    replies += 1;
    answered.add(replyKey(route[2], Buffer.concat(chunks).toString('utf8')));
    nextId += 1;
    json(res, 200, { id: `standin-${nextId}` });
  });
});

// Bots keep their connections to the connector alive; match what a real front end allows.
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`connector stand-in listening on http://127.0.0.1:${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
