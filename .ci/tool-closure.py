#!/usr/bin/env python3
"""Prints the targets the build plugin's tool depends on, transitively, from `swift package describe --type json`
(read on standard input), with the products of other packages; fails if the closure holds the validator or the diff.
A package applying APICodegenPlugin compiles exactly this closure for the tool."""
import json
import sys

FORBIDDEN = {"JSONSchemaValidation", "SpecValidation", "APISpec", "APISpecDiff", "ArgumentParser"}
description = json.load(sys.stdin)
targets = {target["name"]: target for target in description["targets"]}
closure, products, queue = [], set(), ["api-codegen-build-tool"]
while queue:
    name = queue.pop()
    if name in closure:
        continue
    closure.append(name)
    target = targets[name]
    queue += target.get("target_dependencies", [])
    products.update(target.get("product_dependencies", []))
print("api-codegen-build-tool depends on:", ", ".join(sorted(closure[1:])),
      "| products of other packages:", ", ".join(sorted(products)) or "none")
if found := FORBIDDEN & (set(closure) | products):
    sys.exit(f"error: the plugin's tool depends on {', '.join(sorted(found))}, which generation does not need")
