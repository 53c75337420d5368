-- wrk script: replays pre-signed spends (bench/sign_requests.py), each thread its own share of
-- the file, and prints one RESULT line for bench/run to read.
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local path, count = args[1], tonumber(args[2])
    requests = {}
    local i = 0
    for line in io.lines(path) do
        if i % count == id then
            local terminal, ts, nonce, signature, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
            requests[#requests + 1] = wrk.format("POST", "/api/v1/pos/spends", {
                ["Content-Type"] = "application/json",
                ["X-Terminal-Id"] = terminal,
                ["X-Timestamp"] = ts,
                ["X-Nonce"] = nonce,
                ["X-Signature"] = signature,
            }, body)
        end
        i = i + 1
    end
    sent = 0
end

function request()
    sent = sent + 1
    -- Running out would replay a request (refused, and counted as an error): bench/run signs plenty.
    return requests[(sent - 1) % #requests + 1]
end

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, errors, summary.errors.status))
end
