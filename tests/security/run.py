#!/usr/bin/env python3
"""The attack suite: each attack of attacks.py against a real octet-server (loopback only), with a
well-behaved client calling it throughout, directly and through the nginx front
(deploy/nginx/nginx.conf, started here unprivileged from a temporary directory).

A case passes when, during the attack, the well-behaved client gets ≥ 95 % of its calls answered
OK; the server's RSS stays ≤ 1 GiB during the attack and is back to ≤ its start + 150 MB within
10 s after; a new connection is served after; and the server process is still alive.

    tests/security/run.py [--all | --rotate N | --cases NAME@TARGET,...] [--seconds 20]
                          [--server BUILD/server/octet-server] [--unprotected] [--json FILE]

Default: every case. --rotate N: N cases chosen by the day of the year (CI), so every case runs
within a few days. Cases are NAME@direct or NAME@front; the attacks that only the front stops
(rapid reset, header floods) run through the front, and also directly with --unprotected (to
measure the unprotected server; those are reported, not counted). Needs Debian's python3-grpcio,
python3-h2 and nginx (deploy/install-deps.sh). Ends with "N passed, N failed".
"""

import argparse
import datetime
import json
import os
import re
import resource
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

import grpc

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GIB = 1 << 30
MB = 1 << 20

# name: (targets, needs the front). The order is the rotation's.
ATTACKS = [
    ("header_flood", True),
    ("half_open_streams", False),
    ("half_open_streams_noack", True),
    ("gzip_bomb", False),
    ("rapid_reset", True),
    ("idle_connections", False),
    ("inflight_calls", False),
    ("slow_headers", True),
    ("metrics_slow", False),
    ("large_messages", False),
    ("malformed", False),
    ("http_slow", True),
]


def all_cases(unprotected):
    cases = []
    for name, needs_front in ATTACKS:
        if not needs_front:
            cases.append((name, "direct"))
        elif unprotected:
            cases.append((name, "direct"))
        cases.append((name, "front"))
    return cases


def _die_with_parent():
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def rss_bytes(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class Server:
    """octet-server on free loopback ports, started with a soft open-file limit of 1024 (the
    common default, which the server raises itself)."""

    def __init__(self, binary, extra_flags=(), nofile_hard=None):
        def preexec():
            _die_with_parent()
            hard = nofile_hard or resource.getrlimit(resource.RLIMIT_NOFILE)[1]
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(1024, hard), hard))
        flags = [binary, "--host=127.0.0.1", "--port=0", "--metrics_port=0", "--http_port=0",
                 f"--model=sentiment={ROOT}/deploy/models/sentiment", "--workers=1",
                 "--threads_per_worker=1", "--noself_check"] + list(extra_flags)
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen(flags, stdout=subprocess.PIPE, stderr=self.log, text=True,
                                     preexec_fn=preexec)
        self.port = self.http_port = self.metrics_port = None
        deadline = time.time() + 120
        for line in self.proc.stdout:
            if m := re.search(r"listening on port (\d+)", line):
                self.port = int(m.group(1))
            if m := re.search(r"http on port (\d+)", line):
                self.http_port = int(m.group(1))
            if m := re.search(r"metrics on port (\d+)", line):
                self.metrics_port = int(m.group(1))
            if "octet-server: serving" in line or time.time() > deadline:
                break
        if not self.port:
            self.log.seek(0)
            raise RuntimeError("octet-server did not start:\n" + self.log.read()[-3000:])
        threading.Thread(target=lambda: self.proc.stdout.read(), daemon=True).start()

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.alive():
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Front:
    """nginx with deploy/nginx/nginx.conf, its ports and paths moved into a temporary directory."""

    def __init__(self, server, ports):
        self.dir = tempfile.mkdtemp(prefix="octet-front-")
        # Started as root, nginx's workers run as nobody and must reach their temp paths.
        os.chmod(self.dir, 0o755)
        with open(os.path.join(ROOT, "deploy", "nginx", "nginx.conf")) as f:
            conf = f.read()
        self.grpc_port, self.http_port, self.metrics_port = ports
        subs = {
            "127.0.0.1:50061": f"127.0.0.1:{server.port}",
            "127.0.0.1:8010": f"127.0.0.1:{server.http_port}",
            "127.0.0.1:9474": f"127.0.0.1:{server.metrics_port}",
            "listen 50051 ": f"listen 127.0.0.1:{self.grpc_port} ",
            "listen 8000;": f"listen 127.0.0.1:{self.http_port};",
            "listen 9464;": f"listen 127.0.0.1:{self.metrics_port};",
            "/tmp/": self.dir + "/",
        }
        for old, new in subs.items():
            assert old in conf, f"deploy/nginx/nginx.conf no longer has '{old}'"
            conf = conf.replace(old, new)
        path = os.path.join(self.dir, "nginx.conf")
        with open(path, "w") as f:
            f.write(conf)
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.log = tempfile.TemporaryFile(mode="w+")
        self.proc = subprocess.Popen([nginx, "-p", self.dir, "-c", path, "-e", "stderr",
                                      "-g", "daemon off;"], stdout=self.log, stderr=self.log,
                                     preexec_fn=_die_with_parent)
        wait_port(self.grpc_port)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


def free_ports(n):
    import socket
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def wait_port(port, timeout=10):
    import socket
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def classify_request():
    def field(number, value):
        data = value.encode()
        return bytes([number << 3 | 2, len(data)]) + data
    return field(1, "sentiment") + field(2, "the film was a quiet delight")


class Victim:
    """The well-behaved client: a Classify call every 100 ms with a 5 s deadline, three on one
    long-lived channel, then one on a fresh channel (a new connection); for the /metrics attack,
    a scrape of /metrics every 250 ms with a 5 s timeout; for the HTTP attack, POST /v1/classify
    every 100 ms with a 5 s timeout (a new connection each)."""

    def __init__(self, target, metrics_url=None, http_url=None):
        self.target = target
        self.metrics_url = metrics_url
        self.http_url = http_url
        self.results = []  # (time, ok, seconds)
        self.stop_flag = threading.Event()
        self.channel = grpc.insecure_channel(target)
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def call_once(self, channel):
        t = time.monotonic()
        try:
            if self.metrics_url:
                with urllib.request.urlopen(self.metrics_url, timeout=5) as r:
                    ok = r.status == 200 and b"octet_" in r.read()
            elif self.http_url:
                body = json.dumps({"model": "sentiment",
                                   "texts": ["the film was a quiet delight"]}).encode()
                req = urllib.request.Request(self.http_url, data=body,
                                             headers={"Content-Type": "application/json"})
                with urllib.request.urlopen(req, timeout=5) as r:
                    ok = r.status == 200 and b"results" in r.read()
            else:
                stub = channel.unary_unary("/octet.v1.Inference/Classify")
                stub(classify_request(), timeout=5)
                ok = True
        except Exception:
            ok = False
        return ok, time.monotonic() - t

    def fresh_call(self):
        ch = grpc.insecure_channel(self.target, options=[("grpc.use_local_subchannel_pool", 1)])
        try:
            return self.call_once(ch)
        finally:
            ch.close()

    def _run(self):
        n = 0
        while not self.stop_flag.is_set():
            t = time.monotonic()
            if n % 4 == 3 and not self.metrics_url and not self.http_url:
                ok, dt = self.fresh_call()
            else:
                ok, dt = self.call_once(self.channel)
            self.results.append((t, ok, dt))
            n += 1
            self.stop_flag.wait(0.25 if self.metrics_url else 0.1)

    def stop(self):
        self.stop_flag.set()
        self.thread.join(timeout=10)
        self.channel.close()

    def window(self, t0, t1):
        return [r for r in self.results if t0 <= r[0] <= t1]


# --before: the transport as it was before these limits existed (gRPC 1.51's defaults, a 1024
# open-file limit that cannot be raised, the exporter's 2 threads), reproduced with flags.
BEFORE_FLAGS = [
    "--grpc_max_concurrent_streams=2147483647", "--grpc_max_metadata_bytes=8192",
    "--grpc_memory_quota_mb=1048576", "--grpc_accept_compressed",
    "--grpc_max_connection_idle_seconds=0", "--grpc_max_connection_age_seconds=0",
    "--grpc_keepalive_seconds=7200", "--grpc_min_client_ping_interval_seconds=300",
    "--grpc_handshake_timeout_seconds=20", "--max_inflight_per_client=0", "--metrics_threads=2",
]


def run_case(args, name, target):
    front_needed = target == "front"
    flags = ["--client_id_metadata=x-real-ip"] if front_needed else []
    if args.before:
        flags += BEFORE_FLAGS
    server = Server(args.server, flags + args.server_flag,
                    nofile_hard=1024 if args.before else None)
    front = None
    try:
        if front_needed:
            front = Front(server, free_ports(3))
            grpc_port, metrics_port = front.grpc_port, front.metrics_port
            http_port = front.http_port
        else:
            grpc_port, metrics_port = server.port, server.metrics_port
            http_port = server.http_port
        victim = Victim(f"127.0.0.1:{grpc_port}",
                        f"http://127.0.0.1:{metrics_port}/metrics"
                        if name == "metrics_slow" else None,
                        f"http://127.0.0.1:{http_port}/v1/classify"
                        if name == "http_slow" else None)
        # Warm: the victim's first calls have succeeded (its channel is up) before the baseline.
        warm_by = time.monotonic() + 60
        while sum(ok for _, ok, _ in victim.results) < 3 and time.monotonic() < warm_by:
            time.sleep(0.05)
        start_rss = rss_bytes(server.proc.pid)
        attack = subprocess.Popen(
            [sys.executable, os.path.join(HERE, "attacks.py"), name, "--port", str(grpc_port),
             "--metrics_port", str(metrics_port), "--http_port", str(http_port),
             "--seconds", str(args.seconds)],
            stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent)
        line = attack.stdout.readline()  # "ready" once the payloads are built
        assert line.strip() == "ready", f"attacker: {line!r}"
        t0 = time.monotonic()
        max_rss = start_rss
        while attack.poll() is None and time.monotonic() - t0 < args.seconds + 30:
            max_rss = max(max_rss, rss_bytes(server.proc.pid))
            time.sleep(0.2)
        if attack.poll() is None:
            attack.kill()
        t1 = time.monotonic()
        out = attack.stdout.read().strip().splitlines()
        attacker = json.loads(out[-1]) if out else {}
        # Back to normal within 10 s?
        after_rss, recovered_s = rss_bytes(server.proc.pid), None
        while time.monotonic() - t1 < 10:
            after_rss = rss_bytes(server.proc.pid)
            max_rss = max(max_rss, after_rss) if recovered_s is None else max_rss
            if after_rss <= start_rss + 150 * MB:
                recovered_s = time.monotonic() - t1
                break
            time.sleep(0.2)
        during = victim.window(t0, t1)
        victim.stop()
        fresh_ok = any(Victim.fresh_call(victim)[0] for _ in range(3))
        alive = server.alive()
    finally:
        if front:
            front.stop()
        server.stop()
    ok_calls = sum(1 for r in during if r[1])
    ok_latency = sorted(r[2] for r in during if r[1])
    result = {
        "attack": name, "target": target, "attack_seconds": round(t1 - t0, 1),
        "victim_ok": ok_calls, "victim_calls": len(during),
        "victim_p50_ms": round(statistics.median(ok_latency) * 1000, 1) if ok_latency else None,
        "rss_start_mb": round(start_rss / MB), "rss_max_mb": round(max_rss / MB),
        "rss_after_mb": round(after_rss / MB),
        "recovered_s": None if recovered_s is None else round(recovered_s, 1),
        "new_connection_ok": fresh_ok, "alive": alive, "attacker": attacker,
    }
    checks = {
        "victim ≥ 95 % OK": len(during) > 0 and ok_calls >= 0.95 * len(during),
        "RSS ≤ 1 GiB during": max_rss <= GIB,
        "RSS ≤ start + 150 MB within 10 s": recovered_s is not None,
        "new connection served": fresh_ok,
        "process alive": alive,
    }
    result["failed_checks"] = [k for k, v in checks.items() if not v]
    result["passed"] = not result["failed_checks"]
    return result


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--server", default=os.path.join(ROOT, "build", "server", "octet-server"))
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--all", action="store_true", help="every case (the default)")
    p.add_argument("--rotate", type=int, default=0, help="N cases picked by the day of the year")
    p.add_argument("--cases", default="", help="NAME@TARGET,... (see --list)")
    p.add_argument("--list", action="store_true")
    p.add_argument("--unprotected", action="store_true",
                   help="also run the front-only attacks directly (reported, not counted)")
    p.add_argument("--server_flag", action="append", default=[],
                   help="extra octet-server flag (repeatable)")
    p.add_argument("--json", default="")
    p.add_argument("--before", action="store_true",
                   help="reproduce the transport without these limits (to measure the change)")
    args = p.parse_args()

    cases = all_cases(args.unprotected)
    if args.list:
        for name, target in all_cases(True):
            print(f"{name}@{target}")
        return 0
    if args.cases:
        wanted = [tuple(c.split("@")) for c in args.cases.split(",")]
        cases = [c for c in all_cases(True) if c in wanted]
        assert len(cases) == len(wanted), f"unknown case in {args.cases} (see --list)"
    elif args.rotate and not args.all:
        day = datetime.date.today().timetuple().tm_yday
        start = (day * args.rotate) % len(cases)
        cases = [cases[(start + i) % len(cases)] for i in range(min(args.rotate, len(cases)))]
    counted_front_only = {n for n, needs in ATTACKS if needs}

    results, passed, failed = [], 0, 0
    began = time.monotonic()
    for name, target in cases:
        t = time.monotonic()
        r = run_case(args, name, target)
        r["case_seconds"] = round(time.monotonic() - t, 1)
        results.append(r)
        counted = not (target == "direct" and name in counted_front_only)
        verdict = ("PASS" if r["passed"] else "FAIL") if counted else (
            "pass" if r["passed"] else "fail (needs the front)")
        if counted:
            passed += r["passed"]
            failed += not r["passed"]
        print(f"{name}@{target}: {verdict} in {r['case_seconds']} s — victim "
              f"{r['victim_ok']}/{r['victim_calls']} OK (p50 {r['victim_p50_ms']} ms), RSS "
              f"{r['rss_start_mb']} → max {r['rss_max_mb']} → {r['rss_after_mb']} MB, new "
              f"connection {'OK' if r['new_connection_ok'] else 'REFUSED'}, "
              f"{'alive' if r['alive'] else 'DEAD'}; attacker {json.dumps(r['attacker'])}"
              + (f"; failed: {', '.join(r['failed_checks'])}" if r["failed_checks"] else ""),
              flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    print(f"security: {len(cases)} cases in {time.monotonic() - began:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
