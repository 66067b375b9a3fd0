#!/usr/bin/python3
"""Checks deploy/k8s/*.yaml and the Dockerfile as text (there is no cluster or Docker engine in
CI): gRPC probes on the health service, ports that match the server's flags, a termination grace
period longer than the drain time, a locked-down security context, CPU requests/limits equal to
workers x threads_per_worker, and Services/HPA/ServiceMonitor that point at the Deployment.
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
    c = pod["containers"][0]
    args = c["args"]
    grpc_port = int(flag(args, "port"))
    metrics_port = int(flag(args, "metrics_port"))
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    check("grpc containerPort matches --port", ports.get("grpc") == grpc_port, str(ports))
    check("metrics containerPort matches --metrics_port", ports.get("metrics") == metrics_port)
    for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
        p = c.get(probe, {})
        check(f"{probe} is a native gRPC probe on the serving port",
              "grpc" in p and p["grpc"]["port"] == grpc_port and p["grpc"].get("service", "") == "",
              str(p))
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
    check("scrape annotations name the metrics port", ann.get("prometheus.io/port") == str(metrics_port))

    labels = dep["spec"]["selector"]["matchLabels"]
    svcs = {s["metadata"]["name"]: s for s in load("service.yaml")}
    headless = [s for s in svcs.values() if s["spec"].get("clusterIP") == "None"]
    check("a headless Service for client-side balancing", len(headless) == 1)
    check("a ClusterIP Service", any(s["spec"].get("type") == "ClusterIP" for s in svcs.values()))
    for s in svcs.values():
        check(f"Service {s['metadata']['name']} selects the pods", s["spec"]["selector"] == labels)
        for p in s["spec"]["ports"]:
            check(f"Service {s['metadata']['name']} port {p['name']} targets a container port",
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
    check("Dockerfile: EXPOSE gRPC and metrics ports",
          re.search(rf"^EXPOSE .*\b{grpc_port}\b.*\b{metrics_port}\b", docker, re.M) is not None)
    check("Dockerfile: HEALTHCHECK uses octet health", re.search(r"HEALTHCHECK[\s\S]*octet\", \"health", docker) is not None)
    check("Dockerfile: ENTRYPOINT octet-server and CMD models", "ENTRYPOINT [\"octet-server\"" in docker and "\nCMD [" in docker)

    failed = results.count(False)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
