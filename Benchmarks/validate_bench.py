#!/usr/bin/env python3
"""Fixture validation: `api-codegen validate` (release build, and linked statically as README installs it) against
Python's jsonschema and jsonschema-rs (Rust, the fastest validator there is) on the same inputs, in the same
interleaved run. Two inputs: a 10,000-member `GET /members` answer, and the whole Tests/Fixtures directory. Each
tool runs as a whole process (start-up, loading the spec, reading the JSON, validating, reporting every
violation), several times; medians are reported. Validation alone is measured too, in process, on an instance
parsed before the timer: ours by `validate-bench` (Sources/validate-bench, an `InstanceValidator` reused across
runs), theirs inside the Python process. jsonschema-rs is installed from PyPI here, never in CI's required path.
Writes results/validation.json; RESULTS.md §10 quotes it.
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
if os.environ.get("VALIDATOR") == "rs":
    import jsonschema_rs
    def Draft202012Validator(schema):
        return jsonschema_rs.Draft202012Validator(schema)
else:
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
validators = {}
for name, instance in pairs:
    if name not in validators:
        validators[name] = Draft202012Validator({"$defs": defs, "$ref": "#/$defs/" + name})
    errors += len(list(validators[name].iter_errors(instance)))
done = time.perf_counter()
# Validation alone, again, with the validators compiled: the median of several runs on the parsed instances.
runs = []
for _ in range(int(os.environ.get("INNER_RUNS", "1"))):
    begin = time.perf_counter()
    for name, instance in pairs:
        for _error in validators[name].iter_errors(instance):
            pass
    runs.append((time.perf_counter() - begin) * 1000)
runs.sort()
print(json.dumps({"load_ms": (loaded - start) * 1000, "validate_ms": (done - loaded) * 1000, "errors": errors,
                  "validate_only_ms": runs[len(runs) // 2]}))
'''


def run(command, env=None):
    start = time.perf_counter()
    process = subprocess.run(command, capture_output=True, text=True, env=env)
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


def ensure_jsonschema_rs():
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "jsonschema-rs"], check=True)


def main():
    ensure_jsonschema_rs()
    ours = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT, check=True,
                                       capture_output=True, text=True).stdout.strip(), "api-codegen")
    subprocess.run(["swift", "build", "-c", "release", "--product", "validate-bench"], cwd=HERE, check=True,
                   capture_output=True)
    bench = os.path.join(subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=HERE, check=True,
                                        capture_output=True, text=True).stdout.strip(), "validate-bench")
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
        rs_env = dict(os.environ, VALIDATOR="rs")
        for name, (command, files) in cases.items():
            # Interleaved, so that every tool sees the same load of a shared machine.
            commands = {"ours": (command, None), "python": ([sys.executable, script, SPEC, *files], None),
                        "jsonschema-rs": ([sys.executable, script, SPEC, *files], rs_env)}
            if os.path.exists(OURS_STATIC):
                commands["static"] = ([OURS_STATIC, *command[1:]], None)
            samples = {key: [] for key in commands}
            inside = {"python": [], "jsonschema-rs": []}  # their own validation-only times, one per run
            for _ in range(RUNS):
                for key, (each, env) in commands.items():
                    elapsed, output = run(each, env)
                    samples[key].append(elapsed)
                    if key in inside:
                        inside[key].append(json.loads(output.strip().splitlines()[-1])["validate_ms"])
            medians = {key: statistics.median(values) for key, values in samples.items()}
            results[name] = {
                "api-codegen whole process (ms)": round(medians["ours"], 1),
                "python jsonschema whole process (ms)": round(medians["python"], 1),
                "jsonschema-rs whole process (ms)": round(medians["jsonschema-rs"], 1),
                "python jsonschema validation only (ms)": round(statistics.median(inside["python"]), 1),
                "jsonschema-rs validation only, first run (ms)": round(statistics.median(inside["jsonschema-rs"]), 1),
                "speed-up, whole process, vs python jsonschema": round(medians["python"] / medians["ours"], 1),
                "speed-up, whole process, vs jsonschema-rs": round(medians["jsonschema-rs"] / medians["ours"], 2),
            }
            if "static" in medians:
                results[name]["api-codegen linked statically, whole process (ms)"] = round(medians["static"], 1)
                results[name]["speed-up, whole process, static, vs jsonschema-rs"] = round(
                    medians["jsonschema-rs"] / medians["static"], 2)
            print(name, json.dumps(results[name], indent=1))
        # Validation alone, in process, on the parsed 10,000-member answer: medians of 15 runs each, interleaved.
        ours_inside, theirs_inside = [], []
        theirs_env = dict(os.environ, VALIDATOR="rs", INNER_RUNS="15")
        for _ in range(RUNS):
            _, output = run([bench, SPEC, "listMembers", "200", answer, "15"], None)
            ours_inside.append(json.loads(output))
            _, output = run([sys.executable, script, SPEC, answer], theirs_env)
            theirs_inside.append(json.loads(output.strip().splitlines()[-1])["validate_only_ms"])
        results["validation only, in process, 10,000-member answer"] = {
            "ours: parse (ms)": round(statistics.median(r["parse_ms"] for r in ours_inside), 2),
            "ours: validate, every violation (ms)": round(statistics.median(r["validate_ms"] for r in ours_inside), 2),
            "ours: isValid (ms)": round(statistics.median(r["is_valid_ms"] for r in ours_inside), 2),
            "jsonschema-rs: iter_errors (ms)": round(statistics.median(theirs_inside), 2),
        }
        print(json.dumps(results["validation only, in process, 10,000-member answer"], indent=1))
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
