// Connector stand-in for the intake bench: like bench/connector-standin, but it also answers
// POST /v3/conversations (a new thread in a channel, how the bot posts an issue's root card), so the
// outbox's sends succeed instead of failing permanently and alerting administrators.
//
//   POST /v3/conversations                               -> 201 {"id": "<channel>;messageid=N", "activityId": "N"}
//   POST|PUT /v3/conversations/{id}/activities[/{id}]    -> 200 {"id": "N"}
//   GET  /count -> {"threads": n, "replies": n}
// Usage: node connector.js <port>   (binds 127.0.0.1 only)
'use strict';

const http = require('node:http');

const port = Number(process.argv[2] || 0);
let threads = 0;
let replies = 0;
let nextId = 0;

function json(res, status, body) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

const server = http.createServer((req, res) => {
  const path = (req.url || '/').split('?')[0];
  if (req.method === 'GET' && path === '/count') {
    json(res, 200, { threads, replies });
    return;
  }
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    nextId += 1;
    if (req.method === 'POST' && /\/v3\/conversations\/?$/.test(path)) {
      threads += 1;
      const channel = /"channel"\s*:\s*\{\s*"id"\s*:\s*"([^"]+)"/.exec(Buffer.concat(chunks).toString('utf8'));
      json(res, 201, { id: `${channel ? channel[1] : 'a:bench'};messageid=${nextId}`, activityId: `${nextId}` });
      return;
    }
    if (/\/v3\/conversations\/[^/]+\/activities/.test(path)) {
      replies += 1;
      json(res, 200, { id: `standin-${nextId}` });
      return;
    }
    json(res, 404, { error: { code: 'NotFound', message: `${req.method} ${path}` } });
  });
});

server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  console.log(`intake connector stand-in listening on http://127.0.0.1:${server.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
