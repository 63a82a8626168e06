#!/usr/bin/env python3
"""What the build plugin costs the people who use it (issue 15), side by side with swift-openapi-generator.

Four consumer packages (five with PYRUSKIT_BEFORE), each a library target `Pyrus` holding the Pyrus client and an executable that imports it:

- pyruskit        PyrusKit's build-tool plugin generates the client from the spec at build time;
- pyruskit-floor  the same target compiling the generated sources (Generated/) with no plugin;
- openapi         swift-openapi-generator's plugin (types + client, public) on the same spec;
- openapi-floor   the same target compiling swift-openapi-generator's output with no plugin.

Measurements for each, interleaved across packages so that all see the same load of the shared machine: a clean
build (dependencies resolved, everything else in .build removed); the first rebuild after it, which compiles the
dependencies' plugin scripts again; a no-op rebuild; and the rebuild after a one-word edit of an
operation's description (in the spec for the plugin packages; in the generated source that carries it for the
floors). PYRUSKIT_BEFORE names another PyrusKit checkout to measure beside this one. Debug builds, as a user's
first `swift build` is. Medians of RUNS runs after one unmeasured warm-up. Writes results/plugin-cost.json;
RESULTS.md §11 quotes it.

Usage: RUNS=5 python3 plugin_cost.py [WORKDIR]   (WORKDIR defaults to /tmp/pyruskit-plugin-cost)
"""
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# The PyrusKit the consumers depend on (by path): this checkout unless PYRUSKIT names another.
ROOT = os.path.abspath(os.environ.get("PYRUSKIT", os.path.dirname(HERE)))
SPEC = os.path.join(ROOT, "Spec", "pyrus-api.yaml")
RUNS = int(os.environ.get("RUNS", "3"))
# Another PyrusKit checkout (e.g. an earlier commit) to measure beside this one as `pyruskit-before`.
BEFORE = os.environ.get("PYRUSKIT_BEFORE")
WORK = sys.argv[1] if len(sys.argv) > 1 else "/tmp/pyruskit-plugin-cost"
# The edit: one word of listMembers' description, which every generator copies into a doc comment.
WORD, OTHER_WORD = "Returns every participant", "Returns each participant"
# What a clean build keeps: the resolved dependencies.
KEEP = {"checkouts", "repositories", "workspace-state.json", "artifacts"}

HEADER = """// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v15)],
"""

PACKAGES = {
    "pyruskit": {
        "dependencies": [f'.package(name: "PyrusKit", path: "{ROOT}")'],
        "products": ['.product(name: "APIRuntime", package: "PyrusKit")'],
        "plugin": '.plugin(name: "APICodegenPlugin", package: "PyrusKit")',
        # The module is `Pyrus`; PyrusKit names the client after the module name it is given, as Generated/ has it.
        "files": {"pyrus-api.yaml": None,
                  "api-codegen.json": '{"spec": "pyrus-api.yaml", "moduleName": "PyrusAPI"}\n'},
        "uses": "PyrusClient.self",
    },
    "pyruskit-floor": {
        "dependencies": [f'.package(name: "PyrusKit", path: "{ROOT}")'],
        "products": ['.product(name: "APIRuntime", package: "PyrusKit")'],
        "plugin": None,
        "files": {},
        "uses": "PyrusClient.self",
    },
    "openapi": {
        "dependencies": [
            '.package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3")',
            '.package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4")',
        ],
        "products": ['.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")'],
        "plugin": '.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")',
        # swift-openapi-generator finds its inputs among the target's sources, under fixed names.
        "files": {"openapi.yaml": None,
                  "openapi-generator-config.yaml": "generate:\n  - types\n  - client\naccessModifier: public\n"},
        "uses": "Client.self",
    },
    "openapi-floor": {
        "dependencies": ['.package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4")'],
        "products": ['.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")'],
        "plugin": None,
        "files": {},
        "uses": "Client.self",
    },
}


if BEFORE:
    PACKAGES["pyruskit-before"] = dict(
        PACKAGES["pyruskit"], dependencies=[f'.package(name: "PyrusKit", path: "{os.path.abspath(BEFORE)}")'])


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)


def create(name, package, generated):
    """Writes the consumer package `name`; `generated` lists the sources a floor compiles instead of the plugin."""
    # Not the name alone: a consumer named like the directory of the PyrusKit it depends on would share its identity.
    directory = os.path.join(WORK, "consumer-" + name)
    shutil.rmtree(directory, ignore_errors=True)
    plugins = f"plugins: [{package['plugin']}]" if package["plugin"] else ""
    # PyrusKit's inputs are excluded from the sources; swift-openapi-generator's must stay among them.
    exclude = [file for file in package["files"] if file.endswith(".json") or file == "pyrus-api.yaml"]
    manifest = HEADER + f"""    dependencies: [{", ".join(package["dependencies"])}],
    targets: [
        .target(
            name: "Pyrus",
            dependencies: [{", ".join(package["products"])}],
            exclude: {json.dumps(exclude)},
            {plugins}
        ),
        .executableTarget(name: "consumer", dependencies: ["Pyrus"]),
    ]
)
"""
    write(os.path.join(directory, "Package.swift"), manifest)
    target = os.path.join(directory, "Sources", "Pyrus")
    os.makedirs(target)
    for file, contents in package["files"].items():
        if contents is None:
            shutil.copy(SPEC, os.path.join(target, file))
        else:
            write(os.path.join(target, file), contents)
    # A target needs one source of its own for SwiftPM to build it; the plugin's output is not counted.
    write(os.path.join(target, "Pyrus.swift"), "// The Pyrus client.\n")
    for source in generated:
        shutil.copy(source, target)
    if not package["plugin"] and not generated:
        raise SystemExit(f"{name}: a floor needs the generated sources")
    write(os.path.join(directory, "Sources", "consumer", "main.swift"), f"import Pyrus\n\nprint({package['uses']})\n")
    return directory


def swift_build(directory):
    start = time.perf_counter()
    result = subprocess.run(["swift", "build"], cwd=directory, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"swift build failed in {directory}:\n{result.stdout}\n{result.stderr}")
    return elapsed


def clean(directory):
    build = os.path.join(directory, ".build")
    for entry in os.listdir(build) if os.path.isdir(build) else []:
        if entry in KEEP:
            continue
        path = os.path.join(build, entry)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path)
        else:
            os.remove(path)


def edit(directory):
    """Toggles the one word in every file that carries it: the spec, or the generated sources of a floor."""
    changed = 0
    for path in glob.glob(os.path.join(directory, "Sources", "Pyrus", "*")):
        if path.endswith(("api-codegen.json", "openapi-generator-config.yaml")):
            continue
        text = open(path, encoding="utf-8").read()
        if WORD in text:
            text = text.replace(WORD, OTHER_WORD)
        elif OTHER_WORD in text:
            text = text.replace(OTHER_WORD, WORD)
        else:
            continue
        write(path, text)
        changed += 1
    if changed == 0:
        raise SystemExit(f"{directory}: nothing carries the word to edit")


def main():
    os.makedirs(WORK, exist_ok=True)
    directories = {}
    # The plugin packages first: the openapi floor compiles what its plugin generated.
    directories["pyruskit"] = create("pyruskit", PACKAGES["pyruskit"], [])
    directories["openapi"] = create("openapi", PACKAGES["openapi"], [])
    if BEFORE:
        directories["pyruskit-before"] = create("pyruskit-before", PACKAGES["pyruskit-before"], [])
    warmup = {name: swift_build(path) for name, path in directories.items()}
    ours = sorted(glob.glob(os.path.join(ROOT, "Generated", "*.swift")))
    theirs = sorted(glob.glob(os.path.join(directories["openapi"], ".build", "plugins", "outputs", "**",
                                           "OpenAPIGenerator", "GeneratedSources", "*.swift"), recursive=True))
    if not theirs:
        raise SystemExit("swift-openapi-generator's plugin output was not found")
    directories["pyruskit-floor"] = create("pyruskit-floor", PACKAGES["pyruskit-floor"], ours)
    directories["openapi-floor"] = create("openapi-floor", PACKAGES["openapi-floor"], theirs)
    for name in ("pyruskit-floor", "openapi-floor"):
        warmup[name] = swift_build(directories[name])
    print("warm-up builds:", {name: round(seconds, 1) for name, seconds in warmup.items()}, flush=True)

    times = {name: {"clean": [], "first-rebuild": [], "noop": [], "edit": []} for name in directories}
    for run in range(RUNS):
        for name, directory in directories.items():
            clean(directory)
            times[name]["clean"].append(swift_build(directory))
            # The first build after a clean one compiles the dependencies' plugin scripts again; it is reported
            # apart, and the no-op figure is the build after it.
            times[name]["first-rebuild"].append(swift_build(directory))
            times[name]["noop"].append(swift_build(directory))
            edit(directory)
            times[name]["edit"].append(swift_build(directory))
            print(f"run {run + 1}/{RUNS} {name}: " + ", ".join(
                f"{kind} {values[-1]:.2f} s" for kind, values in times[name].items()), flush=True)

    summary = {
        name: {kind: {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": values}
               for kind, values in kinds.items()}
        for name, kinds in times.items()
    }
    for kind in ("clean", "first-rebuild", "noop", "edit"):
        ours_ratio = summary["pyruskit"][kind]["median"] / summary["pyruskit-floor"][kind]["median"]
        theirs_ratio = summary["openapi"][kind]["median"] / summary["openapi-floor"][kind]["median"]
        print(f"{kind:6} " + "  ".join(f"{name} {summary[name][kind]['median']:.2f} s" for name in directories)
              + f"  | PyrusKit ÷ its floor {ours_ratio:.3f}, swift-openapi-generator ÷ its floor {theirs_ratio:.3f}")
    output = os.path.join(HERE, "results", "plugin-cost.json")
    with open(output, "w", encoding="utf-8") as file:
        json.dump({"runs": RUNS, "swift": subprocess.run(["swift", "--version"], capture_output=True,
                                                         text=True).stdout.strip(), "results": summary},
                  file, indent=2)
        file.write("\n")
    print("wrote", output)


if __name__ == "__main__":
    main()
