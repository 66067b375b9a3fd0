#!/usr/bin/python3
"""Checks deploy/k8s/*.yaml, deploy/nginx/nginx.conf, deploy/compose.yaml and the Dockerfile as
text (there is no cluster or Docker engine in CI): octet-server on loopback behind the nginx
sidecar, whose upstreams are octet's ports and whose listen ports are the pod's; probes (gRPC
health at start-up, HTTP /v2/health/ready and /v2/health/live) through the front; reflection
off; a termination grace period longer than the drain time; locked-down security contexts; CPU
requests/limits equal to workers x threads_per_worker; Services/HPA/ServiceMonitor that point at
the Deployment; the image exposing the HTTP port.
Prints one line per check and 'N passed, M failed'; exits non-zero on any failure."""

import os
import re
import sys

import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
K8S = os.path.join(REPO, "deploy", "k8s")
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(f"{'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail and not ok else ''}")


def load(name):
    with open(os.path.join(K8S, name), encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def flag(args, name):
    for a in args:
        if a.startswith(f"--{name}="):
            return a.split("=", 1)[1]
    return None


def cpu(v):
    v = str(v)
    return float(v[:-1]) / 1000 if v.endswith("m") else float(v)


def main():
    dep = load("deployment.yaml")[0]
    check("deployment kind", dep["kind"] == "Deployment")
    pod = dep["spec"]["template"]["spec"]
    containers = {c["name"]: c for c in pod["containers"]}
    c = containers["octet"]
    front = containers.get("front")
    args = c["args"]
    grpc_port = int(flag(args, "port"))
    http_port = int(flag(args, "http_port") or -1)
    metrics_port = int(flag(args, "metrics_port"))
    check("octet-server listens on loopback only (behind the front)", flag(args, "host") == "127.0.0.1")
    check("reflection off in the manifest", "--noreflection" in args or flag(args, "reflection") == "false")
    check("the front names clients for --max_inflight_per_client",
          flag(args, "client_id_metadata") == "x-real-ip")
    check("an nginx front sidecar", front is not None and "front" in front["image"])

    with open(os.path.join(REPO, "deploy", "nginx", "nginx.conf"), encoding="utf-8") as f:
        nginx = f.read()
    upstreams = [int(p) for p in re.findall(r"^\s*server 127\.0\.0\.1:(\d+);", nginx, re.M)]
    listens = [int(p) for p in re.findall(r"^\s*listen (\d+)", nginx, re.M)]
    check("nginx upstreams are octet's gRPC, HTTP and metrics ports",
          upstreams == [grpc_port, http_port, metrics_port], f"{upstreams}")
    check("nginx sets x-real-ip for gRPC", "grpc_set_header x-real-ip $remote_addr;" in nginx)
    check("nginx: HTTP/2 stream, header, body and per-client limits",
          all(k in nginx for k in ("http2_max_concurrent_streams", "large_client_header_buffers",
                                   "client_max_body_size", "limit_conn per_client",
                                   "keepalive_requests", "client_header_timeout")))
    check("nginx runs unprivileged (no user line, pid under /tmp)",
          re.search(r"^\s*user\s", nginx, re.M) is None and "pid /tmp/" in nginx)
    ports = {p["name"]: p["containerPort"] for p in front["ports"]}
    pub_grpc, pub_http, pub_metrics = ports.get("grpc"), ports.get("http"), ports.get("metrics")
    check("front containerPorts are nginx's listen ports (gRPC, HTTP, metrics)",
          listens == [pub_grpc, pub_http, pub_metrics], f"{listens} vs {ports}")
    startup, ready, live = (c.get(p, {}) for p in ("startupProbe", "readinessProbe",
                                                    "livenessProbe"))
    check("startupProbe: native gRPC probe through the front's gRPC port",
          "grpc" in startup and startup["grpc"]["port"] == pub_grpc
          and startup["grpc"].get("service", "") == "", str(startup))
    check("readinessProbe: HTTP /v2/health/ready through the front",
          ready.get("httpGet", {}) == {"path": "/v2/health/ready", "port": pub_http}, str(ready))
    check("livenessProbe: HTTP /v2/health/live through the front",
          live.get("httpGet", {}) == {"path": "/v2/health/live", "port": pub_http}, str(live))
    check("the front has its own liveness probe", "livenessProbe" in front)
    fsc = front.get("securityContext", {})
    check("front: read-only root, no privilege escalation, all capabilities dropped",
          fsc.get("readOnlyRootFilesystem") is True and fsc.get("allowPrivilegeEscalation") is False
          and fsc.get("capabilities", {}).get("drop") == ["ALL"])
    check("front: /tmp writable (nginx's pid and temp files)",
          any(m["mountPath"] == "/tmp" for m in front.get("volumeMounts", [])))
    drain = float(flag(args, "drain_seconds"))
    grace = pod["terminationGracePeriodSeconds"]
    check("terminationGracePeriodSeconds exceeds --drain_seconds", grace > drain, f"{grace} vs {drain}")
    threads = int(flag(args, "workers")) * int(flag(args, "threads_per_worker"))
    res = c["resources"]
    check("CPU request = workers x threads_per_worker", cpu(res["requests"]["cpu"]) == threads)
    check("CPU limit = workers x threads_per_worker", cpu(res["limits"]["cpu"]) == threads)
    sc, psc = c["securityContext"], pod["securityContext"]
    check("read-only root filesystem", sc.get("readOnlyRootFilesystem") is True)
    check("no privilege escalation", sc.get("allowPrivilegeEscalation") is False)
    check("all capabilities dropped", sc.get("capabilities", {}).get("drop") == ["ALL"])
    check("runs as non-root", psc.get("runAsNonRoot") is True and psc.get("runAsUser", 0) != 0)
    mounts = {m["mountPath"]: m for m in c["volumeMounts"]}
    check("/models mounted read-only", mounts.get("/models", {}).get("readOnly") is True)
    ann = dep["spec"]["template"]["metadata"]["annotations"]
    check("scrape annotations name the front's metrics port",
          ann.get("prometheus.io/port") == str(pub_metrics))

    labels = dep["spec"]["selector"]["matchLabels"]
    svcs = {s["metadata"]["name"]: s for s in load("service.yaml")}
    headless = [s for s in svcs.values() if s["spec"].get("clusterIP") == "None"]
    check("a headless Service for client-side balancing", len(headless) == 1)
    check("a ClusterIP Service", any(s["spec"].get("type") == "ClusterIP" for s in svcs.values()))
    for s in svcs.values():
        check(f"Service {s['metadata']['name']} selects the pods", s["spec"]["selector"] == labels)
        for p in s["spec"]["ports"]:
            check(f"Service {s['metadata']['name']} port {p['name']} targets a front port",
                  p["targetPort"] in ports)
    hpa = load("hpa.yaml")[0]
    check("HPA targets the Deployment", hpa["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"])
    sm = load("servicemonitor.yaml")[0]
    check("ServiceMonitor scrapes the metrics port", sm["spec"]["endpoints"][0]["port"] == "metrics")

    with open(os.path.join(REPO, "Dockerfile"), encoding="utf-8") as f:
        docker = f.read()
    check("Dockerfile: multi-stage with a bookworm-slim runtime",
          re.search(r"^FROM debian:bookworm-slim\s*$", docker, re.M) is not None and docker.count("\nFROM ") >= 1)
    check("Dockerfile: build stage uses deploy/install-deps.sh", "deploy/install-deps.sh" in docker)
    check("Dockerfile: non-root USER", re.search(r"^USER (?!0|root)", docker, re.M) is not None)
    runtime = docker[docker.rindex("\nFROM "):]
    entry = re.search(r"^ENTRYPOINT \[(.*)\]", runtime, re.M)
    entry_args = [a.strip().strip('"') for a in entry.group(1).split(",")] if entry else []
    d_grpc, d_http, d_metrics = (flag(entry_args, k) for k in ("port", "http_port", "metrics_port"))
    check("Dockerfile: ENTRYPOINT sets --port, --http_port and --metrics_port",
          None not in (d_grpc, d_http, d_metrics), str(entry_args))
    check("Dockerfile: EXPOSE the gRPC, HTTP and metrics ports",
          re.search(rf"^EXPOSE {d_grpc} {d_http} {d_metrics}\s*$", runtime, re.M) is not None)
    check("Dockerfile: reflection off in the image", "--noreflection" in entry_args)
    check("Dockerfile: a front stage with Debian's nginx and deploy/nginx/nginx.conf",
          re.search(r"^FROM debian:bookworm-slim AS front", docker, re.M) is not None
          and "nginx-light" in docker and "COPY deploy/nginx/nginx.conf" in docker)
    with open(os.path.join(REPO, "deploy", "compose.yaml"), encoding="utf-8") as f:
        compose = yaml.safe_load(f)
    svc = compose["services"]
    check("compose: the front shares octet's network namespace",
          svc["front"].get("network_mode") == "service:octet")
    check("compose: octet on loopback at the nginx upstream ports",
          [flag(svc["octet"]["command"], k) for k in ("host", "port", "http_port", "metrics_port")]
          == ["127.0.0.1", str(grpc_port), str(http_port), str(metrics_port)])
    check("Dockerfile: HEALTHCHECK uses octet health", re.search(r"HEALTHCHECK[\s\S]*octet\", \"health", docker) is not None)
    check("Dockerfile: ENTRYPOINT octet-server and CMD models", "ENTRYPOINT [\"octet-server\"" in docker and "\nCMD [" in docker)

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
