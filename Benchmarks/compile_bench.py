#!/usr/bin/env python3
"""What the compiler pays for generated code: per generated file, the wall time and the peak memory (RSS) of the
swift-frontend job that compiles it in debug, as SwiftPM's debug build runs one job per file.

For each spec: PyrusKit's api-codegen generates the module, and, when SOG names a swift-openapi-generator binary,
that generator generates its `types` and `client` for the same spec; both are compiled the same way, one after the
other, RUNS times (medians), against the modules of PyrusKit's debug build (APIRuntime, OpenAPIRuntime).

    python3 compile_bench.py [SPEC ...]

Without SPECs: a synthetic spec of 1,000 operations in one tag (make_spec.py) and every spec of ../../shared/corpus.
Env: GENERATE_ARGS (more arguments for PyrusKit's `generate`, e.g. `--filter-tag Assistants`; then SOG is not run,
since the same selection is not given to it), API_CODEGEN (default ../.build/release/api-codegen, else
../.build/debug/api-codegen), SOG (empty: PyrusKit only; else a
swift-openapi-generator binary; default ./.build/release/swift-openapi-generator when it exists), MODULES (default
../.build/debug/Modules), RUNS (default 1), OUT (a JSON file for the raw numbers).
Prints a Markdown table; peak memory is the largest of one file's runs.
"""
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def first_existing(*paths):
    for path in paths:
        if path and pathlib.Path(path).exists():
            return str(path)
    return None


API_CODEGEN = first_existing(
    os.environ.get("API_CODEGEN"), ROOT / ".build/release/api-codegen", ROOT / ".build/debug/api-codegen")
SOG = first_existing(os.environ.get("SOG"), HERE / ".build/release/swift-openapi-generator")
MODULES = os.environ.get("MODULES", str(ROOT / ".build/debug/Modules"))
GENERATE_ARGS = os.environ.get("GENERATE_ARGS", "").split()
if GENERATE_ARGS or os.environ.get("SOG") == "":
    SOG = None
RUNS = int(os.environ.get("RUNS", "1"))


def compile_files(directory, module):
    """Each file of `directory` compiled as its own frontend job: {file: (seconds, peak KiB, lines)}."""
    files = sorted(p.name for p in pathlib.Path(directory).glob("*.swift"))
    results = {}
    for name in files:
        command = [
            "/usr/bin/time", "-f", "%e %M", "swiftc", "-frontend", "-c", "-primary-file", name,
            *(other for other in files if other != name),
            "-module-name", module, "-I", MODULES, "-swift-version", "6", "-Onone", "-parse-as-library",
            "-o", os.devnull,
        ]
        done = subprocess.run(command, cwd=directory, capture_output=True, text=True)
        last = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if "error:" in line][:3]
            raise RuntimeError(f"{directory}/{name} does not compile: {errors or last}")
        seconds, kib = last.split()
        lines = sum(1 for _ in open(pathlib.Path(directory) / name, encoding="utf-8"))
        results[name] = (float(seconds), int(kib), lines)
    return results


def generate_pyruskit(spec, out):
    subprocess.run([API_CODEGEN, "generate", spec, "--output", out, "--module-name", "Bench", *GENERATE_ARGS],
                   check=True, capture_output=True)


def generate_sog(spec, out):
    os.makedirs(out, exist_ok=True)
    subprocess.run([SOG, "generate", "--mode", "types", "--mode", "client", "--access-modifier", "public",
                    "--output-directory", out, spec], check=True, capture_output=True)


def measure(spec, generator, work):
    out = tempfile.mkdtemp(dir=work)
    generator(spec, out)
    runs = [compile_files(out, "Bench") for _ in range(RUNS)]
    files = {}
    for name in runs[0]:
        files[name] = {
            "seconds": statistics.median(run[name][0] for run in runs),
            "peak_mib": max(run[name][1] for run in runs) / 1024,
            "lines": runs[0][name][2],
        }
    return {
        "files": files,
        "seconds": sum(f["seconds"] for f in files.values()),
        "peak_mib": max(f["peak_mib"] for f in files.values()),
        "lines": sum(f["lines"] for f in files.values()),
    }


def main():
    specs = sys.argv[1:]
    work = tempfile.mkdtemp(prefix="compile-bench-")
    if not specs:
        synthetic = os.path.join(work, "synthetic-1000-operations-one-tag.yaml")
        subprocess.run([sys.executable, str(HERE / "make_spec.py"), "1000", synthetic, "--one-tag"], check=True)
        specs = [synthetic] + sorted(str(p) for p in (ROOT.parent / "shared/corpus").glob("*.*")
                                     if p.suffix in (".yaml", ".json"))
    results = {}
    print(f"api-codegen: {API_CODEGEN}; swift-openapi-generator: {SOG or 'not given'}; {RUNS} run(s)\n")
    print("| spec | PyrusKit lines | compile (sum of files) | peak RSS, largest file | "
          "swift-openapi-generator lines | compile | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for spec in specs:
        name = pathlib.Path(spec).name
        row = {"pyruskit": measure(spec, generate_pyruskit, work)}
        if SOG:
            try:
                row["sog"] = measure(spec, generate_sog, work)
            except (subprocess.CalledProcessError, RuntimeError) as failure:
                row["sog"] = {"error": str(failure)[:200]}
        results[name] = row
        ours = row["pyruskit"]
        theirs = row.get("sog")
        cells = [f"{ours['lines']:,}", f"{ours['seconds']:.1f} s", f"{ours['peak_mib']:.0f} MiB"]
        if theirs and "error" not in theirs:
            cells += [f"{theirs['lines']:,}", f"{theirs['seconds']:.1f} s", f"{theirs['peak_mib']:.0f} MiB"]
        else:
            cells += ["—", "does not generate or compile" if theirs else "—", "—"]
        print(f"| {name} | " + " | ".join(cells) + " |", flush=True)
    if os.environ.get("OUT"):
        with open(os.environ["OUT"], "w", encoding="utf-8") as handle:
            json.dump(results, handle, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
