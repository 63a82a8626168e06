#!/usr/bin/env python3
"""Runs every PyrusKit vs swift-openapi-generator measurement and writes results/results.json,
results/tables.md and results/generation-time.png. Called by run.sh after the builds; see RESULTS.md."""
import glob
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
RESULTS = os.path.join(HERE, "results")
PYRUS_SPEC = os.path.join(ROOT, "Spec", "pyrus-api.yaml")
SIZES = [10, 100, 1000, 5000]
QUICK = os.environ.get("QUICK") == "1"


def bin_path(package, configuration):
    return subprocess.run(["swift", "build", "-c", configuration, "--show-bin-path"], cwd=package,
                          check=True, capture_output=True, text=True).stdout.strip()


OURS = os.path.join(bin_path(ROOT, "release"), "api-codegen")
# The same CLI linked with --static-swift-stdlib (built by run.sh into ../.build-static): no shared-library
# search at start-up, which is most of the time a small spec takes.
OURS_STATIC = os.path.join(ROOT, ".build-static", "release", "api-codegen")
# What the build plugin runs: generation without the command line (Sources/api-codegen-build-tool).
BUILD_TOOL = os.path.join(bin_path(ROOT, "release"), "api-codegen-build-tool")
THEIRS = os.path.join(bin_path(HERE, "release"), "swift-openapi-generator")
BENCH = os.path.join(bin_path(HERE, "release"), "pyrus-bench")


def timed_process(command, cwd=None, expected_status=0):
    """Wall time in ms and peak RSS in KiB of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - start) * 1000
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != expected_status:
        sys.exit(f"error: {' '.join(command)} failed:\n{stderr}")
    return elapsed, usage.ru_maxrss


def summary(samples):
    return {"median_ms": statistics.median(samples), "min_ms": min(samples), "max_ms": max(samples),
            "runs": len(samples)}


def count_lines(directory, names=None):
    lines = size = 0
    for name in sorted(os.listdir(directory)):
        if name.endswith(".swift") and (names is None or name in names):
            with open(os.path.join(directory, name), "rb") as handle:
                data = handle.read()
            lines += data.count(b"\n")
            size += len(data)
    return lines, size


def generation(spec, runs_ours, runs_theirs, work):
    """Both generators as whole processes on one spec: time, memory, output size."""
    config = os.path.join(work, "openapi-generator-config.yaml")
    with open(config, "w") as handle:
        handle.write("generate:\n  - types\n  - client\naccessModifier: public\n")
    ours_out, theirs_out = os.path.join(work, "ours"), os.path.join(work, "theirs")
    result = {}
    for name, command, out, runs in [
        ("pyruskit", [OURS, "generate", spec, "--output", "OUT", "--module-name", "PyrusAPI"], ours_out, runs_ours),
        ("openapi-generator", [THEIRS, "generate", "--config", config, "--output-directory", "OUT", spec], theirs_out,
         runs_theirs),
    ]:
        samples, memory = [], []
        for run in range(runs + 1):
            shutil.rmtree(out, ignore_errors=True)
            elapsed, rss = timed_process([part.replace("OUT", out) for part in command])
            if run > 0:  # the first run warms the file cache and is not counted
                samples.append(elapsed)
                memory.append(rss)
        lines, size = count_lines(out)
        result[name] = {**summary(samples), "peak_rss_kib": max(memory), "lines": lines, "bytes": size}
        if name == "pyruskit":
            client_lines, client_bytes = count_lines(out, {"Models.swift", "Endpoints.swift", "Client.swift"})
            result[name]["client_side_lines"] = client_lines
            result[name]["client_side_bytes"] = client_bytes
    return result


def startup(runs, work):
    """Whole-process generation of the Pyrus spec against the start-up floor of the same binary, interleaved so that
    every command sees the same load: `api-codegen --help` and `generate`; `api-codegen-build-tool` without
    arguments (it prints its usage and exits 2) and with the plugin's four."""
    out = os.path.join(work, "startup")
    commands = {
        "api-codegen --help": ([OURS, "--help"], 0),
        "api-codegen generate": ([OURS, "generate", PYRUS_SPEC, "--output", out, "--module-name", "PyrusAPI"], 0),
        "api-codegen-build-tool (usage)": ([BUILD_TOOL], 2),
        "api-codegen-build-tool": ([BUILD_TOOL, PYRUS_SPEC, out, "PyrusAPI", "public"], 0),
    }
    samples = {name: [] for name in commands}
    for run in range(runs + 1):
        for name, (command, status) in commands.items():
            shutil.rmtree(out, ignore_errors=True)
            elapsed, _ = timed_process(command, expected_status=status)
            if run > 0:
                samples[name].append(elapsed)
    return {name: summary(values) for name, values in samples.items()}


def bench(*arguments):
    output = subprocess.run([BENCH, *arguments], check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def compile_times(runs):
    """Full rebuild of each generated module alone in debug, dependencies prebuilt; warnings counted.

    Every source of the module (its own and the plugin's output) is touched, so the incremental build recompiles
    the whole module and nothing else (deleting the module's build folder instead breaks SwiftPM's build plan)."""
    result = {}
    for target in ["PyrusKitPyrus", "OpenAPIGeneratorPyrus"]:
        subprocess.run(["swift", "build", "--target", target], cwd=HERE, check=True, capture_output=True)
        sources = glob.glob(os.path.join(HERE, "Sources", target, "*.swift"))
        sources += glob.glob(os.path.join(HERE, ".build", "plugins", "outputs", "*", target, "**", "*.swift"),
                             recursive=True)
        samples, warnings = [], 0
        for _ in range(runs):
            for source in sources:
                os.utime(source)
            start = time.perf_counter()
            build = subprocess.run(["swift", "build", "--target", target], cwd=HERE, capture_output=True, text=True)
            samples.append((time.perf_counter() - start) * 1000)
            if build.returncode != 0:
                sys.exit(f"error: building {target} failed:\n{build.stdout}\n{build.stderr}")
            warnings = len(set(re.findall(r"^(/\S+: warning: .*)$", build.stdout + build.stderr, re.M)))
        result[target] = {**summary(samples), "warnings": warnings, "files": len(sources)}
    return result


def plot(results, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    sizes = SIZES
    figure, axis = plt.subplots(figsize=(7, 4.5))
    for name, label, marker in [("pyruskit", "PyrusKit api-codegen", "o"),
                                ("openapi-generator", "swift-openapi-generator 1.14.3", "s")]:
        times = [results["generation"][str(size)][name]["median_ms"] / 1000 for size in sizes]
        axis.plot(sizes, times, marker=marker, label=label)
    if "generation_static" in results:
        times = [results["generation_static"][str(size)]["median_ms"] / 1000 for size in sizes]
        axis.plot(sizes, times, marker="o", linestyle="--", label="PyrusKit api-codegen, static stdlib")
    axis.set_xscale("log")
    axis.set_yscale("log")
    axis.set_xlabel("schemas in the synthetic spec (one operation each)")
    axis.set_ylabel("generation time, whole process (s, median)")
    axis.set_title("Generation time vs spec size (release builds, 2 cores)")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def save(results):
    with open(os.path.join(RESULTS, "results.json"), "w") as handle:
        json.dump(results, handle, indent=2, sort_keys=True)


def main():
    os.makedirs(RESULTS, exist_ok=True)
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "generation": {}}
    # RESUME=1 keeps the stages an interrupted run already saved.
    if os.environ.get("RESUME") == "1" and os.path.exists(os.path.join(RESULTS, "results.json")):
        with open(os.path.join(RESULTS, "results.json")) as handle:
            results = json.load(handle)
    with tempfile.TemporaryDirectory() as work:
        specs = {"pyrus": PYRUS_SPEC}
        for size in SIZES:
            specs[str(size)] = os.path.join(work, f"synthetic-{size}.yaml")
            subprocess.run([sys.executable, os.path.join(HERE, "make_spec.py"), str(size), specs[str(size)]], check=True)
        plan = {"pyrus": (20, 10), "10": (20, 10), "100": (10, 5), "1000": (5, 3), "5000": (3, 1)}
        if QUICK:
            plan = {key: (2, 1) for key in plan}
        for key, spec in specs.items():
            if (QUICK and key == "5000") or key in results["generation"]:
                continue
            print(f"generation: {key}", flush=True)
            results["generation"][key] = generation(spec, *plan[key], work)
            save(results)
        if "generation_static" not in results and os.path.exists(OURS_STATIC):
            results["generation_static"] = {}
            for key, spec in specs.items():
                if QUICK and key == "5000":
                    continue
                out = os.path.join(work, "static")
                samples = []
                for run in range(plan[key][0] + 1):
                    shutil.rmtree(out, ignore_errors=True)
                    elapsed, _ = timed_process([OURS_STATIC, "generate", spec, "--output", out, "--module-name", "PyrusAPI"])
                    if run > 0:
                        samples.append(elapsed)
                results["generation_static"][key] = summary(samples)
            save(results)
        print("start-up", flush=True)
        results["startup"] = startup(5 if QUICK else 40, work)
        save(results)
        results["spec_load_in_process"] = {key: bench("spec-load", "--spec", spec, "--runs", "20" if key != "5000" else "5")
                                           for key, spec in specs.items() if not (QUICK and key == "5000")}
        results["generate_in_process"] = {key: bench("generate-in-process", "--spec", spec, "--runs", "10" if key != "5000" else "3")
                                          for key, spec in specs.items() if key in ("pyrus", "1000")}
    save(results)
    print("compile", flush=True)
    results["compile"] = compile_times(1 if QUICK else 3)
    save(results)
    print("decode", flush=True)
    # Three rounds over the clients, so that each sees the same load; the median of the rounds' medians is kept.
    results["decode"] = {}
    for count in [10, 1000, 10000]:
        rounds = {client: [] for client in ["handwritten", "pyruskit", "openapi-generator"]}
        for _ in range(1 if QUICK else 3):
            for client in rounds:
                rounds[client].append(bench("decode", "--client", client, "--members", str(count),
                                            "--runs", "30" if count < 10000 else "15"))
        results["decode"][str(count)] = {
            client: {**sorted(values, key=lambda value: value["timing"]["median_ms"])[len(values) // 2],
                     "round_medians_ms": [value["timing"]["median_ms"] for value in values]}
            for client, values in rounds.items()}
    results["decode_memory"] = {client: bench("decode-memory", "--client", client, "--members", "10000")
                                for client in ["handwritten", "pyruskit", "openapi-generator"]}
    results["documented_examples"] = bench("examples", "--fixtures", os.path.join(ROOT, "Tests", "Fixtures"))
    print("roundtrip", flush=True)
    results["roundtrip"] = {f"{client}@{concurrency}": bench("roundtrip", "--client", client, "--concurrency",
                                                            str(concurrency), "--requests", "3000")
                            for client in ["pyruskit", "openapi-generator"] for concurrency in [1, 50]}
    print("load", flush=True)
    results["load"] = bench("load", "--clients", "50", "--requests", "10000")
    save(results)
    if "5000" in results["generation"]:
        plot(results, os.path.join(RESULTS, "generation-time.png"))
    print(json.dumps(results, indent=2, sort_keys=True))


if __name__ == "__main__":
    if sys.argv[1:] == ["--plot-only"]:
        with open(os.path.join(RESULTS, "results.json")) as handle:
            plot(json.load(handle), os.path.join(RESULTS, "generation-time.png"))
    else:
        main()
