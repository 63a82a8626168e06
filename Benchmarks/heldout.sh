#!/usr/bin/env bash
# Specs nobody here wrote: the OpenAPI test specs that other tools ship in their source distributions on PyPI
# (datamodel-code-generator, openapi-core, openapi-spec-validator, prance, openapi-python-client,
# fastapi-code-generator, schemathesis, openapi-pydantic, drf-spectacular, openapi-to-fastapi, swagger-parser,
# drf-yasg, apiflask), the specs of Apache Airflow's REST API in its source (FastAPI's output, OpenAPI 3.1), fetched
# at run time with pip and never committed, the test specs of Go's OpenAPI tools and the specs of Kubernetes, the
# Docker Engine and LXD from Debian's packages and source packages, and, where the machine has the mirror of Swift
# packages, those of swift-openapi-generator's examples and OpenAPIKit's test inputs. Each is generated with a debug
# api-codegen of this checkout; every generated module is then compiled against APIRuntime in one harness package
# (so the dependencies build once and the modules build in parallel).
# Prints the specs refused, with their first error, the modules that do not compile, and a last line "N/M specs
# generate; K/N compile with W warnings". Run by hand (about 20 minutes on 2 cores, most of it GitHub's and Stripe's
# specs; HELDOUT_MAX_BYTES=2000000 leaves them out); results go to Benchmarks/RESULTS.md §16.
#   bash Benchmarks/heldout.sh [WORKDIR]
set -uo pipefail
cd "$(dirname "$0")/.."
project=$(pwd)
work=$(realpath -m "${1:-/tmp/pyruskit-heldout}")
mkdir -p "$work/sdists" "$work/logs"
packages=(datamodel-code-generator openapi-core openapi-spec-validator prance openapi-python-client
    fastapi-code-generator schemathesis openapi-pydantic drf-spectacular openapi-to-fastapi apache-airflow-core
    swagger-parser drf-yasg apiflask jupyter-server jupyterhub flasgger localstack-core)
for package in "${packages[@]}"; do
    ls "$work/sdists/" | grep -qi "^${package//-/[-_]}-" && continue
    # Without build isolation first (no build backend to install); some sdists need theirs to say their metadata.
    pip download --quiet --no-binary :all: --no-deps --no-build-isolation "$package" -d "$work/sdists" 2> /dev/null \
        || pip download --quiet --no-binary :all: --no-deps "$package" -d "$work/sdists" \
        || { echo "heldout.sh: pip could not fetch $package" >&2; exit 1; }
done
# Real APIs' specs that a package ships only in its wheel: Tapis's 16 services (tapipy).
wheels=(tapipy)
for package in "${wheels[@]}"; do
    ls "$work/sdists/" | grep -qi "^${package//-/[-_]}-.*\.whl$" && continue
    pip download --quiet --only-binary :all: --no-deps "$package" -d "$work/sdists" \
        || { echo "heldout.sh: pip could not fetch $package" >&2; exit 1; }
done
rm -rf "$work/src" && mkdir -p "$work/src"
for archive in "$work"/sdists/*.tar.gz; do tar -xzf "$archive" -C "$work/src"; done
for wheel in "$work"/sdists/*.whl; do
    [[ -e $wheel ]] && python3 -m zipfile -e "$wheel" "$work/src/$(basename "$wheel" .whl)"
done
# The test specs of Go's OpenAPI tools (kin-openapi, go-openapi's spec, loads, analysis and validate, kube-openapi),
# from Debian's packages: fetched with apt-get download (no install) and unpacked; HELDOUT_DEBIAN=0 leaves them out.
# go-openapi's validate fixtures include specs that are invalid on purpose, so not all of them generate.
# Beside them, packages that install a real API's spec, or an example's: Netdata's, Ceph's dashboard, CrowdSec's
# local API, Toil's workflow execution service, Jupyter's and JupyterLab's, webfakes' httpbin, plumber's test, go-openapi
# runtime's and grpc-gateway's fixtures, flasgger's examples.
debs=(golang-github-getkin-kin-openapi-dev golang-github-go-openapi-analysis-dev golang-github-go-openapi-loads-dev
    golang-github-go-openapi-spec-dev golang-github-go-openapi-validate-dev golang-k8s-kube-openapi-dev
    netdata-web ceph-mgr-dashboard golang-github-crowdsecurity-crowdsec-dev toil python3-notebook
    python3-jupyterlab-server r-cran-webfakes r-cran-plumber golang-github-go-openapi-runtime-dev
    golang-github-grpc-ecosystem-grpc-gateway-dev python3-flasgger)
if [[ ${HELDOUT_DEBIAN:-1} != 0 ]] && command -v apt-get > /dev/null; then
    mkdir -p "$work/debs" "$work/src/debian"
    if ! (cd "$work/debs" && apt-get download "${debs[@]}" > /dev/null 2>&1); then
        apt-get update -qq > /dev/null 2>&1
        (cd "$work/debs" && apt-get download "${debs[@]}" > /dev/null 2>&1) \
            || echo "heldout.sh: apt-get could not fetch Go's OpenAPI packages; they are left out" >&2
    fi
    for deb in "$work"/debs/*.deb; do [[ -e $deb ]] && dpkg-deb -x "$deb" "$work/src/debian"; done
    # Real APIs whose specs Debian's source packages carry: Kubernetes (Swagger 2.0, 5.4 MB, and its test specs),
    # the Docker Engine (17 versions), LXD and etcd; and the examples of gnostic (Google's OpenAPI compiler, some of
    # them invalid on purpose) and Perl's OpenAPI::Client tests. Read through a private list of deb-src entries: the
    # machine's apt configuration is not changed.
    apt=(-o Dir::Etc::SourceList="$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
        -o Dir::State::Lists="$work/apt/lists")
    mkdir -p "$work/apt/lists/partial" "$work/src/debian-sources"
    echo "deb-src http://deb.debian.org/debian bookworm main" > "$work/apt/sources.list"
    if [[ ! -e $work/apt/fetched-2 ]]; then
        if apt-get "${apt[@]}" update > /dev/null 2>&1; then
            for source in docker.io kubernetes lxd etcd golang-github-googleapis-gnostic libopenapi-client-perl; do
                # The mirror may lack a package's Debian changes; what is read is its original source.
                (cd "$work/debs" && apt-get "${apt[@]}" source --download-only "$source" > /dev/null 2>&1)
                compgen -G "$work/debs/${source}_*.orig.tar.*" > /dev/null \
                    || echo "heldout.sh: apt-get could not fetch the source of $source; it is left out" >&2
            done
            touch "$work/apt/fetched-2"
        else
            echo "heldout.sh: apt-get could not read Debian's source lists; the source packages are left out" >&2
        fi
    fi
    for archive in "$work"/debs/docker.io_*.orig.tar.xz "$work"/debs/kubernetes_*.orig.tar.gz \
        "$work"/debs/lxd_*.orig.tar.gz "$work"/debs/etcd_*.orig.tar.gz \
        "$work"/debs/golang-github-googleapis-gnostic_*.orig.tar.xz "$work"/debs/libopenapi-client-perl_*.orig.tar.gz
    do
        [[ -e $archive ]] && tar -xf "$archive" -C "$work/src/debian-sources"
    done
fi

# The specs: datamodel-code-generator's OpenAPI test specs (the top level of tests/data/openapi: its subdirectories
# hold the parts of multi-file specs), its Swagger 2.0 test documents, and every OpenAPI 3 or Swagger 2.0 document in
# the other tools' tests (`tests/`, or schemathesis's `test/`; a file that says `openapi: 3…` or `swagger: "2.0"` at
# its top level). HELDOUT_MAX_BYTES leaves out larger files (GitHub's and Stripe's specs are
# 8.5 and 5.8 MiB, and their modules take most of the 15 minutes the compile takes).
maximum=${HELDOUT_MAX_BYTES:-1000000000}
# OpenAPI 3 documents, and Swagger 2.0 ones (read as the OpenAPI 3.0 documents they convert to).
swagger='^(swagger|"swagger")[[:space:]]*:[[:space:]]*["'"'"']?2\.|"swagger"[[:space:]]*:[[:space:]]*"2\.'
documents='^(openapi|"openapi")[[:space:]]*:[[:space:]]*["'"'"']?3\.|"openapi"[[:space:]]*:[[:space:]]*"3\.|'"$swagger"
{
    find "$work"/src/datamodel_code_generator-*/tests/data/openapi -maxdepth 1 -type f \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -"${maximum}"c
    find "$work/src" \( -path '*/tests/*' -o -path '*/test/*' \) -not -path '*/datamodel_code_generator-*' \
        -not -path "$work/src/debian/*" -not -path "$work/src/debian-sources/*" -type f \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -"${maximum}"c -print0 \
        | xargs -0 grep -lE "$documents"
    find "$work"/src/datamodel_code_generator-*/tests/data -mindepth 1 -type f -not -path '*/tests/data/openapi/*' \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -"${maximum}"c -print0 | xargs -0 grep -lE "$swagger"
    find "$work"/src/apache_airflow_core-*/src -path '*/openapi/*' -type f -name '*.yaml' -size -"${maximum}"c
    # Go's tools: every document under their sources (fixtures/ and testdata/); the APIs' sources: every document.
    for tree in "$work/src/debian" "$work/src/debian-sources"; do
        [[ -d $tree ]] && find "$tree" -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) \
            -size -"${maximum}"c -print0 | xargs -0 grep -lE "$documents"
    done
    # swagger-parser's and drf-yasg's test documents, apiflask's one (outside `tests/`), and every document of the
    # packages that ship a real API's spec or examples: Jupyter Server's, JupyterHub's, flasgger's examples,
    # LocalStack's, Tapis's.
    find "$work"/src/swagger_parser-* "$work"/src/drf_yasg-* "$work"/src/apiflask-* "$work"/src/jupyter_server-* \
        "$work"/src/jupyterhub-* "$work"/src/flasgger-* "$work"/src/localstack_core-* "$work"/src/tapipy-* -type f \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -"${maximum}"c -print0 | xargs -0 grep -lE "$documents"
    # Where the machine has the Swift packages' mirror (/opt/swift-packages, or HELDOUT_SWIFT_MIRROR): the specs of
    # swift-openapi-generator's examples, tutorials and tests, and OpenAPIKit's vendor test inputs (Google Books,
    # TomTom, GitHub Enterprise), at each one's newest tag.
    mirror=${HELDOUT_SWIFT_MIRROR:-/opt/swift-packages}
    for repository in apple/swift-openapi-generator mattpolzin/OpenAPIKit; do
        git -C "$mirror/$repository.git" rev-parse --git-dir > /dev/null 2>&1 || continue
        tag=$(git -C "$mirror/$repository.git" tag | sort -V | tail -1)
        git -C "$mirror/$repository.git" ls-tree -r --name-only "$tag" | grep -E '\.(ya?ml|json)$' \
            | while IFS= read -r file; do
                target="$work/src/swift/$repository/$file"
                mkdir -p "$(dirname "$target")"
                git -C "$mirror/$repository.git" show "$tag:$file" > "$target" 2> /dev/null || continue
                if [[ $(wc -c < "$target") -lt $maximum ]] && head -c 3000 "$target" | grep -qE "$documents"; then
                    echo "$target"
                fi
            done
    done
} | LC_ALL=C sort -u > "$work/specs.txt"

swift build --product api-codegen > "$work/logs/_build.log" 2>&1 || { echo "api-codegen does not build" >&2; exit 1; }
bin=$(swift build --product api-codegen --show-bin-path)/api-codegen
harness=$work/harness
rm -rf "$harness/Sources" && mkdir -p "$harness/Sources"
total=0; generated=0; refused=()
while IFS= read -r spec; do
    total=$((total + 1)); module="Spec${total}API"
    if timeout 300 "$bin" generate "$spec" --output "$harness/Sources/$module" --module-name "$module" \
        > "$work/logs/$module.log" 2>&1 && compgen -G "$harness/Sources/$module/*.swift" > /dev/null; then
        generated=$((generated + 1))
    else
        rm -rf "${harness:?}/Sources/$module"
        refused+=("${spec#"$work/src/"}: $(grep -m1 'error:' "$work/logs/$module.log" | sed -E 's|^.*/||' | cut -c1-160)")
    fi
done < "$work/specs.txt"

{
    echo '// swift-tools-version: 6.0'
    echo '// Written by heldout.sh: one target per generated spec, compiled against APIRuntime.'
    echo 'import PackageDescription'
    echo 'let runtime: [Target.Dependency] = [.product(name: "APIRuntime", package: "PyrusKit")]'
    echo 'let package = Package(name: "HeldOutHarness", platforms: [.macOS(.v15)],'
    echo "  dependencies: [.package(name: \"PyrusKit\", path: \"$project\")],"
    echo '  targets: ['
    for module in $(ls "$harness/Sources"); do echo "    .target(name: \"$module\", dependencies: runtime),"; done
    echo '  ])'
} > "$harness/Package.swift"
# A module's own errors are counted below; a build that fails for any other reason (resolution, the runtime) says
# nothing about the modules, so it ends the run.
(cd "$harness" && swift build > "$work/logs/_harness.log" 2>&1)
harness_status=$?
if [[ $harness_status -ne 0 ]] && ! grep -qE "/Sources/Spec[0-9]+API/[^:]+:[0-9]+:[0-9]+: error:" "$work/logs/_harness.log"
then
    echo "heldout.sh: the harness did not build, for a reason of its own (see $work/logs/_harness.log)" >&2
    exit 1
fi
failing=$(grep -oE "/Sources/Spec[0-9]+API/[^:]+:[0-9]+:[0-9]+: error:" "$work/logs/_harness.log" \
    | sed -E 's|/Sources/(Spec[0-9]+API)/.*|\1|' | sort -u)
warnings=$(grep -cE "/Sources/Spec[0-9]+API/[^:]+:[0-9]+:[0-9]+: warning:" "$work/logs/_harness.log")
compiled=$((generated - $(echo -n "$failing" | grep -c .)))

echo "Refused ($((total - generated))):"
printf '  %s\n' "${refused[@]}"
echo "Not compiling: ${failing:-none}"
echo "(logs: $work/logs)"
echo "$generated/$total specs generate; $compiled/$generated compile with $warnings warnings"
