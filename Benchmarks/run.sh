#!/usr/bin/env bash
# Reproduces every figure of RESULTS.md: builds both generators and the benchmark in release, then runs bench.py.
# QUICK=1 runs each measurement once or twice and skips the 5,000-schema spec (for a smoke test); RUNS sets
# plugin_cost.py's runs (3 by default).
set -euo pipefail
cd "$(dirname "$0")"
python3 -c 'import matplotlib' 2>/dev/null || python3 -m pip install --quiet matplotlib
(cd .. && swift build -c release --product api-codegen && swift build -c release --product api-codegen-build-tool)
(cd .. && swift build -c release --product api-codegen --static-swift-stdlib --scratch-path .build-static)
swift build -c release --product swift-openapi-generator
swift build -c release --product pyrus-bench
python3 bench.py
python3 validate_bench.py
# §11, the plugin's cost to a consumer package (about 20 minutes; it builds consumer packages in debug).
python3 plugin_cost.py
