-- wrk script: students opening their card's home page (/h5/{school}), each request as the next
-- phone of the file (school, session token, device id: bench-phones), with a pause between one
-- student's taps. Prints the same RESULT line as replay.lua.
-- Usage: wrk ... -s bench/pages.lua URL -- phones.tsv [pause_ms]
local phones = {}
local pause = 0
local next_phone = 1

function init(args)
    for line in io.lines(args[1]) do
        local school, token, device = line:match("^(%S+)\t(%S+)\t(%S+)$")
        if school then
            phones[#phones + 1] = { path = "/h5/" .. school, cookie = "cc_session=" .. token .. "; cc_device=" .. device }
        end
    end
    pause = tonumber(args[2] or "0")
    -- Each of wrk's threads starts at its own place in the file.
    next_phone = math.random(#phones)
end

function request()
    local phone = phones[next_phone]
    next_phone = next_phone % #phones + 1
    return wrk.format("GET", phone.path, { ["Cookie"] = phone.cookie })
end

function delay()
    return pause
end

function done(summary, latency, requests)
    local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d errors=%d non2xx=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, errors, summary.errors.status))
end
