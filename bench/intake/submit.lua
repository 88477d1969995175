-- wrk script: the final "Envoyer" of the report form, i.e. the adaptiveCard/action invoke with verb
-- signaler-envoyer and every answer of the form, as the Teams client posts it after the summary card.
-- Each request has a new activity id and a new draft id (the form's idempotency key), so every one
-- is a new report. The bot answers invokes synchronously: the HTTP latency is the submit latency.
-- Environment: BENCH_SERVICE_URL (connector stand-in), BENCH_RUN (a number unique to this run),
-- BENCH_DATE (yesterday, yyyy-MM-dd: the date of the facts must not be in the future).
-- done() prints one machine-readable line for bench/intake/run.sh.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

local counter = 0
-- Globals, so that done() can read them from each thread with thread:get.
confirmed, repeated, refused = 0, 0, 0
local prefix, middle, suffix, run

function init(args)
  local serviceUrl = os.getenv("BENCH_SERVICE_URL") or "http://127.0.0.1:3979/"
  local date = os.getenv("BENCH_DATE") or "2026-01-14"
  local tenant = "05050505-0000-4000-8000-000000000005"
  run = tonumber(os.getenv("BENCH_RUN") or "1")
  prefix = '{"type":"invoke","name":"adaptiveCard/action","id":"'
  middle = '","timestamp":"2026-01-15T09:30:00.123Z","serviceUrl":"' .. serviceUrl .. '","channelId":"msteams",'
    .. '"from":{"id":"29:1camille","name":"Camille Roux","aadObjectId":"00000000-0000-4000-8000-000000000001"},'
    .. '"conversation":{"conversationType":"personal","tenantId":"' .. tenant .. '","id":"a:1personal-camille"},'
    .. '"recipient":{"id":"28:00000000-0000-4000-8000-0000000000b0","name":"Sécurité du Quotidien"},'
    .. '"channelData":{"tenant":{"id":"' .. tenant .. '"}},"locale":"fr-FR","replyToId":"1718000000555",'
    .. '"value":{"trigger":"manual","action":{"type":"Action.Execute","verb":"signaler-envoyer","data":{'
    .. '"formVersion":"1","secteur":"gap-hyper-centre","categorie":"occupation-parties-communes/halls",'
    .. '"lieu":"gap-residence-les-cedres-hall-a","adresse":"","precision":"Hall A, près des boîtes aux lettres",'
    .. '"date":"' .. date .. '","moment":"soiree","frequence":"chaque-semaine",'
    .. '"description":"Un groupe occupe le hall chaque soir, bruit et déchets laissés sur place.",'
    .. '"consequences":"Les locataires âgés n\'osent plus sortir le soir.","draftId":"'
  suffix = '"}}}}'
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json; charset=utf-8"
end

function request()
  counter = counter + 1
  -- A GUID made of the run, the thread and the counter: unique, and accepted by the form's check.
  local draft = string.format("%08x-%04x-4000-8000-%012x", run % 4294967296, tid, counter)
  return wrk.format(nil, "/api/messages", nil, prefix .. "bench-" .. draft .. middle .. draft .. suffix)
end

function response(status, headers, body)
  if status == 200 and body:find("Signalement 05%-%d%d%d%d%-%d%d%d%d") then
    if body:find("avait d") then
      repeated = repeated + 1
    else
      confirmed = confirmed + 1
    end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local c, r, x = 0, 0, 0
  for _, thread in ipairs(threads) do
    c = c + (thread:get("confirmed") or 0)
    r = r + (thread:get("repeated") or 0)
    x = x + (thread:get("refused") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    "BENCH_RESULT requests=%d duration_us=%d confirmed=%d repeated=%d refused=%d connect=%d read=%d write=%d status=%d timeout=%d p50_us=%d p90_us=%d p99_us=%d max_us=%d\n",
    summary.requests, summary.duration, c, r, x, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
