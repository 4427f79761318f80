-- wrk script: POST one letting case to /api/v1/letting/decisions with the
-- token in $BLANDBY_TOKEN; counts non-200 answers.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BLANDBY_TOKEN")
wrk.body = [[{"applicant_ref": "venteliste-4711", "date": "2024-07-15", "department": "bench-1", "dwelling_type": "family",
 "channel": "municipal_allocation",
 "household": {"members": [
  {"role": "applicant", "age": 34, "citizenships": ["DK"], "work": "employed",
   "benefits": [{"type": "kontanthjaelp", "from": "2023-11-01", "to": "2024-02-29"}]},
  {"role": "spouse", "age": 33, "citizenships": ["SE"], "in_education": true},
  {"role": "child", "age": 6, "citizenships": ["DK"]}]}}]]

-- BLANDBY_DELAY_MS paces the load: each connection waits that long between
-- a response and its next request, so the offered rate is about
-- connections × 1000 / (delay + latency) instead of as much as the server
-- can take.
local pace = tonumber(os.getenv("BLANDBY_DELAY_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end

local bad = 0
response = function(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("status " .. status .. ": " .. body .. "\n") end
  end
end

done = function(summary, latency, requests)
  io.write(string.format("requests %d in %.1f s: %.0f req/s; non-200 answers: %d (socket errors: %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), bad,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.status + summary.errors.timeout))
  io.write(string.format("latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
