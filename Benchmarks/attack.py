#!/usr/bin/env python3
"""Peak memory of PyrusKit's client and fake server under attack, on loopback only, every loop bounded in time.

Client: `hostile-client` (release) makes one call against a server that sends a body that never ends, and
against one that stalls after the head; its peak RSS comes from /usr/bin/time. Fake server: `pyrus-fake-server`
(release) is sent a 3 GB chunked upload, 50,000 pipelined requests from a client that never reads, and 200 slow
connections; its peak RSS (VmHWM) is read from /proc after each attack, and a normal request must still succeed.
Issue 31's two: with a 5,000-member seed (answers of about 1 MB), 1,000 pipelined requests never read, the growth
of the server's resident memory over 6 s; and with 128 descriptors and 300 connections waiting, the CPU seconds it
uses in 5 idle seconds.

Usage: attack.py HOSTILE_CLIENT PYRUS_FAKE_SERVER [--fake-only]  (run.sh passes the release builds). Prints a
Markdown table.
"""
import os
import tempfile
import json
import socket
import subprocess
import sys
import threading
import time


def serve(behaviour, seconds=60, rate=None):
    """A loopback server answering every connection with `behaviour` (endless or stall) for at most `seconds`;
    `rate` (bytes per second) paces an endless body like a fast network link instead of loopback speed."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    listener.settimeout(seconds)

    def handle(connection):
        deadline = time.monotonic() + seconds
        connection.settimeout(5)
        try:
            connection.recv(65536)
            if behaviour == "endless":
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n")
                chunk = b" " * 65536
                sent, began = 0, time.monotonic()
                while time.monotonic() < deadline:
                    connection.sendall(chunk)
                    sent += len(chunk)
                    if rate and sent > rate * (time.monotonic() - began):
                        time.sleep(sent / rate - (time.monotonic() - began))
            else:
                connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{")
                time.sleep(seconds)
        except OSError:
            pass
        finally:
            connection.close()

    def accept():
        try:
            while True:
                connection, _ = listener.accept()
                threading.Thread(target=handle, args=(connection,), daemon=True).start()
        except OSError:
            pass

    threading.Thread(target=accept, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", listener


def client_peak(client, behaviour, timeout_seconds, rate=None):
    url, listener = serve(behaviour, rate=rate)
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%M", client, url, str(timeout_seconds)], capture_output=True, text=True, timeout=120
    )
    listener.close()
    peak_kib = int(run.stderr.strip().splitlines()[-1])
    return run.stdout.split("\n")[0], run.stdout.split("\n")[1], peak_kib


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def normal_request(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(b"GET /v4/members HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fake-access-token\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n")[0].decode()


def chunked_upload(port, total=3 << 30, seconds=20):
    """Sends up to `total` bytes of a chunked body; returns the bytes the server took before it answered."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
        connection.sendall(b"POST /v4/members HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b"x" * 65536 + b"\r\n"
        deadline = time.monotonic() + seconds
        try:
            while sent < total and time.monotonic() < deadline:
                connection.sendall(chunk)
                sent += 65536
        except OSError:
            pass
    return sent


def pipeline_without_reading(port, count=50_000, seconds=20):
    """Sends `count` pipelined requests and never reads; returns how many the socket took before it blocked."""
    request = b"GET /v4/members HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fake-access-token\r\n\r\n"
    sent = 0
    connection = socket.create_connection(("127.0.0.1", port), timeout=2)
    deadline = time.monotonic() + seconds
    try:
        while sent < count and time.monotonic() < deadline:
            connection.sendall(request)
            sent += 1
    except OSError:
        pass
    time.sleep(2)
    return sent, connection


def slow_connections(port, count=200):
    connections = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(b"GET /v4/members HTTP/1.1\r\nHost: x\r\n")
        connections.append(connection)
    return connections


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def large_answers_pipelined(fake_server):
    """1,000 pipelined requests for a ~1 MB answer, never read: how much the server's RSS grows over 12 s, from a
    server that has already answered one such request."""
    members = [{"id": i, "first_name": f"Member {i}", "last_name": "Of a large seed", "email": f"m{i}@example.com",
                "type": "user", "banned": False, "position": "somebody who works here", "phone": "+10000000000"}
               for i in range(1, 5001)]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as seed:
        json.dump({"members": members}, seed)
    server = subprocess.Popen([fake_server, "--seed", seed.name], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().strip().split(":")[-1].split("/")[0])
        normal_request(port)  # the baseline is a server that has built and sent one such answer
        connection = socket.create_connection(("127.0.0.1", port), timeout=2)
        time.sleep(0.5)
        before = status_kib(server.pid, "VmRSS")
        connection.setblocking(False)
        request = b"GET /v4/members HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fake-access-token\r\n\r\n"
        try:
            connection.send(request * 1000)
        except OSError:
            pass
        time.sleep(6)
        after = status_kib(server.pid, "VmRSS")
        time.sleep(6)
        later = status_kib(server.pid, "VmRSS")
        then = normal_request(port)
        connection.close()
        return {"rss_before_mib": round(before / 1024, 1), "rss_after_6_s_mib": round(after / 1024, 1),
                "rss_after_12_s_mib": round(later / 1024, 1), "growth_mib": round((later - before) / 1024, 1),
                "then": then,
                "peak_rss_mib": round(status_kib(server.pid, "VmHWM") / 1024, 1)}
    finally:
        server.terminate()
        server.wait(timeout=10)
        os.unlink(seed.name)


def no_descriptors_left(fake_server):
    """RLIMIT_NOFILE 128 and 300 connections waiting: the server's CPU seconds over 5 idle seconds."""
    server = subprocess.Popen(["bash", "-c", f"ulimit -n 128; exec {fake_server}"], stdout=subprocess.PIPE, text=True)
    connections = []
    try:
        port = int(server.stdout.readline().strip().split(":")[-1].split("/")[0])
        for _ in range(300):
            try:
                connections.append(socket.create_connection(("127.0.0.1", port), timeout=2))
            except OSError:
                pass
        time.sleep(1)
        start = cpu_seconds(server.pid)
        time.sleep(5)
        used = cpu_seconds(server.pid) - start
        for connection in connections:
            connection.close()
        time.sleep(1)
        return {"connections": len(connections), "cpu_seconds_in_5_idle_s": round(used, 2),
                "then": normal_request(port), "peak_rss_mib": round(status_kib(server.pid, "VmHWM") / 1024, 1)}
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    client, fake_server = sys.argv[1], sys.argv[2]
    results = {}
    results["fake_1000_pipelined_1MB_answers_unread"] = large_answers_pipelined(fake_server)
    results["fake_no_descriptors_left_300_waiting"] = no_descriptors_left(fake_server)
    if "--fake-only" in sys.argv:
        print(json.dumps(results, indent=2))
        return
    for name, rate in [("100_MB_per_s", 100_000_000), ("loopback_speed", None)]:
        outcome, elapsed, peak = client_peak(client, "endless", 20, rate)
        results[f"client_endless_body_{name}"] = {
            "outcome": outcome, "elapsed": elapsed, "peak_rss_mib": round(peak / 1024, 1)
        }
    outcome, elapsed, peak = client_peak(client, "stall", 3)
    results["client_stalled_body"] = {"outcome": outcome, "elapsed": elapsed, "peak_rss_mib": round(peak / 1024, 1)}

    server = subprocess.Popen([fake_server], stdout=subprocess.PIPE, text=True)
    try:
        port = int(server.stdout.readline().strip().split(":")[-1].split("/")[0])
        results["fake_idle"] = {"peak_rss_mib": round(vm_hwm_kib(server.pid) / 1024, 1)}
        taken = chunked_upload(port)
        results["fake_chunked_upload_3gb"] = {
            "bytes_sent_before_413": taken,
            "peak_rss_mib": round(vm_hwm_kib(server.pid) / 1024, 1),
            "then": normal_request(port),
        }
        sent, pipelined = pipeline_without_reading(port)
        results["fake_pipelined_unread_50k"] = {
            "requests_taken": sent,
            "peak_rss_mib": round(vm_hwm_kib(server.pid) / 1024, 1),
            "then": normal_request(port),
        }
        pipelined.close()
        slow = slow_connections(port)
        results["fake_200_slow_connections"] = {
            "peak_rss_mib": round(vm_hwm_kib(server.pid) / 1024, 1),
            "then": normal_request(port),
        }
        for connection in slow:
            connection.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(results, indent=2))
    print()
    print("| attack | outcome | peak RSS |")
    print("|---|---|---|")
    for name, result in results.items():
        outcome = result.get("outcome") or result.get("then") or ""
        print(f"| {name} | {outcome} | {result['peak_rss_mib']} MiB |")


if __name__ == "__main__":
    main()
