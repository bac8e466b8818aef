-- wrk script: one single-row JSON request (a 2-D array in feature-plan order) to
-- /invocations on a keep-alive connection. The body is read from the file named by the
-- environment variable ROW_FILE (serve_bench.sh writes it), so both servers get the
-- very same row.
--   ROW_FILE=row.json wrk -t2 -c16 -d20s --latency -s serve_post.lua http://127.0.0.1:8080/invocations
local file = assert(io.open(os.getenv("ROW_FILE") or "row.json", "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"

