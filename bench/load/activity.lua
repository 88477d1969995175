-- wrk script: POSTs a Teams-shaped personal message (bot-protocol.md §7.1) to /api/messages.
-- Every request carries a new activity id (the product de-duplicates on conversation + activity id)
-- and one of 64 conversations per thread (real traffic spreads over many users' chats).
-- Environment: BENCH_SERVICE_URL (the connector stand-in), BENCH_TEXT (message text),
-- BENCH_RUN (a tag that keeps ids unique across runs against the same bot).
-- done() prints one machine-readable line for bench/protocol.sh.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local counter = 0
local prefix, middle, suffix

function init(args)
  local serviceUrl = os.getenv("BENCH_SERVICE_URL") or "http://127.0.0.1:3979/"
  local text = os.getenv("BENCH_TEXT") or "aide"
  local tenant = "05050505-0000-4000-8000-000000000005"
  run = os.getenv("BENCH_RUN") or "run"
  prefix = '{"type":"message","id":"'
  middle = '","timestamp":"2026-01-15T09:30:00.123Z","serviceUrl":"' .. serviceUrl .. '","channelId":"msteams",'
    .. '"from":{"id":"29:1camille","name":"Camille Roux","aadObjectId":"00000000-0000-4000-8000-000000000001"},'
    .. '"conversation":{"conversationType":"personal","tenantId":"' .. tenant .. '","id":"a:1bench-'
  suffix = '"},"recipient":{"id":"28:00000000-0000-4000-8000-0000000000b0","name":"Sécurité du Quotidien"},'
    .. '"textFormat":"plain","text":"' .. text .. '",'
    .. '"entities":[{"type":"clientInfo","locale":"fr-FR","country":"FR","platform":"Web","timezone":"Europe/Paris"}],'
    .. '"channelData":{"tenant":{"id":"' .. tenant .. '"}},"locale":"fr-FR"}'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json; charset=utf-8"
end

function request()
  counter = counter + 1
  local id = run .. "-" .. tid .. "-" .. counter
  local conversation = tid .. "-" .. (counter % 64)
  return wrk.format(nil, "/api/messages", nil, prefix .. id .. middle .. conversation .. suffix)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
