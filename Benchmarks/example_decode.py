#!/usr/bin/env python3
"""Do the examples real specs carry decode with the types generated from them, and encode back the same?

For every spec in a directory (default: ../shared/corpus), the `example`s and `examples` of its component schemas,
objects assembled from their properties' examples, and the examples of JSON responses whose schema is a `$ref` to
a component, are first validated against their schema
with `api-codegen validate --fixtures` (an example the spec's own schema rejects says nothing about the generator;
those are counted and skipped). Each valid example is then decoded with the generated Swift type, encoded again,
and compared with the example as JSON values (numbers by value, objects without order). A valid example that does
not decode, or comes back different, or decodes into a discriminated enum's `.unknown` case, is a finding.

Usage: python3 example_decode.py API_CODEGEN [SPEC_DIR or a file listing specs] [WORKDIR]
(run by hand; results in RESULTS.md §16)
"""
import datetime
import json
import pathlib
import re
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
API_CODEGEN = pathlib.Path(sys.argv[1]).resolve()
SPEC_DIR = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else ROOT.parent / "shared" / "corpus").resolve()
WORK = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "/tmp/pyruskit-examples").resolve()


class Loader(yaml.SafeLoader):
    """YAML without YAML 1.1's timestamps: `2020-01-01` stays the string JSON has."""


Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def module_name(spec: pathlib.Path) -> str:
    return "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", spec.stem) if part) + "Examples"


def examples_of(document: dict) -> list[tuple[str, object]]:
    """(component name, example) pairs: schema examples, objects made of their properties' examples, and JSON
    response examples of `$ref` schemas."""
    found = []
    # A Swagger 2.0 document (read as the OpenAPI 3.0 one it converts to) keeps its schemas in `definitions`.
    swagger = "swagger" in document
    schemas = (document.get("definitions") if swagger else (document.get("components") or {}).get("schemas")) or {}
    for name, schema in schemas.items():
        if not isinstance(schema, dict):
            continue
        if "example" in schema:
            found.append((name, schema["example"]))
        if isinstance(schema.get("examples"), list):
            found.extend((name, value) for value in schema["examples"])
    prefix = "#/definitions/" if swagger else "#/components/schemas/"
    # An object assembled from its properties' examples (and the examples of the components they refer to), where
    # every required property has one: what generators and mock servers make of a spec's examples.
    for name, schema in schemas.items():
        if not isinstance(schema, dict) or "example" in schema or not isinstance(schema.get("properties"), dict):
            continue
        assembled = {}
        for property_name, property_schema in schema["properties"].items():
            if not isinstance(property_schema, dict):
                continue
            if "example" in property_schema:
                assembled[property_name] = property_schema["example"]
            elif str(property_schema.get("$ref", "")).startswith(prefix):
                target = schemas.get(property_schema["$ref"][len(prefix):].replace("~1", "/").replace("~0", "~"))
                if isinstance(target, dict) and "example" in target:
                    assembled[property_name] = target["example"]
        required = schema.get("required") if isinstance(schema.get("required"), list) else []
        if assembled and all(property_name in assembled for property_name in required):
            found.append((name, assembled))
    for item in (document.get("paths") or {}).values():
        for operation in (item or {}).values() if isinstance(item, dict) else []:
            if not isinstance(operation, dict):
                continue
            for response in (operation.get("responses") or {}).values():
                if not isinstance(response, dict):
                    continue
                if swagger:
                    # Swagger's `schema` and `examples` by media type, as the conversion makes them `content`.
                    response = {"content": {media_type: {"schema": response.get("schema") or {}, "example": value}
                                            for media_type, value in (response.get("examples") or {}).items()}}
                for media_type, media in (response.get("content") or {}).items():
                    if "json" not in media_type or not isinstance(media, dict):
                        continue
                    reference = (media.get("schema") or {}).get("$ref", "")
                    if not reference.startswith(prefix) or "/" in reference[len(prefix):]:
                        continue
                    name = reference[len(prefix):].replace("~1", "/").replace("~0", "~")
                    if "example" in media:
                        found.append((name, media["example"]))
                    for example in (media.get("examples") or {}).values():
                        if isinstance(example, dict) and "value" in example:
                            found.append((name, example["value"]))
    return found


def swift_types(directory: pathlib.Path) -> dict[str, str]:
    """Component name → the top-level Swift type generated for it, from the `Spec:` line above each declaration."""
    types = {}
    declaration = re.compile(r"^public (?:indirect )?(?:struct|enum|typealias) (`?\w+`?)")
    for file in sorted(directory.glob("*.swift")):
        pending = None
        for line in file.read_text().splitlines():
            spec = re.match(r"^/// Spec: `#/components/schemas/([^`]+)`\.$", line)
            if spec:
                pending = spec.group(1).replace("~1", "/").replace("~0", "~")
            elif pending and (match := declaration.match(line)):
                types[pending] = match.group(1)
                pending = None
            elif not line.startswith("///") and not line.startswith("@"):
                pending = None
    return types


def alike(back: object, sent: object) -> bool:
    """The same JSON values, where strings may spell the same instant or UUID otherwise."""
    if isinstance(back, dict) and isinstance(sent, dict):
        return back.keys() == sent.keys() and all(alike(back[key], sent[key]) for key in back)
    if isinstance(back, list) and isinstance(sent, list):
        return len(back) == len(sent) and all(alike(a, b) for a, b in zip(back, sent))
    if isinstance(back, str) and isinstance(sent, str) and back != sent:
        if re.fullmatch(r"[0-9a-fA-F-]{36}", sent) and back.lower() == sent.lower():
            return True
        try:
            return datetime.datetime.fromisoformat(back) == datetime.datetime.fromisoformat(sent)
        except ValueError:
            return False
    return back == sent


def literal(text: str) -> str:
    hashes = "#" * (max((len(m) for m in re.findall(r'"(#*)', text)), default=0) + 1)
    return f'{hashes}"{text}"{hashes}'


def main() -> int:
    harness = WORK / "harness"
    sources = harness / "Sources"
    subprocess.run(["rm", "-rf", str(sources)], check=True)
    sources.mkdir(parents=True)
    checks, modules, invalid, skipped = [], [], 0, 0
    # A directory of specs, or a file that lists them a line each (heldout.sh's specs.txt).
    specs = ([pathlib.Path(line) for line in SPEC_DIR.read_text().splitlines() if line] if SPEC_DIR.is_file()
             else sorted(SPEC_DIR.glob("*.yaml")) + sorted(SPEC_DIR.glob("*.json")))
    for number, spec in enumerate(specs):
        try:
            text = spec.read_text()
            document = json.loads(text) if spec.suffix == ".json" else yaml.load(text, Loader=Loader)
            found = [(name, value) for name, value in examples_of(document) if "." not in name]
        except Exception:  # Not a spec this script reads: the generator's own runs say what is wrong with it.
            continue
        if not found:
            continue
        module = module_name(spec) + (str(number) if SPEC_DIR.is_file() else "")
        output = sources / module
        generated = subprocess.run([str(API_CODEGEN), "generate", str(spec), "--output", str(output),
                                    "--module-name", module], capture_output=True, text=True)
        if generated.returncode != 0:
            print(f"{spec.name}: does not generate", file=sys.stderr)
            continue
        fixtures = WORK / "fixtures" / module
        subprocess.run(["rm", "-rf", str(fixtures)], check=True)
        fixtures.mkdir(parents=True)
        for index, (name, value) in enumerate(found):
            (fixtures / f"{name}.example{index}.json").write_text(json.dumps(value))
        report = subprocess.run([str(API_CODEGEN), "validate", "--spec", str(spec), "--fixtures", str(fixtures)],
                                capture_output=True, text=True).stdout
        valid = set(re.findall(r"\.example(\d+)\.json: valid against", report))
        types = swift_types(output)
        cases = []
        for index, (name, value) in enumerate(found):
            if str(index) not in valid:
                invalid += 1
            elif name not in types:
                skipped += 1
            else:
                identifier = f"{spec.name}#{name}#{index}"
                checks.append((identifier, value))
                cases.append(f"        ({literal(identifier)}, {literal(json.dumps(value))}, "
                             f"{{ try roundTrip({module}.{types[name]}.self, $0) }}),")
        modules.append(module)
        (sources / "ExampleCheck").mkdir(exist_ok=True)
        (sources / "ExampleCheck" / f"{module}.swift").write_text(
            f"import APIRuntime\nimport Foundation\nimport {module}\n\n"
            f"func {module[0].lower() + module[1:]}() -> [Case] {{\n    [\n" + "\n".join(cases) + "\n    ]\n}\n")
    (sources / "ExampleCheck" / "main.swift").write_text(
        "import APIRuntime\nimport Foundation\n\n"
        "typealias Case = (String, String, (Data) throws -> (Data, Data, Bool))\n\n"
        "/// Decodes, and encodes again, with every property and as a request body; whether the value holds a variant\n"
        "/// the spec does not list.\n"
        "func roundTrip<T: Codable>(_ type: T.Type, _ data: Data) throws -> (Data, Data, Bool) {\n"
        "    let value = try JSONCoding.makeDecoder().decode(T.self, from: data)\n"
        "    return (\n"
        "        try JSONCoding.makeEncoder().encode(value), try JSONCoding.makeEncoder(leavingOutDefaults: true).encode(value),\n"
        "        String(reflecting: value).contains(\".unknown(\"))\n"
        "}\n\n"
        "for (identifier, json, check) in [" + ", ".join(m[0].lower() + m[1:] + "()" for m in modules) + "].joined() {\n"
        "    do {\n"
        "        let (data, lean, unknown) = try check(Data(json.utf8))\n"
        "        let texts = [data, lean].map { String(decoding: $0, as: UTF8.self) }.joined(separator: \"\\t\")\n"
        "        print(\"OUT\\t\\(identifier)\\t\\(unknown)\\t\\(texts)\")\n"
        "    } catch {\n"
        "        print(\"ERR\\t\\(identifier)\\t\\(String(describing: error).replacingOccurrences(of: \"\\n\", with: \" \"))\")\n"
        "    }\n"
        "}\n")
    targets = "".join(f'    .target(name: "{m}", dependencies: runtime),\n' for m in modules)
    (harness / "Package.swift").write_text(
        "// swift-tools-version: 6.0\n// Written by example_decode.py.\nimport PackageDescription\n"
        'let runtime: [Target.Dependency] = [.product(name: "APIRuntime", package: "PyrusKit")]\n'
        'let package = Package(name: "ExampleHarness", platforms: [.macOS(.v15)],\n'
        f'  dependencies: [.package(name: "PyrusKit", path: "{ROOT}")],\n  targets: [\n{targets}'
        '    .executableTarget(name: "ExampleCheck", dependencies: runtime + ['
        + ", ".join(f'"{m}"' for m in modules) + "]),\n  ])\n")
    built = subprocess.run(["swift", "build", "--package-path", str(harness)], capture_output=True, text=True)
    if built.returncode != 0:
        print(built.stdout[-4000:], built.stderr[-2000:], file=sys.stderr)
        return 2
    ran = subprocess.run([str(harness / ".build" / "debug" / "ExampleCheck")], capture_output=True, text=True)
    expected = dict(checks)
    failures = respelled = 0
    for line in ran.stdout.splitlines():
        kind, identifier, *rest = line.split("\t")
        if kind == "ERR":
            failures += 1
            print(f"does not decode: {identifier}: {rest[0][:400]}")
        elif rest[0] == "true":
            failures += 1
            print(f"decodes as a variant the spec does not list: {identifier}")
        elif expected[identifier] not in (back := json.loads(rest[1]), lean := json.loads(rest[2])):
            # Back the same with every property, or as a request body leaves out what holds its default.
            same = alike(back, expected[identifier]) or alike(lean, expected[identifier])
            respelled += same
            failures += not same
            print(f"comes back {'respelled' if same else 'different'}: {identifier}\n"
                  f"  sent: {json.dumps(expected[identifier])[:300]}\n  back: {rest[1][:300]}")
    print(f"{len(checks) - failures - respelled}/{len(checks)} valid examples decode and encode back the same (with every property, or as a request body), "
          f"{respelled} the same values spelled otherwise (a date's instant, a UUID's case); {invalid} examples their "
          f"own schema rejects and {skipped} without a top-level type are not checked")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
