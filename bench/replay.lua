-- wrk script: replays pre-made POSTs, each thread its own share of the file, and prints one
-- RESULT line for bench/run to read. A line is: path<TAB>Header: value<TAB>…<TAB>body.
-- Usage: wrk … -s bench/replay.lua URL -- FILE THREADS
local threads = {}
local next_id = 0

function setup(thread)
    thread:set("id", next_id)
    next_id = next_id + 1
    table.insert(threads, thread)
end

function init(args)
    local path, count = args[1], tonumber(args[2])
    host = wrk.headers["Host"] or wrk.host
    -- Only this thread's lines, made into requests as they are sent: wrk starts the first
    -- thread's load before the next thread's init, and formatting a whole share up front took
    -- ~1.4 s of a core at the start of every measurement.
    lines = {}
    local i = 0
    for line in io.lines(path) do
        if i % count == id then lines[#lines + 1] = line end
        i = i + 1
    end
    sent = 0
    made = #lines
end

function request()
    sent = sent + 1
    -- Past the end the file starts again: bench/run makes plenty, and the RESULT line says how
    -- many were sent twice this way (a spend's replay is refused, a notification's is a duplicate).
    local line = lines[(sent - 1) % #lines + 1]
    local first, last = line:find("\t", 1, true), line:find("\t[^\t]*$")
    local body = line:sub(last + 1)
    return "POST " .. line:sub(1, first - 1) .. " HTTP/1.1\r\nHost: " .. host .. "\r\n"
        .. line:sub(first + 1, last - 1):gsub("\t", "\r\n") .. "\r\nContent-Length: " .. #body .. "\r\n\r\n" .. body
end

function done(summary, latency, requests)
    local again = 0
    for _, thread in ipairs(threads) do again = again + math.max(0, thread:get("sent") - thread:get("made")) end
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d replayed=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, errors, summary.errors.status, again))
end
