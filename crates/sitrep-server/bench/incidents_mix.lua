-- wrk script: every request is one of five filtered /api/incidents queries
-- (country, category, a month, dead, a bounding box), taken in turn, so the
-- five share the load evenly. Run from the repository's root:
--   wrk -t2 -c50 -d30s --latency -s crates/sitrep-server/bench/incidents_mix.lua http://127.0.0.1:8080
local paths = {
  "/api/incidents?country=PAK",
  "/api/incidents?category=PROTEST",
  "/api/incidents?since=2023-03-01&until=2023-03-31",
  "/api/incidents?min_dead=20",
  "/api/incidents?bbox=60,25,75,37",
}
local i = 0

function init(args)
  -- threads start at different queries
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
