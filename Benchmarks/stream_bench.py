#!/usr/bin/env python3
"""Streaming bodies through the generated client (issue 27): the client's peak memory and time for a 1 GiB download, a
1 GiB upload and 10 million tiny server-sent events, each call in a fresh `stream-bench` process (release, the client of
../Tests/StreamingTests/streaming.yaml over AsyncHTTPClient) against a loopback server in this script that sends and
receives as fast as the socket allows. The target: the client's peak RSS stays under 64 MiB however large the body.
The uploads run again "under load" (two busy processes beside them), paced as PyrusClient's default transport is and
unpaced (AsyncHTTPClient alone), since only a busy event loop shows what pacing bounds.

Usage: RUNS=3 python3 stream_bench.py [STREAM_BENCH]  (after `swift build -c release --product stream-bench`).
Writes results/streaming.json; RESULTS.md quotes it.
"""
import json
import os
import socket
import statistics
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
RUNS = int(os.environ.get("RUNS", "3"))
TOOL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, ".build", "release", "stream-bench")
GIB = 1 << 30
EVENTS = 10_000_000


def handle(connection):
    reader = connection.makefile("rb", buffering=1 << 20)
    try:
        request = reader.readline().decode("latin-1").split()
        headers = {}
        while True:
            line = reader.readline().decode("latin-1").strip()
            if not line:
                break
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        method, target = request[0], request[1]
        if method == "GET" and target.startswith("/v1/blobs/"):
            size = int(target.rsplit("/", 1)[1])
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                               + f"Content-Length: {size}\r\nConnection: close\r\n\r\n".encode())
            block = b"\x61" * (1 << 20)
            while size > 0:
                connection.sendall(block[:min(size, len(block))])
                size -= min(size, len(block))
        elif method == "PUT" and target == "/v1/blobs":
            received = 0
            if headers.get("transfer-encoding", "").lower() == "chunked":
                while True:
                    length = int(reader.readline().split(b";")[0], 16)
                    if length == 0:
                        reader.readline()
                        break
                    left = length
                    while left:
                        left -= len(reader.read(min(left, 1 << 20)))
                    received += length
                    reader.readline()
            else:
                left = int(headers.get("content-length", "0"))
                while left:
                    piece = reader.read(min(left, 1 << 20))
                    if not piece:
                        break
                    left -= len(piece)
                    received += len(piece)
            body = json.dumps({"bytes": received}).encode()
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                               + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
        elif method == "GET" and target.startswith("/v1/ticks/log"):
            count = int(target.split("count=")[1].split("&")[0])
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
            block = b"data:x\n\n" * 8192
            while count > 0:
                n = min(count, 8192)
                connection.sendall(block[: 8 * n])
                count -= n
        else:
            connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    except OSError:
        pass
    finally:
        reader.close()
        connection.close()


def serve():
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)

    def accept():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=handle, args=(connection,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}/v1"


def name(mode, loaded):
    return f"{mode} under load" if loaded else mode


def main():
    url = serve()
    # "under load": two busy processes share the machine's cores with the client and the server, as a busy host does;
    # AsyncHTTPClient's event loop then falls behind the body's producer, which is where pacing matters.
    cases = [("download", GIB, False), ("upload", GIB, False), ("events", EVENTS, False),
             ("upload", GIB, True), ("upload-unpaced", GIB, True)]
    results = {name(mode, loaded): [] for mode, _, loaded in cases}
    for run in range(RUNS):
        for mode, amount, loaded in cases:
            burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2 if loaded else 0)]
            try:
                output = subprocess.run([TOOL, mode, url, str(amount)], capture_output=True, text=True, timeout=900)
            finally:
                for burner in burners:
                    burner.kill()
                    burner.wait()
            if output.returncode != 0:
                raise SystemExit(f"{mode} failed: {output.stdout}{output.stderr}")
            result = json.loads(output.stdout.strip().splitlines()[-1])
            if result["moved"] != amount:
                raise SystemExit(f"{mode}: moved {result['moved']}, expected {amount}")
            results[name(mode, loaded)].append(result)
            print(f"run {run + 1}/{RUNS} {name(mode, loaded)}: {result['seconds']:.2f} s, "
                  f"peak {result['peak_rss_kib'] / 1024:.1f} MiB", flush=True)
    summary = {
        name(mode, loaded): {
            "amount": amount,
            "seconds_median": statistics.median(r["seconds"] for r in results[name(mode, loaded)]),
            "peak_rss_mib_median": statistics.median(r["peak_rss_kib"] for r in results[name(mode, loaded)]) / 1024,
            "peak_rss_mib_max": max(r["peak_rss_kib"] for r in results[name(mode, loaded)]) / 1024,
            "runs": results[name(mode, loaded)]}
        for mode, amount, loaded in cases
    }
    for mode, row in summary.items():
        print(f"{mode:27} {row['seconds_median']:7.2f} s  peak RSS median {row['peak_rss_mib_median']:.1f} MiB "
              f"(max {row['peak_rss_mib_max']:.1f})")
    with open(os.path.join(HERE, "results", "streaming.json"), "w", encoding="utf-8") as file:
        json.dump({"runs": RUNS, "results": summary}, file, indent=2)
        file.write("\n")


if __name__ == "__main__":
    main()
