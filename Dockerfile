# Octet for CPU nodes. Two stages: a Debian 12 build stage that installs the build dependencies
# with the project's own script, and a slim runtime stage with only the shared libraries.
#
#   docker build -t octet .
#   docker run -p 50051:50051 -p 8000:8000 -p 9464:9464 octet        # the bundled demo models
#   docker run -v /srv/models:/models:ro -p 50051:50051 octet --model name=/models/my-model
#
# Exposed to untrusted clients, put the nginx front before it (deploy/nginx/): Debian's gRPC
# 1.51 cannot stop some HTTP/2 attacks by itself (docs/service.md, "Security").
#   docker build --target front -t octet-front .
#   docker compose -f deploy/compose.yaml up       # octet-server behind nginx, same ports

FROM debian:bookworm AS build
WORKDIR /src
COPY deploy/install-deps.sh deploy/install-deps.sh
RUN bash deploy/install-deps.sh --build-only && rm -rf /var/lib/apt/lists/*
COPY CMakeLists.txt ./
COPY proto proto
COPY core core
COPY server server
COPY client client
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DOCTET_BUILD_TESTS=OFF \
 && cmake --build build -j"$(nproc)" --target octet-server octet \
 && strip build/server/octet-server build/client/octet

# The front: Debian's nginx with deploy/nginx/nginx.conf, unprivileged, sharing the network
# namespace of octet-server (a pod's sidecar, or compose's network_mode: service:octet).
FROM debian:bookworm-slim AS front
RUN apt-get update && apt-get install -y --no-install-recommends nginx-light \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10002 front \
 && useradd --system --uid 10002 --gid 10002 --no-create-home --shell /usr/sbin/nologin front
COPY deploy/nginx/nginx.conf /etc/octet/nginx.conf
USER 10002:10002
EXPOSE 50051 8000 9464
# SIGQUIT: nginx finishes the requests in flight before it exits.
STOPSIGNAL SIGQUIT
ENTRYPOINT ["nginx", "-e", "stderr", "-c", "/etc/octet/nginx.conf", "-g", "daemon off;"]

FROM debian:bookworm-slim
COPY deploy/install-deps.sh /tmp/install-deps.sh
RUN bash /tmp/install-deps.sh --runtime && rm -rf /var/lib/apt/lists/* /tmp/install-deps.sh \
 && groupadd --system --gid 10001 octet \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin octet
COPY --from=build /src/build/server/octet-server /src/build/client/octet /usr/local/bin/
COPY deploy/models /opt/octet/models
USER 10001:10001
# gRPC, HTTP/JSON, then Prometheus /metrics.
EXPOSE 50051 8000 9464
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["octet", "health", "--addr", "localhost:50051"]
# Server reflection is off: it describes the API to anyone who connects.
ENTRYPOINT ["octet-server", "--port=50051", "--http_port=8000", "--metrics_port=9464", "--noreflection"]
CMD ["--model=sentiment=/opt/octet/models/sentiment", "--model=sentiment-roberta=/opt/octet/models/sentiment-roberta", \
     "--model=qa=/opt/octet/models/qa", "--model=ner=/opt/octet/models/ner"]
