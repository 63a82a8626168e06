#!/usr/bin/env python3
"""Differential test: APISpec's validator against Python's jsonschema and jsonschema-rs (Draft 2020-12) on the same
instances.

Turns components/schemas of a spec into one JSON Schema 2020-12 document, builds instances from seeds and from
systematic mutations of them (drop a required field, change a type, add an unknown field, null, a string for a
boolean, an unknown enum value, nested arrays, ...), validates every instance with both validators (ours through
`api-codegen validate --format json`) and fails on any disagreement about validity. Two specs: Spec/pyrus-api.yaml
with the fixtures as seeds, and Tests/differential/keywords.yaml (every 2020-12 applicator and assertion the
generator has no Swift type for) with keywords-seeds.json. Then the JSON-Schema-Test-Suite's optional tests
(fetched by Tests/scripts/fetch-json-schema-test-suite.sh), formats asserted: ours (through the CLI, each schema in
an OpenAPI document) must give the suite's verdict on every test, and the verdicts of both other validators are
compared with ours and counted. jsonschema-rs is required when REQUIRE_JSONSCHEMA_RS=1 (CI sets it).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

import yaml
from jsonschema import Draft202012Validator, FormatChecker

try:
    import jsonschema_rs
except ImportError:
    jsonschema_rs = None

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC = os.path.join(ROOT, "Spec", "pyrus-api.yaml")
FIXTURES = os.path.join(ROOT, "Tests", "Fixtures")
KEYWORDS_SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keywords.yaml")
KEYWORDS_SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "keywords-seeds.json")
MINIMUM_INSTANCES = 300


def json_schema_document(spec):
    """components/schemas as $defs, with every $ref pointed at them."""
    def rewrite(node):
        if isinstance(node, dict):
            return {key: (value.replace("#/components/schemas/", "#/$defs/") if key == "$ref" else rewrite(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(value) for value in node]
        return node
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": rewrite(spec["components"]["schemas"])}


def schema_names_by_fixture(spec):
    """operationId.status / operationId.request -> the component schema name it refers to."""
    names = {}
    for item in spec["paths"].values():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            op = operation["operationId"]
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                names[f"{op}.request"] = body["$ref"].rsplit("/", 1)[1]
            for status, response in operation.get("responses", {}).items():
                if "$ref" in response:
                    response = spec["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
                schema = response.get("content", {}).get("application/json", {}).get("schema")
                if schema:
                    names[f"{op}.{status}"] = schema["$ref"].rsplit("/", 1)[1]
    return names


def base_instances(spec):
    names = schema_names_by_fixture(spec)
    result = []
    for name in sorted(os.listdir(FIXTURES)):
        if name.endswith(".json"):
            parts = name.split(".")
            result.append((names[f"{parts[0]}.{parts[1]}"], load(os.path.join(FIXTURES, name))))
    invalid = os.path.join(FIXTURES, "invalid")
    for name in sorted(os.listdir(invalid)):
        if name.endswith(".json"):
            result.append((name.split(".")[0], load(os.path.join(invalid, name))))
    return result


def load(path):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def paths(value, prefix=()):
    """Every location in a JSON value, depth first."""
    yield prefix
    if isinstance(value, dict):
        for key, child in value.items():
            yield from paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from paths(child, prefix + (index,))


def replaced(value, path, new):
    if not path:
        return new
    copied = copy.deepcopy(value)
    target = copied
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = new
    return copied


def get(value, path):
    for step in path:
        value = value[step]
    return value


def mutations(instance):
    """Systematic mutations of one instance: the kinds of mistake a server or a client makes."""
    for path in paths(instance):
        current = get(instance, path)
        for new in (None, "x", 1, 1.5, True, [], {}, [current], "true", "bot"):
            if new != current or type(new) is not type(current):
                yield replaced(instance, path, new)
        if isinstance(current, dict):
            for key in current:
                smaller = copy.deepcopy(current)
                del smaller[key]
                yield replaced(instance, path, smaller)
            larger = copy.deepcopy(current)
            larger["unknown_field"] = 1
            yield replaced(instance, path, larger)
        if isinstance(current, list):
            yield replaced(instance, path, current + ["1"])
            yield replaced(instance, path, current + [[1]])
        if isinstance(current, bool):
            yield replaced(instance, path, "maybe")
            yield replaced(instance, path, str(current).lower())
        if isinstance(current, int) and not isinstance(current, bool):
            yield replaced(instance, path, -current - 1)
            yield replaced(instance, path, float(current))
        if isinstance(current, str):
            yield replaced(instance, path, "")
            yield replaced(instance, path, "Unknown" + current)


def api_codegen():
    binary = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    path = os.path.join(binary, "api-codegen")
    if not os.path.exists(path):
        sys.exit(f"error: {path} is missing; run `swift build` first")
    return path


def compare(spec_path, seeds, binary):
    """Validates every seed and mutation with both validators; returns (instance count, disagreements)."""
    with open(spec_path, encoding="utf-8") as handle:
        spec = yaml.safe_load(handle)
    document = json_schema_document(spec)
    instances = []
    seen = set()
    for schema, base in seeds:
        for instance in [base, *mutations(base)]:
            key = (schema, json.dumps(instance, sort_keys=True))
            if key not in seen:
                seen.add(key)
                instances.append((schema, instance))

    expected = []
    others = []  # jsonschema-rs's verdicts, when it is installed
    for schema, instance in instances:
        validator = Draft202012Validator({**document, "$ref": f"#/$defs/{schema}"})
        expected.append(validator.is_valid(instance))
        if jsonschema_rs is not None:
            others.append(jsonschema_rs.Draft202012Validator({**document, "$ref": f"#/$defs/{schema}"})
                          .is_valid(instance))

    actual = [None] * len(instances)
    with tempfile.TemporaryDirectory() as directory:
        by_schema = {}
        for index, (schema, instance) in enumerate(instances):
            path = os.path.join(directory, f"{index}.json")
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(instance, handle)
            by_schema.setdefault(schema, []).append((index, path))
        for schema, files in sorted(by_schema.items()):
            run = subprocess.run([binary, "validate", "--spec", spec_path, "--schema", schema, "--format", "json",
                                  *[path for _, path in files]], capture_output=True, text=True)
            if run.returncode not in (0, 1):
                sys.exit(f"error: api-codegen validate exited {run.returncode}: {run.stderr}{run.stdout}")
            for (index, _), result in zip(files, json.loads(run.stdout)):
                actual[index] = result["valid"]

    disagreements = [(instances[i], expected[i], actual[i]) for i in range(len(instances)) if expected[i] != actual[i]]
    for i, verdict in enumerate(others):
        if verdict != actual[i]:
            disagreements.append((instances[i], verdict, actual[i]))
            print(f"  jsonschema-rs disagrees on {instances[i][0]}: {json.dumps(instances[i][1])[:200]}")
    valid = sum(expected)
    print(f"differential ({os.path.relpath(spec_path, ROOT)}): {len(instances)} instances ({valid} valid, "
          f"{len(instances) - valid} invalid) over {len({s for s, _ in instances})} schemas; "
          f"{len(disagreements)} disagreements with jsonschema"
          + (" and jsonschema-rs" if others else " (jsonschema-rs not installed)"))
    for (schema, instance), wanted, got in disagreements[:20]:
        print(f"  {schema}: jsonschema says {'valid' if wanted else 'invalid'}, APISpec says "
              f"{'valid' if got else 'invalid'}: {json.dumps(instance)}")
    return len(instances), len(disagreements)


SUITE = os.path.join(ROOT, ".build", "json-schema-test-suite")


def suite_verdicts(binary):
    """The optional 2020-12 tests, formats asserted: (ours wrong vs the suite, counts of agreement per validator)."""
    wrong = []
    agree = {"jsonschema-rs": [0, 0], "jsonschema": [0, 0]}
    python_differs = {}
    remotes = os.path.join(SUITE, "remotes")

    def remote(uri):
        """The suite's remotes, offline, for the other two validators (ours reads them by --schema-dir)."""
        prefix = "http://localhost:1234/"
        if not uri.startswith(prefix):
            raise ValueError(f"{uri} is not a remote of the suite")
        return load(os.path.join(remotes, uri[len(prefix):]))

    from referencing import Registry, Resource
    python_registry = Registry(retrieve=lambda uri: Resource.from_contents(remote(uri)))
    optional = os.path.join(SUITE, "tests", "draft2020-12", "optional")
    names = sorted(os.path.relpath(os.path.join(d, f), optional) for d, _, fs in os.walk(optional) for f in fs
                   if f.endswith(".json"))
    with tempfile.TemporaryDirectory() as directory:
        for name in names:
            is_format = name.startswith("format/")
            groups = load(os.path.join(optional, name))
            for number, group in enumerate(groups):
                schema = group["schema"]
                if isinstance(schema, dict) and "$id" not in schema:
                    schema = {**schema, "$id": f"https://suite.invalid/{name}/{number}/schema.json"}
                spec_path = os.path.join(directory, "spec.json")
                with open(spec_path, "w", encoding="utf-8") as handle:
                    json.dump({"openapi": "3.1.0", "info": {"title": "suite", "version": "1"}, "paths": {},
                               "components": {"schemas": {"S": schema}}}, handle)
                files = []
                for index, test in enumerate(group["tests"]):
                    path = os.path.join(directory, f"{index}.json")
                    with open(path, "w", encoding="utf-8") as handle:
                        json.dump(test["data"], handle)
                    files.append(path)
                run = subprocess.run([binary, "validate", "--spec", spec_path, "--schema", "S", "--format", "json",
                                      "--schema-dir", f"http://localhost:1234/={remotes}",
                                      *(["--assert-format"] if is_format else []), *files],
                                     capture_output=True, text=True)
                results = json.loads(run.stdout) if run.stdout.strip().startswith("[") else []
                for index, test in enumerate(group["tests"]):
                    ours = results[index].get("valid") if index < len(results) else None
                    if ours != test["valid"]:
                        wrong.append(f"{name} «{group['description']}» «{test['description']}»: ours {ours}")
                    if jsonschema_rs is not None:
                        try:
                            theirs = jsonschema_rs.validator_for(group["schema"], validate_formats=is_format,
                                                                 retriever=remote) \
                                .is_valid(test["data"])
                        except Exception:  # a schema it cannot compile (a remote it cannot fetch offline)
                            theirs = None
                        agree["jsonschema-rs"][0 if theirs == ours else 1] += 1
                        if theirs != ours:
                            print(f"  jsonschema-rs differs: {name} «{group['description']}» «{test['description']}»: "
                                  f"theirs {theirs}, ours {ours}, the suite's {test['valid']}")
                    try:
                        checker = FormatChecker() if is_format else None
                        theirs = Draft202012Validator(group["schema"], format_checker=checker,
                                                      registry=python_registry).is_valid(test["data"])
                    except Exception:
                        theirs = None
                    agree["jsonschema"][0 if theirs == ours else 1] += 1
                    if theirs != ours:
                        python_differs[name] = python_differs.get(name, 0) + 1
    if python_differs:
        # Python jsonschema leaves some formats unchecked (and some checks to optional packages, which CI installs
        # with `jsonschema[format]`): where it differs from ours, the file and the count, ours being the suite's.
        print("  jsonschema differs on: " + ", ".join(f"{name} {count}" for name, count in sorted(python_differs.items())))
    return wrong, agree


def main():
    binary = api_codegen()
    if jsonschema_rs is None and os.environ.get("REQUIRE_JSONSCHEMA_RS") == "1":
        sys.exit("error: jsonschema-rs is not installed (pip install jsonschema-rs)")
    with open(SPEC, encoding="utf-8") as handle:
        pyrus_seeds = base_instances(yaml.safe_load(handle))
    with open(KEYWORDS_SEEDS, encoding="utf-8") as handle:
        keyword_seeds = [(schema, seed) for schema, seeds in sorted(json.load(handle).items()) for seed in seeds]
    failed = False
    for spec_path, seeds in ((SPEC, pyrus_seeds), (KEYWORDS_SPEC, keyword_seeds)):
        count, disagreements = compare(spec_path, seeds, binary)
        if count < MINIMUM_INSTANCES:
            print(f"error: only {count} instances; the differential test needs at least {MINIMUM_INSTANCES}")
            failed = True
        failed = failed or disagreements > 0
    if os.path.isdir(SUITE):
        wrong, agree = suite_verdicts(binary)
        total = sum(agree["jsonschema"])
        print(f"optional suite: {total} tests; ours differs from the suite on {len(wrong)}; "
              + "; ".join(f"{name} agrees with ours on {counts[0]} and differs on {counts[1]}"
                          for name, counts in agree.items() if sum(counts)))
        for line in wrong[:20]:
            print("  " + line)
        failed = failed or bool(wrong)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
