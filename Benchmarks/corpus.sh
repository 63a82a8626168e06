#!/usr/bin/env bash
# Generates and compiles every real spec of ../shared/corpus (36 public specs; see its SOURCES.md) and the
# multi-file apify spec of ../shared/corpus-multifile, with a debug api-codegen built from this checkout, through
# the shared runner ../shared/tools/corpus.sh. The specs are never copied into this repository: without the
# ../shared folder the script says so and exits 0. Run by hand (about 6 minutes on 2 cores); results go to
# Benchmarks/RESULTS.md.
#   bash Benchmarks/corpus.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [[ ! -d $shared/corpus || ! -x $shared/tools/corpus.sh ]]; then
    echo "corpus.sh: no $shared/corpus (or $shared/tools/corpus.sh) beside this checkout; nothing to run"
    exit 0
fi
work=${1:-/tmp/pyruskit-corpus}
swift build --product api-codegen
bin=$(swift build --product api-codegen --show-bin-path)/api-codegen
mkdir -p "$work"
cp "$bin" "$work/api-codegen"
bash "$shared/tools/corpus.sh" "$work/api-codegen" . "$work/single"
if [[ -f $shared/corpus-multifile/apify/openapi.yaml ]]; then
    # One spec in 407 files: the runner reads the folder's top-level specs only, which is the root one.
    CORPUS_DIR=$shared/corpus-multifile/apify bash "$shared/tools/corpus.sh" "$work/api-codegen" . "$work/multi"
fi
