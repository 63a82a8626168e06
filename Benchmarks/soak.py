#!/usr/bin/env python3
"""The soak of issue 31: PyrusKit's client and fake server together, for minutes, under everything at once.

Two processes of `pyrus-bench` (release): `soak-server` serves the fake (1,000 seeded members, so `GET /members`
answers about 300 kB), revokes every token every 7 s and answers the next 20 requests 429 every 5 s;
`soak-clients` runs CLIENTS clients that each sign in with their own login and cycle through reads, updates, a
large list and a call cancelled at a random moment, then check the server's final state through the API. Beside
them, raw sockets from this script: waves of stalled readers (200 pipelined `GET /members` each, never read, held
20 s), slow readers (4 KB every 20 ms), and connections that send a request and reset at once. Every second it reads
both processes' resident memory and open descriptors from /proc.

Usage: python3 soak.py [SECONDS] [CLIENTS] [--no-cancel]    (180 s and 32 clients by default; --no-cancel leaves
the cancelled calls out, to tell what they cost)
Prints one JSON object and a Markdown table for RESULTS.md §14. Exits 1 when the final state is not exact, or when
descriptors at the end differ from the start.
"""
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

here = os.path.dirname(os.path.abspath(__file__))
binary = os.path.join(here, ".build/release/pyrus-bench")


def status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return -1


def descriptors(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return -1


def sign_in(port, name):
    """POST /v4/auth on its own connection; the token, or None while the fake answers 429."""
    body = json.dumps({"login": f"{name}@company.com", "security_key": "key"}).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(
            b"POST /v4/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    head, _, payload = answer.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        return None
    return json.loads(payload)["access_token"]


def members_request(token):
    return f"GET /v4/members HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n\r\n".encode()


class Attackers:
    """Raw-socket peers that misbehave until stopped; counts what they did."""

    def __init__(self, port):
        self.port = port
        self.stop = threading.Event()
        self.counts = {"stalled connections": 0, "slow-read bytes": 0, "reset connections": 0}
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=target, daemon=True)
                        for target in (self.stalled, self.slow, self.slow, self.resets)]

    def add(self, key, value=1):
        with self.lock:
            self.counts[key] += value

    def token(self, name):
        while not self.stop.is_set():
            try:
                token = sign_in(self.port, name)
            except OSError:
                token = None
            if token:
                return token
            time.sleep(0.2)
        return None

    def stalled(self):
        """Every 20 s, 8 connections that pipeline 200 requests for the large list and never read; held 20 s."""
        held = []
        while not self.stop.is_set():
            token = self.token("stalled")
            if token is None:
                break
            wave = []
            for _ in range(8):
                connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                connection.setblocking(False)
                try:
                    connection.send(members_request(token) * 200)
                except OSError:
                    pass
                wave.append(connection)
                self.add("stalled connections")
            for connection in held:
                connection.close()
            held = wave
            self.stop.wait(20)
        for connection in held:
            connection.close()

    def slow(self):
        """One connection at a time: 20 pipelined requests, read 4 KB every 20 ms, then the next connection."""
        while not self.stop.is_set():
            token = self.token("slow")
            if token is None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=15) as connection:
                    connection.sendall(members_request(token) * 20)
                    deadline = time.monotonic() + 30
                    while not self.stop.is_set() and time.monotonic() < deadline:
                        chunk = connection.recv(4096)
                        if not chunk:
                            break
                        self.add("slow-read bytes", len(chunk))
                        time.sleep(0.02)
            except OSError:
                pass

    def resets(self):
        """Ten times a second: a request, then a reset before the answer (SO_LINGER 0)."""
        while not self.stop.is_set():
            try:
                connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                connection.sendall(members_request("fake-access-token"))
                connection.close()
                self.add("reset connections")
            except OSError:
                pass
            self.stop.wait(0.1)

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=40)


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 180
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 32
    if not os.path.exists(binary):
        sys.exit(f"build it first: swift build -c release --product pyrus-bench (in {here})")
    server = subprocess.Popen([binary, "soak-server", "--members", "1000"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    url = server.stdout.readline().strip()
    port = int(url.split(":")[-1].split("/")[0])
    time.sleep(1)
    server_start = {"rss_kib": status_kib(server.pid, "VmRSS"), "fds": descriptors(server.pid)}
    # A file, not a pipe: nobody reads the client's standard error until the end, and a full pipe would stop it.
    stats_file = tempfile.TemporaryFile(mode="w+")
    clients_process = subprocess.Popen(
        [binary, "soak-clients", "--url", url, "--clients", str(clients), "--seconds", str(seconds),
         "--seed-members", "1000"] + sys.argv[3:], stdout=subprocess.PIPE, stderr=stats_file, text=True)
    attackers = Attackers(port)
    attackers.start()
    samples = []  # (elapsed, server rss, server fds, client rss, client fds)
    began = time.monotonic()
    client_start = None
    while clients_process.poll() is None:
        time.sleep(1)
        sample = (round(time.monotonic() - began), status_kib(server.pid, "VmRSS"), descriptors(server.pid),
                  status_kib(clients_process.pid, "VmRSS"), descriptors(clients_process.pid))
        if sample[3] > 0:
            samples.append(sample)
            if client_start is None:
                client_start = sample
    client_peak = max((s[3] for s in samples), default=-1)
    client_report = json.loads(clients_process.stdout.read().strip().splitlines()[-1])
    # glibc's malloc_stats(), printed by the client every 30 s: the bytes in use in all arenas and mappings.
    in_use, total = [], False
    stats_file.seek(0)
    for line in stats_file.read().splitlines():
        total = total or line.startswith("Total (incl. mmap)")
        if total and line.startswith("in use bytes"):
            in_use.append(round(int(line.split("=")[1]) / 1048576, 1))
            total = False
    attackers.finish()
    time.sleep(3)  # the server notices the closed connections
    server_end = {"rss_kib": status_kib(server.pid, "VmRSS"), "fds": descriptors(server.pid),
                  "peak_rss_kib": status_kib(server.pid, "VmHWM")}
    server.stdin.close()
    server_report = json.loads(server.stdout.read().strip().splitlines()[-1])
    server.wait(timeout=30)

    quarter = [s for s in samples if s[0] >= seconds // 4][:1] or samples[:1]
    result = {
        "seconds": seconds, "clients": clients, "client": client_report, "server": server_report,
        "attackers": attackers.counts,
        "server_memory_kib": {"start": server_start["rss_kib"], "at_quarter": quarter[0][1],
                              "before_stop": samples[-1][1], "peak": server_end["peak_rss_kib"]},
        "server_fds": {"start": server_start["fds"], "peak": max(s[2] for s in samples), "end": server_end["fds"]},
        "client_memory_kib": {"at_quarter": quarter[0][3], "before_stop": samples[-1][3], "peak": client_peak},
        "client_fds": {"start": client_start[4], "peak": max(s[4] for s in samples), "end": samples[-1][4]},
        # Resident memory every 30 s (MiB), to see whether it levels off.
        "rss_every_30_s_mib_note": "server, client",
        "rss_every_30_s_mib": {"server": [round(s[1] / 1024, 1) for s in samples if s[0] % 30 == 0],
                               "client": [round(s[3] / 1024, 1) for s in samples if s[0] % 30 == 0]},
    }
    print(json.dumps(result, indent=2))
    calls = client_report["calls"]
    exchanges = client_report["exchanges"]
    by_status = {}
    for key, value in exchanges.items():
        status = key.split(" ", 1)[1].replace("failed", "no answer (cancelled)")
        by_status[status] = by_status.get(status, 0) + value
    mib = lambda kib: f"{kib / 1024:.1f} MiB"
    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| duration, clients | {seconds} s, {clients} signed-in clients + raw-socket attackers |")
    print(f"| requests the server counted | {server_report['requests']:,} |")
    print(f"| client calls: ok / cancelled / other errors | {calls.get('ok', 0):,} / {calls.get('cancelled', 0):,} / "
          f"{sum(v for k, v in calls.items() if k not in ('ok', 'cancelled')):,} |")
    print("| client exchanges by status (retries, sign-ins included) | "
          + ", ".join(f"{k}: {v:,}" for k, v in sorted(by_status.items())) + " |")
    print(f"| sign-ins | {exchanges.get('authenticate 200', 0):,} (token revocations: {server_report['token_expirations']}) |")
    print(f"| bursts of 429 | {server_report['bursts_of_429']} × 20 |")
    print(f"| attackers | {attackers.counts['stalled connections']} stalled connections, "
          f"{attackers.counts['slow-read bytes'] / 1e6:.0f} MB read slowly, {attackers.counts['reset connections']:,} resets |")
    memory = result["server_memory_kib"]
    print(f"| server RSS: start / at {seconds // 4} s / end / peak | {mib(memory['start'])} / {mib(memory['at_quarter'])}"
          f" / {mib(memory['before_stop'])} / {mib(memory['peak'])} |")
    fds = result["server_fds"]
    print(f"| server descriptors: start / peak / end | {fds['start']} / {fds['peak']} / {fds['end']} |")
    memory = result["client_memory_kib"]
    print(f"| client RSS: at {seconds // 4} s / end / peak | {mib(memory['at_quarter'])} / {mib(memory['before_stop'])}"
          f" / {mib(memory['peak'])} |")
    fds = result["client_fds"]
    print(f"| client descriptors: start / peak / end | {fds['start']} / {fds['peak']} / {fds['end']} |")
    series = result["rss_every_30_s_mib"]
    print(f"| server RSS every 30 s (MiB) | {', '.join(map(str, series['server']))} |")
    print(f"| client RSS every 30 s (MiB) | {', '.join(map(str, series['client']))} |")
    print(f"| client heap in use every 30 s (MiB, glibc malloc_stats) | {', '.join(map(str, in_use))} |")
    print(f"| client RSS right after malloc_trim(0), every 30 s (MiB) | "
          f"{', '.join(map(str, client_report['rss_after_trim_every_30_s_mib']))} |")
    print(f"| final state | {client_report['final_state']} |")
    failed = client_report["final_state"] != "exact" or server_end["fds"] != server_start["fds"]
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
