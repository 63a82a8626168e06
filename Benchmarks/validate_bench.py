#!/usr/bin/env python3
"""Fixture validation: `api-codegen validate` (release build) against Python's jsonschema on the same inputs, in
the same run. Two inputs: a 10,000-member `GET /members` answer, and the whole Tests/Fixtures directory. Each
tool runs as a whole process (start-up, loading the spec, reading the JSON, validating, reporting every
violation), several times; medians are reported. Python's in-process validation time is reported too, so the
ratio cannot hide in start-up. Writes results/validation.json; RESULTS.md §10 quotes it.
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# The same CLI linked with --static-swift-stdlib, as README installs it (run.sh builds it into ../.build-static): no
# Swift shared libraries to load and bind at start-up.
OURS_STATIC = os.path.join(ROOT, ".build-static", "release", "api-codegen")
SPEC = os.path.join(ROOT, "Spec", "pyrus-api.yaml")
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
RUNS = int(os.environ.get("RUNS", "7"))

PYTHON_VALIDATOR = r'''
import json, os, sys, time, yaml
from jsonschema import Draft202012Validator
start = time.perf_counter()
spec = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
def rewrite(node):
    if isinstance(node, dict):
        return {k: (v.replace("#/components/schemas/", "#/$defs/") if k == "$ref" else rewrite(v)) for k, v in node.items()}
    if isinstance(node, list):
        return [rewrite(v) for v in node]
    return node
defs = rewrite(spec["components"]["schemas"])
def body_schema(operation_id, status):
    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                if status == "request":
                    node = operation["requestBody"]
                else:
                    node = operation["responses"][status]
                    if "$ref" in node:
                        node = spec["components"]["responses"][node["$ref"].rsplit("/", 1)[1]]
                return node["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    return operation_id  # a component schema
pairs = []
for path in sys.argv[2:]:
    parts = os.path.basename(path).split(".")
    name = parts[0] if os.path.basename(os.path.dirname(path)) == "invalid" else body_schema(parts[0], parts[1])
    pairs.append((name, json.load(open(path, encoding="utf-8"))))
loaded = time.perf_counter()
errors = 0
for name, instance in pairs:
    validator = Draft202012Validator({"$defs": defs, "$ref": "#/$defs/" + name})
    errors += len(list(validator.iter_errors(instance)))
done = time.perf_counter()
print(json.dumps({"load_ms": (loaded - start) * 1000, "validate_ms": (done - loaded) * 1000, "errors": errors}))
'''


def run(command):
    start = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True)
    elapsed = (time.perf_counter() - start) * 1000
    if process.returncode not in (0, 1):
        sys.exit(f"error: {command[0]} exited {process.returncode}: {process.stderr[-2000:]}")
    return elapsed, process.stdout


def members_answer(count):
    with open(os.path.join(FIXTURES, "listMembers.200.json"), encoding="utf-8") as handle:
        examples = json.load(handle)["members"]
    members = []
    for index in range(count):
        member = dict(examples[index % len(examples)])
        member["id"] = 100000 + index
        member["email"] = f"member{index}@company.com"
        members.append(member)
    return {"members": members}


def main():
    ours = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.strip(), "api-codegen")
    results = {}
    with tempfile.TemporaryDirectory() as directory:
        script = os.path.join(directory, "validate.py")
        with open(script, "w", encoding="utf-8") as handle:
            handle.write(PYTHON_VALIDATOR)
        answer = os.path.join(directory, "listMembers.200.json")
        with open(answer, "w", encoding="utf-8") as handle:
            json.dump(members_answer(10_000), handle)
        fixtures = sorted(os.path.join(FIXTURES, name) for name in os.listdir(FIXTURES) if name.endswith(".json"))
        fixtures += sorted(os.path.join(FIXTURES, "invalid", name) for name in os.listdir(os.path.join(FIXTURES, "invalid")))
        cases = {
            "10,000-member GET /members answer": (
                [ours, "validate", "--spec", SPEC, "--operation", "listMembers", "--status", "200", answer],
                [answer]),
            f"Tests/Fixtures ({len(fixtures)} files)": (
                [ours, "validate", "--spec", SPEC, "--fixtures", FIXTURES], fixtures),
        }
        for name, (command, files) in cases.items():
            # Interleaved, so that both tools see the same load of a shared machine.
            commands = {"ours": command, "python": [sys.executable, script, SPEC, *files]}
            if os.path.exists(OURS_STATIC):
                commands["static"] = [OURS_STATIC, *command[1:]]
            samples = {key: [] for key in commands}
            inside = []  # Python's own validation-only times, one per run
            for _ in range(RUNS):
                for key, each in commands.items():
                    elapsed, output = run(each)
                    samples[key].append(elapsed)
                    if key == "python":
                        inside.append(json.loads(output.strip().splitlines()[-1])["validate_ms"])
            ours_ms = statistics.median(samples["ours"])
            python_ms = statistics.median(samples["python"])
            inside_ms = statistics.median(inside)
            results[name] = {
                "api-codegen whole process (ms)": round(ours_ms, 1),
                "python jsonschema whole process (ms)": round(python_ms, 1),
                "python jsonschema validation only (ms)": round(inside_ms, 1),
                "speed-up, whole process": round(python_ms / ours_ms, 1),
                "speed-up, our whole process vs their validation only": round(inside_ms / ours_ms, 1),
            }
            if "static" in samples:
                static_ms = statistics.median(samples["static"])
                results[name]["api-codegen linked statically, whole process (ms)"] = round(static_ms, 1)
                results[name]["speed-up, whole process, static"] = round(python_ms / static_ms, 1)
            print(name, json.dumps(results[name], indent=1))
        results["input size (bytes) of the 10,000-member answer"] = os.path.getsize(answer)
        # Memory: a ~45 MB answer (the size the issue measured at 835 MB), one run, peak RSS of the process.
        large = os.path.join(directory, "large.json")
        with open(large, "w", encoding="utf-8") as handle:
            json.dump(members_answer(150_000), handle)
        process = subprocess.Popen([ours, "validate", "--max-instance-size", "64", "--spec", SPEC, "--operation",
                                    "listMembers", "--status", "200", large], stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        results["large answer"] = {"bytes": os.path.getsize(large), "peak RSS (MiB)": round(usage.ru_maxrss / 1024, 1),
                                   "exit status": os.waitstatus_to_exitcode(status)}
        print("large answer", results["large answer"])
    results["runs"] = RUNS
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "validation.json"), "w", encoding="utf-8") as handle:
        json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
