-- wrk script of the harness. Arguments after "--":
--   get               GET the releases list (a version check)
--   post FILE [PATH]  POST the report body in FILE to PATH [/collect]
-- Requests carry a Beacon client's User-Agent. request() runs once per
-- request wrk writes, so done() can print how many were written
-- ("issued N"): issued minus the responses wrk counted is what was still in
-- flight when wrk stopped its clock (at most one per connection); the
-- server answered and recorded those too. run.sh compares that sum with the
-- rows in SQLite.
local threads = {}
local ua = "traefik/3.1.2 (linux; amd64) beacon/0.1.0"
local req
issued = 0

function setup(thread)
	table.insert(threads, thread)
end

local function read_file(path)
	local f = assert(io.open(path, "rb"))
	local body = f:read("*a")
	f:close()
	return body
end

function init(args)
	if args[1] == "post" then
		req = wrk.format("POST", args[3] or "/collect", {
			["Content-Type"] = "application/json",
			["User-Agent"] = ua,
		}, read_file(args[2]))
	else
		req = wrk.format("GET", "/repos/traefik/traefik/releases", {
			["User-Agent"] = ua,
			["Accept"] = "application/vnd.github.v3+json",
		})
	end
end

function request()
	issued = issued + 1
	return req
end

function done(summary, latency, requests)
	local n = 0
	for _, t in ipairs(threads) do
		n = n + t:get("issued")
	end
	-- wrk calls request() once more at start, on its first thread, to
	-- verify the request (script_verify_request): nothing is sent then.
	io.write(string.format("issued %d\n", n - 1))
end
