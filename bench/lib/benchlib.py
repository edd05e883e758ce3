#!/usr/bin/env python3
"""Helpers for bench/run (standard library only).

Sub-commands:
  ports N                       N free loopback TCP ports, one per line
  jwt KEY_B64 ISS AUD SUB TTL   an HS256 JWT signed with the base64 key (iss, aud, sub, iat, nbf, exp)
  limits MODE APPSETTINGS       KEY=VALUE environment lines that set the gateway's rate limits high
                                (MODE=high) or per-user limits low (MODE=low); see limit_settings()
  session-token ENDPOINT        a session auth token shaped like Face's (ES256 JWT; random signature)
  annotate FILE KEY=INT...      adds integer fields to a wrk summary file
  rediscalls FILE BEFORE AFTER  adds the Redis commands run between two INFO commandstats snapshots
  machine COMMIT DIRTY DOTNET   machine.json facts about this machine and checkout, on stdout
  counters CSV                  a Markdown summary of a dotnet-counters CSV file
  cpu PGID...                   CPU milliseconds used so far by each process group, one per line, then the whole machine's
  line FILE                     a one-line summary of an annotated wrk summary file
  hotspots SPEEDSCOPE OUT       where busy threads were in a dotnet-trace speedscope export (table; details to OUT)
  logsummary LOG                the gateway's console log entries counted by level, category, message and exception
  report RUN_DIR OUT_DIR        latest.json and latest.md from the run's recorded measurements
"""

import base64
import datetime
import hashlib
import hmac
import json
import os
import socket
import statistics
import sys
import time


def free_ports(count):
    sockets, ports = [], []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
            ports.append(s.getsockname()[1])
    finally:
        for s in sockets:
            s.close()
    return ports


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def mint_jwt(key_b64, issuer, audience, subject, ttl_seconds):
    now = int(time.time())
    header = {"alg": "HS256", "typ": "JWT"}
    claims = {"iss": issuer, "aud": audience, "sub": subject, "iat": now, "nbf": now - 60, "exp": now + int(ttl_seconds)}
    signing_input = b64url(json.dumps(header, separators=(",", ":")).encode()) + "." + b64url(json.dumps(claims, separators=(",", ":")).encode())
    signature = hmac.new(base64.b64decode(key_b64), signing_input.encode("ascii"), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


# Leaf names that hold a count of permits, and those that hold a window length.
PERMIT_LEAVES = ("PermitLimit", "PermitsPerSecond", "TokenLimit", "TokensPerPeriod")
WINDOW_LEAVES = ("Window", "ReplenishmentPeriod")
HIGH = "1000000"
LOW = "1"
LONG_WINDOW = "00:10:00"
SHORT_WINDOW = "00:00:01"  # high mode: 1,000,000 permits per second, not per minute

# The limit settings the gateway binds, set even before the gateway's appsettings.json lists them.
KNOWN_PERMIT_KEYS = ("RateLimiting:SessionCreation:PermitLimit", "RateLimiting:Upstream:PermitsPerSecond")
KNOWN_WINDOW_KEYS = ("RateLimiting:SessionCreation:Window",)


def flatten(node, prefix):
    if isinstance(node, dict):
        for name, value in node.items():
            yield from flatten(value, f"{prefix}:{name}" if prefix else name)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from flatten(value, f"{prefix}:{index}")
    else:
        yield prefix, node


def limit_settings(mode, appsettings_path):
    """Environment settings for the gateway's rate limits, whatever shape the RateLimiting section has.

    high: every permit count in RateLimiting is set to 1,000,000 and per-user windows to 1 s
    (throughput scenarios must measure the policies' cost, not be stopped by them).
    low: per-user limits get 1 permit per 10-minute window, while the deployment-wide upstream budget
    (RateLimiting:Upstream) stays high, so that a 429 comes from the caller's own limit.
    Settings the gateway does not have are harmless: configuration nobody binds is ignored.
    """
    try:
        with open(appsettings_path, encoding="utf-8") as f:
            section = json.load(f).get("RateLimiting", {})
    except (OSError, ValueError):
        section = {}
    keys = {key for key, _ in flatten(section, "RateLimiting")} | set(KNOWN_PERMIT_KEYS) | set(KNOWN_WINDOW_KEYS)
    settings = {}
    for key in sorted(keys):
        leaf = key.rsplit(":", 1)[-1]
        upstream = key.startswith("RateLimiting:Upstream:")
        if leaf in PERMIT_LEAVES:
            settings[key] = LOW if mode == "low" and not upstream else HIGH
        elif leaf in WINDOW_LEAVES and not upstream:
            settings[key] = LONG_WINDOW if mode == "low" else SHORT_WINDOW
    return [f"{key.replace(':', '__')}={value}" for key, value in settings.items()]


def session_token(endpoint):
    """What Face hands a client at create: ES256 JWT with allowed-paths (contract §9); never validated here."""
    header = {"alg": "ES256", "kid": "key1", "typ": "JWT"}
    allowed = [{"path": "face/v1.2/session/start", "method": "POST", "quota": 1, "callRateRenewalPeriod": 60, "callRateLimit": 1},
               {"path": "face/v1.2/detectLiveness/singleModal", "method": "post", "quota": 3, "callRateRenewalPeriod": 5, "callRateLimit": 1}]
    subscription = os.urandom(16).hex()
    claims = {
        "region": "westus2", "subscription-id": subscription, "product-id": "Face.S0",
        "allowed-paths": json.dumps(allowed, separators=(",", ":")),
        "azure-resource-id": f"/subscriptions/{subscription}/resourceGroups/bench/providers/Microsoft.CognitiveServices/accounts/face-bench",
        "sid": "00000000-0000-0000-0000-000000000000", "nbf": str(int(time.time())),
        "face": json.dumps({"endpoint": endpoint, "sessionType": "Liveness", "clientClaims": {"livenessOperationMode": "Passive"}}, separators=(",", ":")),
        "aud": "urn:ms.faceSessionToken", "exp": int(time.time()) + 600, "iss": "urn:ms.cognitiveservices",
    }
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()), b64url(json.dumps(claims, separators=(",", ":")).encode()), b64url(os.urandom(64))])


def annotate(path, pairs):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for pair in pairs:
        key, value = pair.split("=", 1)
        data[key] = int(value)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


def redis_calls(path, before, after):
    def parse(snapshot):
        calls = {}
        for raw in read_text(snapshot).splitlines():
            if raw.startswith("cmdstat_"):
                name, stats = raw[len("cmdstat_"):].split(":", 1)
                calls[name] = int(dict(kv.split("=", 1) for kv in stats.strip().split(","))["calls"])
        return calls
    first, second = parse(before), parse(after)
    diff = {name: n - first.get(name, 0) for name, n in second.items() if name != "info" and n - first.get(name, 0) > 0}
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    data["redis_calls"] = diff
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)


def machine(commit, dirty, dotnet):
    def read(path):
        try:
            with open(path, encoding="utf-8") as f:
                return f.read()
        except OSError:
            return ""
    cpu = next((line.split(":", 1)[1].strip() for line in read("/proc/cpuinfo").splitlines() if line.startswith("model name")), "unknown")
    mem_kb = next((int(line.split()[1]) for line in read("/proc/meminfo").splitlines() if line.startswith("MemTotal:")), 0)
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit,
        "dirty": dirty == "1",
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.0f} GiB",
        "kernel": os.uname().release,
        "dotnet": dotnet,
    }


# Counters worth reading in a gateway profile, with how to show them.
COUNTERS = [
    ("dotnet.process.cpu.time", "CPU time (s per s, all cores)"),
    ("dotnet.gc.heap.total_allocated", "Allocated (bytes per s)"),
    ("dotnet.gc.collections", "GC collections (per s, by generation)"),
    ("dotnet.gc.pause.time", "GC pause (s per s)"),
    ("dotnet.gc.last_collection.heap.size", "Heap size after last GC (bytes, by generation)"),
    ("dotnet.process.memory.working_set", "Working set (bytes)"),
    ("dotnet.thread_pool.thread.count", "Thread-pool threads"),
    ("dotnet.thread_pool.queue.length", "Thread-pool queue length"),
    ("dotnet.thread_pool.work_item.count", "Thread-pool work items (per s)"),
    ("dotnet.monitor.lock_contentions", "Lock contentions (per s)"),
    ("dotnet.exceptions", "Exceptions (per s)"),
    ("http.server.active_requests", "Active requests"),
    ("http.server.request.duration", "Request duration (s)"),
]


def counters_summary(path):
    import csv
    series = {}
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            name = row.get("Counter Name") or ""
            try:
                value = float(row.get("Mean/Increment") or "nan")
            except ValueError:
                continue
            series.setdefault(name, []).append(value)
    lines = ["| Counter | Mean over the round | Max |", "|---|---:|---:|"]
    for prefix, label in COUNTERS:
        for name in sorted(n for n in series if n.startswith(prefix)):
            values = series[name]
            lines.append(f"| {label} `{name}` | {statistics.fmean(values):,.4g} | {max(values):,.4g} |")
    return "\n".join(lines)


def cpu_ms(groups):
    """User + system CPU time of every process whose process group is in groups, in ms."""
    ticks = {g: 0 for g in groups}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        group = int(fields[2])  # pgrp: the 5th field, 3rd after the command name
        if group in ticks:
            # utime, stime, and cutime, cstime: children that exited and were waited for (wrk, in the script's group)
            ticks[group] += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    hz = os.sysconf("SC_CLK_TCK")
    with open("/proc/stat", encoding="utf-8") as f:
        cpu = [int(v) for v in f.readline().split()[1:]]
    busy = cpu[0] + cpu[1] + cpu[2]  # user, nice, system: what processes run (interrupt time, mostly loopback traffic, is left out)
    return [ticks[g] * 1000 // hz for g in groups] + [busy * 1000 // hz]


def line(path):
    d = json.load(open(path, encoding="utf-8"))
    rps = d["requests"] / d["duration_us"] * 1e6
    text = (f"{rps:,.0f} req/s, p50 {d['latency_us']['p50'] / 1000:.2f} ms, p99 {d['latency_us']['p99'] / 1000:.2f} ms, "
            f"non-2xx {d['errors']['status']:,}, upstream calls {d.get('upstream_calls', 0):,}")
    if d.get("requests") and "cpu_ms_proxy" in d:
        text += f", proxy CPU {d['cpu_ms_proxy'] * 1000 / d['requests']:.0f} us/req"
    return text


# Where a sample was blocked rather than busy: the managed frame just above native code.
WAIT_FRAMES = ("LowLevelLifoSemaphore.WaitForSignal", "WaitHandle.WaitOne", "Monitor.Wait(", "Interop+Sys.Read(",
               "ManualResetEventSlim.Wait", "WaitForSocketEvents", "Thread.Sleep", "Interop+Sys.WaitForSocketEvents",
               "LowLevelMonitor.Wait", "Task.SpinThenBlockingWait", "Interop+Sys.Poll", "SocketAsyncEngine.EventLoop",
               "ConsoleLoggerProcessor.TryDequeue", "BlockingCollection", "SemaphoreSlim.Wait")

# Busy samples are charged to the innermost frame that belongs to a part of the request's work
# (FEATURES); samples with no such frame (I/O loops, the thread pool) go to the first FALLBACK that
# matches. Shared libraries (Redis client, sockets, JSON) are charged to the feature that called them.
FEATURES = [
    ("User id (SHA-256 of issuer+sub)", ("Liveness.Policies.Identity.UserId",)),
    ("JWT validation (JwtBearer, IdentityModel, signing-key lookup)", ("Microsoft.IdentityModel", "JwtBearerHandler", "JwtBearerConfigureOptions", "JwtBearer!")),
    ("Rate limits and upstream budget", ("Liveness.Gateway.RateLimiting", "Liveness.Policies.RateLimiting", "RedisRateLimiting", "System.Threading.RateLimiting", "Microsoft.AspNetCore.RateLimiting")),
    ("Finished-result cache", ("Liveness.Gateway.Results", "Liveness.Policies.Results")),
    ("Audit events", ("Liveness.Gateway.Audit",)),
    ("Telemetry (metrics, traces)", ("Liveness.Gateway.Telemetry", "OpenTelemetry", "Prometheus")),
    ("Resilience (retries, circuit breaker)", ("Liveness.Gateway.Resilience", "Polly", "Microsoft.Extensions.Http.Resilience")),
    ("Ownership lookup (session store, owner cache)", ("Liveness.Policies.Ownership",)),
    ("Response rewrite (parse/compare/write Face JSON)", ("FaceResponseHandler",)),
    ("Request transform (Face key, headers)", ("LivenessTransformProvider", "ApiKeyFaceCredential", "FaceCredential")),
    ("Error answers (problem+json)", ("GatewayProblem", "ProblemDetails", "StatusCodePages")),
    ("Authorization (policy evaluation)", ("Microsoft.AspNetCore.Authorization",)),
    ("Configuration reads on the request path", ("Microsoft.Extensions.Configuration",)),
    ("Logging", ("Microsoft.Extensions.Logging", "LoggerMessage")),
    ("Forwarding (YARP, HttpClient to upstream)", ("Yarp.ReverseProxy", "System.Net.Http")),
    ("Other gateway code", ("Liveness.",)),
    ("Other ASP.NET Core middleware and routing", ("Microsoft.AspNetCore.Routing", "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Authentication",
                                                   "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.Cors", "Microsoft.AspNetCore.Hosting")),
]
FALLBACKS = [
    ("Redis client I/O (replies, all callers)", ("StackExchange.Redis", "RESPite")),
    ("Kestrel, sockets, pipelines (connections to clients and upstream)", ("Microsoft.AspNetCore.Server.Kestrel", "System.Net.Sockets", "System.IO.Pipelines")),
    ("Runtime: thread-pool spinning and dispatch, locks, GC polls", ("LowLevelLifoSemaphore", "PortableThreadPool", "ThreadPoolWorkQueue", "Monitor.Enter", "PollGC", "Interop+Kernel32.ReleaseSemaphore")),
]


def classify(names):
    # The root frames name the process (its command line) and the thread, not code.
    names = [n for n in names if not n.startswith(("Process", "Thread (", "Threads", "(Non-Activities)"))]
    for table in (FEATURES, FALLBACKS):
        for name in reversed(names):
            hit = next((c for c, patterns in table if any(p in name for p in patterns)), None)
            if hit:
                return hit
    return "Other"


def hotspots(speedscope_path, out_path):
    """Reads dotnet-trace's speedscope export (sampled thread time) and says where busy threads were."""
    with open(speedscope_path, encoding="utf-8") as f:
        data = json.load(f)
    frames = [f["name"] for f in data["shared"]["frames"]]
    busy_total, wait_total = 0.0, 0.0
    by_category, inclusive, native_by_caller = {}, {}, {}
    for profile in data["profiles"]:
        stack, last = [], None
        for event in profile["events"]:
            if last is not None and stack:
                dt = event["at"] - last
                leaf = frames[stack[-1]]
                caller = frames[stack[-2]] if len(stack) > 1 else ""
                if leaf == "UNMANAGED_CODE_TIME" and (not caller or any(w in caller for w in WAIT_FRAMES) or caller == "?!?"):
                    wait_total += dt
                elif leaf in ("UNMANAGED_CODE_TIME", "CPU_TIME"):
                    busy_total += dt
                    names = [frames[i] for i in stack[:-1]]
                    category = classify(names)
                    by_category[category] = by_category.get(category, 0.0) + dt
                    for name in set(names):
                        inclusive[name] = inclusive.get(name, 0.0) + dt
                    if leaf == "UNMANAGED_CODE_TIME":
                        native_by_caller[caller] = native_by_caller.get(caller, 0.0) + dt
            last = event["at"]
            if event["type"] == "O":
                stack.append(event["frame"])
            elif stack:
                stack.pop()
    if not busy_total:
        return "(the trace has no busy samples)"

    def share(value):
        return f"{100 * value / busy_total:.1f}%"

    interesting = ("Liveness.", "Yarp.", "OpenTelemetry", "Polly", "RedisRateLimiting", "System.Threading.RateLimiting", "Microsoft.IdentityModel", "JwtBearer", "StackExchange.Redis", "System.Text.Json",
                   "Microsoft.AspNetCore.Authorization", "Microsoft.AspNetCore.Authentication", "Microsoft.Extensions.Configuration",
                   "Microsoft.Extensions.Caching", "System.Security.Cryptography", "System.Net.Http", "Microsoft.Extensions.Logging")
    top = sorted(((v, n) for n, v in inclusive.items() if any(n.split("!", 1)[-1].startswith(i) or i in n.split("!", 1)[0] for i in interesting)), reverse=True)
    with open(out_path, "w", encoding="utf-8") as f:
        f.write("Sampled thread time of the gateway during one owned-read round (dotnet-trace, dotnet-sampled-thread-time).\n")
        f.write(f"Busy samples: {busy_total / 1000:.2f} thread-seconds; blocked/idle samples left out: {wait_total / 1000:.2f} thread-seconds.\n\n")
        f.write("Busy time by part of the request (innermost matching frame):\n")
        for category, value in sorted(by_category.items(), key=lambda kv: -kv[1]):
            f.write(f"  {share(value):>6}  {category}\n")
        f.write("\nInclusive busy time of application and library frames (top 80):\n")
        for value, name in top[:80]:
            f.write(f"  {share(value):>6}  {name[:220]}\n")
        f.write("\nBusy native time by managed caller (top 20):\n")
        for caller, value in sorted(native_by_caller.items(), key=lambda kv: -kv[1])[:20]:
            f.write(f"  {share(value):>6}  {caller[:220]}\n")
    lines = [f"Busy samples: {busy_total / 1000:.2f} thread-seconds (blocked/idle thread samples left out). Busy time by part of the request:", "",
             "| Part of the request (innermost matching frame) | Share of busy time |", "|---|---:|"]
    for category, value in sorted(by_category.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {category} | {share(value)} |")
    return "\n".join(lines)


def log_summary(path):
    import re
    entries, current = {}, None
    head = re.compile(r"^(trce|dbug|info|warn|fail|crit): (.*)$")
    guid = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\b0H[0-9A-Z]{11}(:[0-9A-F]{8})?\b")

    hexid = re.compile(r"\b[0-9a-f]{32,64}\b")  # trace ids, user keys
    decimal = re.compile(r"\b\d+(\.\d+)?(?=\s*ms\b)")  # durations

    def close(entry):
        if entry:
            message = hexid.sub("<hex>", decimal.sub("<n>", guid.sub("<id>", entry[2] if len(entry) > 2 else "")))
            key = (entry[0], guid.sub("<id>", entry[1]), message, entry[3] if len(entry) > 3 else "")
            entries[key] = entries.get(key, 0) + 1

    for raw in read_text(path).splitlines():
        match = head.match(raw)
        if match:
            close(current)
            current = [match.group(1), match.group(2)]
        elif current is not None and raw.startswith("      ") and len(current) < 4 and not raw.strip().startswith("at "):
            current.append(raw.strip()[:300])
    close(current)
    lines = [f"{count:>8}  {level}: {category}\n          {message}" + (f"\n          {exception}" if exception else "")
             for (level, category, message, exception), count in sorted(entries.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines) if lines else "(no log entries)"


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def summarise(runs):
    """Median over rounds of one target's measurements in one scenario."""
    requests = sum(r["requests"] for r in runs)
    redis = {}
    for r in runs:
        for name, per_request in r.get("redis_commands_per_request", {}).items():
            redis[name] = redis.get(name, 0) + per_request * r["requests"]
    return {
        "redis_commands_per_request": {k: round(v / requests, 2) if v / requests >= 0.01 else round(v / requests, 4) for k, v in sorted(redis.items())} if requests else {},
        "rps": median([r["rps"] for r in runs]),
        "p50_ms": median([r["p50_ms"] for r in runs]),
        "p99_ms": median([r["p99_ms"] for r in runs]),
        "requests": sum(r["requests"] for r in runs),
        "non_2xx": sum(r["non_2xx"] for r in runs),
        "socket_errors": sum(r["socket_errors"] for r in runs),
        "upstream_calls": sum(r["upstream_calls"] for r in runs),
        "upstream_calls_with_gateway_key": sum(r["upstream_calls_with_gateway_key"] for r in runs),
        "cpu_us_per_request_proxy": median([r.get("cpu_us_per_request_proxy") for r in runs]),
        "cpu_us_per_request_redis": median([r.get("cpu_us_per_request_redis") for r in runs]),
        "cpu_us_per_request_upstream": median([r.get("cpu_us_per_request_upstream") for r in runs]),
        "cpu_us_per_request_wrk": median([r.get("cpu_us_per_request_wrk") for r in runs]),
        "cpu_us_per_request_all": median([r.get("cpu_us_per_request_all") for r in runs]),
    }


def load_run(path):
    with open(path, encoding="utf-8") as f:
        raw = json.load(f)
    seconds = raw["duration_us"] / 1e6
    errors = raw["errors"]
    run = {
        "round": raw["round"],
        "requests": raw["requests"],
        "seconds": round(seconds, 3),
        "rps": round(raw["requests"] / seconds, 1) if seconds else 0.0,
        "p50_ms": round(raw["latency_us"]["p50"] / 1000, 3),
        "p90_ms": round(raw["latency_us"]["p90"] / 1000, 3),
        "p99_ms": round(raw["latency_us"]["p99"] / 1000, 3),
        "max_ms": round(raw["latency_us"]["max"] / 1000, 3),
        "non_2xx": errors["status"],
        "socket_errors": errors["connect"] + errors["read"] + errors["write"] + errors["timeout"],
        "upstream_calls": raw["upstream_calls"],
        "upstream_calls_with_gateway_key": raw["upstream_keyed"],
    }
    if "redis_calls" in raw and raw["requests"]:
        run["redis_commands_per_request"] = {k: round(v / raw["requests"], 4) for k, v in sorted(raw["redis_calls"].items())}
    if "cpu_ms_other" in raw and raw["duration_us"]:
        run["other_work_cores"] = round(max(raw["cpu_ms_other"], 0) / (raw["duration_us"] / 1000), 2)
    for part in ("proxy", "redis", "upstream", "wrk"):
        if f"cpu_ms_{part}" in raw and raw["requests"]:
            run[f"cpu_us_per_request_{part}"] = round(raw[f"cpu_ms_{part}"] * 1000 / raw["requests"], 1)
    if all(f"cpu_ms_{part}" in raw for part in ("proxy", "redis", "upstream", "wrk")) and raw["requests"]:
        total = sum(raw[f"cpu_ms_{part}"] for part in ("proxy", "redis", "upstream", "wrk"))
        run["cpu_us_per_request_all"] = round(total * 1000 / raw["requests"], 1)
    if "rss_kb" in raw:
        run["rss_mb"] = round(raw["rss_kb"] / 1024, 1)
        run["hwm_mb"] = round(raw["hwm_kb"] / 1024, 1)
    return run


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def fmt(value, digits=1):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def read_text(path, default=""):
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except OSError:
        return default


def load_meta(run_dir):
    """What bench/run recorded besides the wrk summaries: machine.json, settings.json, scenarios.tsv
    (id, title, gateway status, denied 0/1, instance, skipped reason), notes.txt, final-rss-kb, profile.md."""
    scenarios = []
    for line in read_text(os.path.join(run_dir, "scenarios.tsv")).splitlines():
        sid, title, status, denied, instance, skipped = (line.split("\t") + [""] * 6)[:6]
        entry = {"id": sid, "title": title, "gateway_status": status, "denied": denied == "1", "instance": instance or "main"}
        if skipped:
            entry["skipped"] = skipped
        scenarios.append(entry)
    final = read_text(os.path.join(run_dir, "final-rss-kb")).strip()
    bare = read_text(os.path.join(run_dir, "bare-rss-kb")).split()
    return {
        "machine": json.loads(read_text(os.path.join(run_dir, "machine.json"), "{}")),
        "settings": json.loads(read_text(os.path.join(run_dir, "settings.json"), "{}")),
        "scenarios": scenarios,
        "notes": [n for n in read_text(os.path.join(run_dir, "notes.txt")).splitlines() if n.strip()],
        "gateway_final_rss_kb": int(final) if final else None,
        "bare_final_rss_kb": int(bare[0]) if bare else None,
        "bare_peak_rss_kb": int(bare[1]) if len(bare) > 1 else None,
        "profile": read_text(os.path.join(run_dir, "profile.md")).strip() or None,
    }


def report(run_dir, out_dir):
    meta = load_meta(run_dir)
    scenarios = []
    for scenario in meta["scenarios"]:
        entry = dict(scenario)
        if scenario.get("skipped"):
            scenarios.append(entry)
            continue
        for target in ("bare", "gateway"):
            files = sorted(n for n in os.listdir(run_dir) if n.startswith(f"{scenario['id']}.{target}.r") and n.endswith(".json"))
            runs = [load_run(os.path.join(run_dir, n)) for n in files]
            entry[target] = {"median": summarise(runs), "rounds": runs}
        bare, gateway = entry["bare"]["median"], entry["gateway"]["median"]
        # Ratios of the rounds run back to back (bare and gateway of the same round), then their median:
        # steadier than the ratio of medians when the machine's load drifts during the run.
        pairs = list(zip(entry["bare"]["rounds"], entry["gateway"]["rounds"]))
        entry["gateway_over_bare"] = {
            metric: round(median([ratio(g.get(key), b.get(key)) for b, g in pairs]) or 0, 3) if pairs else None
            for metric, key in (("rps", "rps"), ("p50", "p50_ms"), ("p99", "p99_ms"), ("cpu_per_request", "cpu_us_per_request_proxy"),
                                ("all_cpu_per_request", "cpu_us_per_request_all"))
        }
        entry["gateway_rss_after_rounds_mb"] = [r.get("rss_mb") for r in entry["gateway"]["rounds"]]
        scenarios.append(entry)

    scenarios.sort(key=lambda s: s["title"])
    others = [r.get("other_work_cores") for s in scenarios if not s.get("skipped") for t in ("bare", "gateway") for r in s[t]["rounds"] if r.get("other_work_cores") is not None]
    if others and max(others) > 0.1:
        meta["notes"].insert(0, f"Other work shared the machine during the rounds: processes outside the benchmark used {median(others):.2f} cores "
                                f"(median over rounds; up to {max(others):.2f}) of {meta['machine'].get('nproc')}. The measured processes ran at nice -10 "
                                "when run as root. Requests/s and latency move with that; CPU time per request and the per-round gateway/bare ratios are steadier.")
    gateway_runs = [r for s in scenarios if not s.get("skipped") and s.get("instance", "main") == "main" for r in s["gateway"]["rounds"]]
    peak_mb = max((r.get("hwm_mb") or 0 for r in gateway_runs), default=None)
    final_rss = meta.get("gateway_final_rss_kb")
    result = {
        "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": meta["machine"],
        "settings": meta["settings"],
        "scenarios": scenarios,
        "gateway_peak_rss_mb": peak_mb,
        "gateway_final_rss_mb": round(final_rss / 1024, 1) if final_rss else None,
        "bare_final_rss_mb": round(meta["bare_final_rss_kb"] / 1024, 1) if meta.get("bare_final_rss_kb") else None,
        "bare_peak_rss_mb": round(meta["bare_peak_rss_kb"] / 1024, 1) if meta.get("bare_peak_rss_kb") else None,
        "targets": targets(scenarios, peak_mb, final_rss),
        "notes": meta.get("notes", []),
        "profile": meta.get("profile"),
    }
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "latest.json"), "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    with open(os.path.join(out_dir, "latest.md"), "w", encoding="utf-8") as f:
        f.write(markdown(result))


def find(scenarios, scenario_id):
    return next((s for s in scenarios if s["id"] == scenario_id and not s.get("skipped")), None)


def targets(scenarios, peak_mb, final_rss_kb):
    checks = []
    read = find(scenarios, "owned-read")
    if read:
        r = read["gateway_over_bare"]
        checks.append({"target": "Owned read throughput >= 0.85 x bare", "measured": r["rps"], "met": r["rps"] is not None and r["rps"] >= 0.85})
        checks.append({"target": "Owned read p99 <= 1.25 x bare", "measured": r["p99"], "met": r["p99"] is not None and r["p99"] <= 1.25})
    for s in scenarios:
        if s.get("denied") and not s.get("skipped"):
            g, b = s["gateway"]["median"], s["bare"]["median"]
            checks.append({"target": f"{s['title']}: req/s >= bare proxying the same request ({fmt(b['rps'], 0)})",
                           "measured": g["rps"], "met": g["rps"] is not None and b["rps"] is not None and g["rps"] >= b["rps"]})
            checks.append({"target": f"{s['title']}: p99 <= bare proxying the same request ({fmt(b['p99_ms'], 2)} ms)",
                           "measured": g["p99_ms"], "met": g["p99_ms"] is not None and b["p99_ms"] is not None and g["p99_ms"] <= b["p99_ms"]})
            checks.append({"target": f"{s['title']}: 0 upstream calls", "measured": g["upstream_calls"], "met": g["upstream_calls"] == 0})
    if peak_mb is not None:
        final_mb = round(final_rss_kb / 1024, 1) if final_rss_kb else None
        checks.append({"target": "Gateway RSS < 200 MB after the full run", "measured": final_mb, "met": final_mb is not None and final_mb < 200})
        checks.append({"target": "Gateway peak RSS (VmHWM) < 200 MB", "measured": peak_mb, "met": peak_mb < 200})
    measured = [s for s in scenarios if not s.get("skipped")]
    calls = sum(s["gateway"]["median"]["upstream_calls"] for s in measured)
    keyed = sum(s["gateway"]["median"]["upstream_calls_with_gateway_key"] for s in measured)
    if calls:
        checks.append({"target": "Every upstream call from the gateway carried its Face key (checked at nginx, not a timing target)",
                       "measured": f"{keyed:,} of {calls:,}", "met": keyed == calls})
    for s in scenarios:
        if s.get("skipped") or s.get("instance", "main") != "main":
            continue
        rss = [r for r in s["gateway_rss_after_rounds_mb"] if r is not None]
        if len(rss) >= 2:
            growth = round(rss[-1] - rss[0], 1)
            checks.append({"target": f"{s['title']}: RSS growth first->last round < 5 MB", "measured": growth, "met": growth < 5})
    return checks


def markdown(result):
    m = result["machine"]
    st = result["settings"]
    lines = [
        "# Gateway benchmark: latest run",
        "",
        f"- Date: {m['date']}; commit `{m['commit']}`{' (gateway/policies had uncommitted changes)' if m.get('dirty') else ''}",
        f"- Machine: {m['nproc']} cores, {m['cpu']}, {m['memory']}, {m['kernel']}; .NET SDK {m['dotnet']}",
        f"- Load: wrk {st['connections']} connections, {st['threads']} threads; {st['rounds']} rounds x {st['duration_s']} s per target "
        f"(denied: {st['denied_duration_s']} s), warm-up {st['warmup_s']} s per target, bare and gateway alternating; medians over rounds.",
        "- Everything on 127.0.0.1 of this machine: wrk, nginx (fixed Face answers), redis-server, the bare YARP proxy and the gateway share the cores, so compare ratios, not absolute figures.",
        "",
        "| Scenario | Gateway status | Bare req/s | Gateway req/s | GW/bare req/s | Bare p50 ms | GW p50 ms | Bare p99 ms | GW p99 ms | GW/bare p99 "
        "| Upstream calls gateway / bare | Proxy CPU us/req bare / GW | GW/bare CPU | Redis CPU us/req GW | All CPU us/req bare / GW | GW RSS after rounds MB |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in result["scenarios"]:
        if s.get("skipped"):
            lines.append(f"| {s['title']} | skipped | | | | | | | | | | | | | | {s['skipped']} |")
            continue
        b, g, r = s["bare"]["median"], s["gateway"]["median"], s["gateway_over_bare"]
        rss = ", ".join(fmt(x) for x in s["gateway_rss_after_rounds_mb"])
        lines.append(
            f"| {s['title']} | {s['gateway_status']} | {fmt(b['rps'], 0)} | {fmt(g['rps'], 0)} | {fmt(r['rps'], 2)} | {fmt(b['p50_ms'], 2)} | {fmt(g['p50_ms'], 2)} | "
            f"{fmt(b['p99_ms'], 2)} | {fmt(g['p99_ms'], 2)} | {fmt(r['p99'], 2)} | {g['upstream_calls']:,} / {b['upstream_calls']:,} | "
            f"{fmt(b['cpu_us_per_request_proxy'], 0)} / {fmt(g['cpu_us_per_request_proxy'], 0)} | {fmt(r['cpu_per_request'], 2)} | {fmt(g['cpu_us_per_request_redis'], 0)} | "
            f"{fmt(b['cpu_us_per_request_all'], 0)} / {fmt(g['cpu_us_per_request_all'], 0)} | {rss} |")
    lines += [
        "",
        f"Gateway peak RSS (VmHWM, whole run): {fmt(result['gateway_peak_rss_mb'])} MB; RSS at the end: {fmt(result['gateway_final_rss_mb'])} MB. "
        f"Bare proxy, same run: peak {fmt(result['bare_peak_rss_mb'])} MB, at the end {fmt(result['bare_final_rss_mb'])} MB.",
        "",
        "Upstream calls are counted in nginx's access log over all measured rounds of that target (warm-ups excluded); "
        "for the bare proxy they equal its requests, for the gateway they show what reached Face. "
        "Req/s, latency and CPU columns are medians over rounds; the GW/bare columns are the median of the per-round ratios "
        "(each round's bare and gateway runs are back to back). "
        "CPU per request is the process's user+system time during the round divided by the requests wrk completed "
        "(the proxy under test; Redis for the gateway's ownership lookups), a figure less sensitive to the shared cores than req/s. "
        "'All CPU' adds the proxy, Redis, nginx and wrk: on a machine where they share the cores, the bare/gateway ratio of it "
        "predicts the throughput ratio. 'Other work' is the CPU the machine spent outside the benchmark's processes (and wrk) during the round, in cores.",
        "",
        "## Redis commands per request (gateway)",
        "",
        "From Redis's `INFO commandstats` around each round, divided by the requests: the commands the gateway sends, and also those its Lua "
        "scripts run inside Redis (counted under their own names next to EVALSHA), so round trips are fewer than the total. The bare proxy sends none.",
        "",
        "| Scenario | Commands per request |",
        "|---|---|",
    ] + [
        f"| {s['title']} | {', '.join(f'{k.upper()} {v:g}' if v >= 0.01 else f'{k.upper()} <0.01' for k, v in s['gateway']['median']['redis_commands_per_request'].items()) or 'none'} "
        f"(total {round(sum(s['gateway']['median']['redis_commands_per_request'].values()), 1):g}) |"
        for s in result["scenarios"] if not s.get("skipped")
    ] + [
        "",
        "## Targets (measured, not asserted)",
        "",
        "| Target | Measured | Met |",
        "|---|---:|---|",
    ]
    for c in result["targets"]:
        lines.append(f"| {c['target']} | {c['measured'] if c['measured'] is not None else '–'} | {'yes' if c['met'] else '**no**'} |")
    lines += ["", "## Per round", "", "| Scenario | Target | Round | req/s | p50 ms | p99 ms | non-2xx | socket errors | upstream calls | proxy CPU us/req | RSS MB | other work (cores) |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for s in result["scenarios"]:
        if s.get("skipped"):
            continue
        for target in ("bare", "gateway"):
            for r in s[target]["rounds"]:
                lines.append(f"| {s['title']} | {target} | {r['round']} | {fmt(r['rps'], 0)} | {fmt(r['p50_ms'], 2)} | {fmt(r['p99_ms'], 2)} | {r['non_2xx']:,} | "
                             f"{r['socket_errors']:,} | {r['upstream_calls']:,} | {fmt(r.get('cpu_us_per_request_proxy'), 0)} | {fmt(r.get('rss_mb'))} | {fmt(r.get('other_work_cores'), 2)} |")
    if result["notes"]:
        lines += ["", "## Notes from the run", ""] + [f"- {n}" for n in result["notes"]]
    if result.get("profile"):
        lines += ["", "## Profile", "", result["profile"]]
    lines.append("")
    return "\n".join(lines)


def main(argv):
    command = argv[1] if len(argv) > 1 else ""
    if command == "ports":
        print("\n".join(str(p) for p in free_ports(int(argv[2]))))
    elif command == "jwt":
        print(mint_jwt(argv[2], argv[3], argv[4], argv[5], argv[6]))
    elif command == "limits":
        print("\n".join(limit_settings(argv[2], argv[3])))
    elif command == "session-token":
        print(session_token(argv[2]))
    elif command == "annotate":
        annotate(argv[2], argv[3:])
    elif command == "rediscalls":
        redis_calls(argv[2], argv[3], argv[4])
    elif command == "machine":
        print(json.dumps(machine(argv[2], argv[3], argv[4])))
    elif command == "counters":
        print(counters_summary(argv[2]))
    elif command == "cpu":
        print("\n".join(str(v) for v in cpu_ms([int(a) for a in argv[2:]])))
    elif command == "line":
        print(line(argv[2]))
    elif command == "hotspots":
        print(hotspots(argv[2], argv[3]))
    elif command == "logsummary":
        print(log_summary(argv[2]))
    elif command == "report":
        report(argv[2], argv[3])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
