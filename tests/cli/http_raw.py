#!/usr/bin/env python3
"""Raw-socket clients for the HTTP hardening tests and bench/slowloris.

  http_raw.py send PORT          request bytes on stdin (\\n written as \\r\\n);
                                 prints the status lines, then "closed" or "open"
  http_raw.py trickle PORT MAX   one header byte a second; prints the seconds until
                                 the server hung up, or "open" after MAX seconds
  http_raw.py slow PORT N SECS GAP
                                 N connections from 127.0.0.1 each sending a byte every
                                 GAP seconds for SECS seconds, while a client on
                                 127.0.0.2 asks for /login every half second; prints
                                 one summary line, exits 1 if any request went unanswered

The server listens on 127.0.0.1; 127.0.0.2 is loopback too, but another address.
"""
import re
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


def read_until_close(s, wait):
    """What the server sent within wait seconds, and whether it closed the connection."""
    s.settimeout(wait)
    data = b""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
    return data, False


def cmd_send(port):
    req = sys.stdin.buffer.read().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    s = socket.create_connection((HOST, port), timeout=5)
    s.sendall(req)
    data, closed = read_until_close(s, 3)
    for m in re.finditer(rb"(?:^|\n)(HTTP/1\.[01] [0-9]{3}[^\r\n]*)", data):
        print(m.group(1).decode("latin-1"))
    print("closed" if closed else "open")


def cmd_trickle(port, max_secs):
    s = socket.create_connection((HOST, port), timeout=5)
    start = time.monotonic()
    s.sendall(b"GET /login HTTP/1.1\r\nHost: t\r\nX-Slow: ")
    while time.monotonic() - start < max_secs:
        try:
            s.sendall(b"a")
        except OSError:
            break
        data, closed = read_until_close(s, 1)
        if closed or data:
            break
    else:
        print("open")
        return
    print(int(time.monotonic() - start))


def other_client(port, stop, out):
    """Requests from 127.0.0.2 until stop is set: each must be answered (generous timeout)."""
    while not stop.is_set():
        t0 = time.monotonic()
        ok = False
        try:
            s = socket.socket()
            s.bind(("127.0.0.2", 0))
            s.settimeout(10)
            s.connect((HOST, port))
            s.sendall(b"GET /login HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n")
            data, _ = read_until_close(s, 10)
            ok = data.startswith(b"HTTP/1.1 200")
            s.close()
        except OSError:
            pass
        out.append((ok, time.monotonic() - t0))
        stop.wait(0.5)


def cmd_slow(port, n, secs, gap):
    socks = []
    refused = 0
    for _ in range(n):
        try:
            s = socket.create_connection((HOST, port), timeout=5)
            s.setblocking(False)
            s.send(b"G")
            socks.append(s)
        except OSError:
            refused += 1
    stop = threading.Event()
    results = []
    t = threading.Thread(target=other_client, args=(port, stop, results))
    t.start()
    start = time.monotonic()
    line = b"ET /login HTTP/1.1\r\nHost: slow\r\nX-Pad: " + b"a" * 100000
    pos = 0
    while time.monotonic() - start < secs:
        live = []
        for s in socks:
            try:
                if s.send(line[pos:pos + 1]) == 1:
                    live.append(s)
            except OSError:
                s.close()
        socks = live
        pos += 1
        time.sleep(gap)
    stop.set()
    t.join()
    for s in socks:
        s.close()
    answered = sum(1 for ok, _ in results if ok)
    lat = sorted(d for ok, d in results if ok)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    print("slow=%d refused_at_connect=%d still_open_at_end=%d other_client: answered %d of %d, "
          "median %.1f ms, p99 %.1f ms, max %.1f ms" %
          (n, refused, len(socks), answered, len(results), p(0.5), p(0.99), lat[-1] * 1000 if lat else float("nan")))
    sys.exit(0 if results and answered == len(results) else 1)


def main():
    cmd, port = sys.argv[1], int(sys.argv[2])
    if cmd == "send":
        cmd_send(port)
    elif cmd == "trickle":
        cmd_trickle(port, float(sys.argv[3]))
    elif cmd == "slow":
        cmd_slow(port, int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main()
