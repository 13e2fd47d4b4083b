-- `make loadtest` (benchmarks/loadtest.py): what wrk asks for, and the figures it prints.
-- Arguments after "--": mode ("floor" or "mix"), the session cookie, a dossier's path and the
-- CSRF token of the session's forms. The mix: 70 % start page, each followed by "Actie nodig"
-- as the browser loads it (htmx), 20 % a dossier page, 10 % "Opzoeken dossier" by name, the
-- form posted as htmx posts it (the results come back at once). A form needs its content type:
-- without it Flask reads no fields, so no CSRF token, and answers 400.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  mode, dossier, token = args[1], args[3], args[4]
  wrk.headers["Cookie"] = "binc_session=" .. args[2]
  wrk.headers["Accept"] = "text/html"
  others = 0 -- answers other than 200 (a redirect to the login page is an error here)
  statuses = "" -- their status codes, space-separated (threads share only strings)
  actions_next = false
end

-- The headers of every request (the session cookie) and ``extra``: wrk.format sends only the
-- headers it is given when given any, so a request with headers of its own went without the
-- session (until issue 13's second session: "Actie nodig" answered an htmx login redirect).
local function with_session(extra)
  local headers = {}
  for name, value in pairs(wrk.headers) do
    headers[name] = value
  end
  for name, value in pairs(extra) do
    headers[name] = value
  end
  return headers
end

function request()
  if mode == "floor" then
    return wrk.format("GET", "/voorziening")
  end
  if actions_next then
    actions_next = false
    return wrk.format("GET", "/acties", with_session({ ["HX-Request"] = "true" }))
  end
  local pick = math.random(100)
  if pick <= 70 then
    actions_next = true
    return wrk.format("GET", "/")
  elseif pick <= 90 then
    return wrk.format("GET", dossier)
  end
  return wrk.format("POST", "/dossiers/zoeken", with_session({
    ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded",
  }), "naam=peeters&csrf_token=" .. token)
end

function response(status, headers, body)
  -- An htmx request without a valid session is answered 200 with a redirect to the login.
  if headers["HX-Redirect"] then
    status = "hx_redirect"
  end
  if status ~= 200 then
    others = others + 1
    statuses = statuses .. " " .. status
  end
end

function done(summary, latency, requests)
  local bad, codes = 0, {}
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("others")
    for code in string.gmatch(thread:get("statuses"), "[%w_]+") do
      codes[code] = (codes[code] or 0) + 1
    end
  end
  for code, count in pairs(codes) do
    io.write(string.format("status_%s: %d requests\n", code, count))
  end
  local errors = summary.errors
  local failed = errors.connect + errors.read + errors.write + errors.timeout
  io.write(string.format("requests: %d requests\n", summary.requests))
  io.write(string.format("throughput: %.1f req/s\n", summary.requests / (summary.duration / 1e6)))
  for _, p in ipairs({ 50, 95, 99 }) do
    io.write(string.format("latency_p%d: %.1f ms\n", p, latency:percentile(p) / 1000))
  end
  io.write(string.format("errors: %d requests\n", bad + failed))
end
