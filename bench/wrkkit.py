"""wrk against one or several app instances at once, and PostgreSQL's own clock of the
time spent running statements (pg_stat_database.active_time), for bench/scale.py.

Several instances are loaded by several wrk processes started together, one per
instance, the connections split evenly between them (a round robin by connection: nginx
is not installed here, and this adds no proxy's CPU to the 2 shared cores). Their
requests per second add up; latency is the mean of their means.
"""

from __future__ import annotations

import re
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

# Post a reply as a participant, then approve it as a moderator: each connection posts,
# reads the new post's id from the 201 answer and approves it with its next request.
# wrk calls request() for every request and response() for every answer, per thread.
POST_AND_APPROVE = r"""
local queue, n, approved, posted = {}, 0, 0, 0
local thread_id, participant, moderator, tag = "__THREAD__", "__PARTICIPANT__",
  "__MODERATOR__", "__TAG__"
function setup(thread) thread:set("id", math.random(1, 1000000000)) end
function init(args)
  -- bench/wrkkit.py gives every wrk process a tag of its own (after "--"): texts repeated
  -- within minutes are refused (forum/threads/actions.py), across rounds and processes too.
  if args[1] then tag = args[1] .. "-" .. (id or 0) end
  math.randomseed(id or os.time())
end
function request()
  if #queue > 0 then
    local post = table.remove(queue, 1)
    return wrk.format("POST", "/api/v1/posts/" .. post .. "/approve",
      {["Authorization"] = "Bearer " .. moderator, ["Content-Type"] = "application/json"}, "{}")
  end
  n = n + 1
  local body = '{"body": "Throughput reply ' .. tag .. ' ' .. math.random(1, 1000000000) ..
    ' number ' .. n .. ': our experience with the national framework."}'
  return wrk.format("POST", "/api/v1/threads/" .. thread_id .. "/posts",
    {["Authorization"] = "Bearer " .. participant, ["Content-Type"] = "application/json"}, body)
end
function response(status, headers, body)
  if status == 201 then
    posted = posted + 1
    -- The post's own id, not its author's: keys are sorted, and "id" follows "created_at".
    local post = body:match('"created_at":"[^"]*","id":(%d+)')
    if post then table.insert(queue, post) end
  elseif status == 200 and body:match('"status":%s*"approved"') then
    approved = approved + 1
  end
end
"""


@dataclass
class Load:
    rps: float  # all instances together
    latency_ms: float  # mean of the wrk processes' mean latencies
    requests: int
    errors: int
    instances: int


def _parse(out: str) -> tuple[float, float, int, int]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    done = int(re.search(r"(\d+) requests in", out).group(1))
    latency = re.search(r"Latency\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[latency.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), "
                        r"timeout (\d+)", out)
    failed = (int(errors.group(1)) if errors else 0) + \
        (sum(map(int, sockets.groups())) if sockets else 0)
    return rps, float(latency.group(1)) * scale, done, failed


def wrk_many(urls: list[str], *, seconds: float, connections: int = 8,
             headers: dict[str, str] | None = None, script: Path | None = None) -> Load:
    """`connections` in all, split evenly over `urls` (one wrk process each)."""
    per = max(1, connections // len(urls))
    extra = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    if script is not None:
        extra += ["-s", str(script)]
    tail = ["--", uuid.uuid4().hex[:12]] if script is not None else []
    processes = [subprocess.Popen(
        ["wrk", f"-t{min(2, per)}", f"-c{per}", f"-d{int(seconds)}s", *extra, url,
         *tail[:1], *(tail[1:] and [f"{tail[1]}{n}"])],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for n, url in enumerate(urls)]
    outs = [p.communicate()[0] for p in processes]
    parsed = [_parse(out) for out in outs]
    return Load(sum(p[0] for p in parsed), sum(p[1] for p in parsed) / len(parsed),
                sum(p[2] for p in parsed), sum(p[3] for p in parsed), len(urls))


class DatabaseClock:
    """Milliseconds PostgreSQL spent running statements in one database (its
    pg_stat_database.active_time, PostgreSQL 14+; no extension needed). Backends report
    it when they go idle, at most once a second, so reading waits for that."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url, isolation_level="AUTOCOMMIT")
        self.name = url.rsplit("/", 1)[1]

    def read(self) -> float:
        time.sleep(1.5)  # let idle backends flush their counters
        with self.engine.connect() as conn:
            conn.execute(text("SELECT pg_stat_clear_snapshot()"))
            return float(conn.execute(text(
                "SELECT active_time FROM pg_stat_database WHERE datname = :name"),
                {"name": self.name}).scalar() or 0.0)

    def close(self) -> None:
        self.engine.dispose()
