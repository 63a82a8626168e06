#!/usr/bin/env bash
# Coverage-guided fuzzing of PyrusKit's parsers: builds Tests/Fuzz with libFuzzer and AddressSanitizer, replays every
# regression input under Tests/Fuzz/Regressions, then runs each target for SECONDS with seeds made from the project's
# own inputs (fixtures, specs, the hostile specs, ../shared/corpus when it is there, the JSON-Schema-Test-Suite when
# fetched) and a dictionary of its grammar's tokens. A crash is minimised and written to
# Tests/Fuzz/Regressions/TARGET/, and the run fails: commit the input, fix the cause, and add a test of it to the
# ordinary test suite (see Tests/Fuzz/README.md).
#
# Usage: Tests/Fuzz/fuzz.sh [SECONDS] [TARGET...]   (SECONDS per target, 60 by default; all targets by default)
# Env: FUZZ_WORK (default /tmp/pyruskit-fuzz) keeps the corpora between runs; FUZZ_SEED fixes libFuzzer's random
# seed (CI sets it, so that a run explores the same inputs as the same run here, as far as its time allows).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
seconds="${1:-60}"
shift || true
all=(loader json schema pattern format uri server multipart stream headers)
targets=("${@:-${all[@]}}")
work="${FUZZ_WORK:-/tmp/pyruskit-fuzz}"
mkdir -p "$work"

echo "==> building the fuzz targets (libFuzzer, AddressSanitizer)"
# SwiftPM also builds the build plugin's tool with these flags, and that link fails (its own `main` beside
# libFuzzer's); the fuzz product does not need it and builds, so the tool's error lines are left out here.
log="$work/build.log"
if ! swift build --package-path "$here" --product pyruskit-fuzz -Xswiftc -sanitize=fuzzer,address > "$log" 2>&1; then
    cat "$log"
    exit 1
fi
binary="$here/.build/debug/pyruskit-fuzz"
# Leaks are findings too, except the ones lsan.supp explains (outside PyrusKit).
export LSAN_OPTIONS="suppressions=$here/lsan.supp:print_suppressions=0"

echo "==> seeds"
python3 - "$root" "$work/seeds" <<'PY'
import json, os, pathlib, sys
root, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def put(target, name, data):
    directory = out / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data if isinstance(data, bytes) else data.encode())
specs = [root / "Spec/pyrus-api.yaml", root / "Tests/RealWorldTests/realworld.yaml",
         root / "Tests/StreamingTests/streaming.yaml"] + sorted((root / "Examples").rglob("*.yaml"))
shared = root.parent / "shared/corpus"
if shared.is_dir():
    specs += sorted(p for p in shared.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.stat().st_size < 65536)
for index, path in enumerate(specs):
    put("loader", f"spec{index}", path.read_bytes())
# What the loader reads leniently (OpenAPI 3.2, rules it warns about), so the fuzzer starts from those paths too.
put("loader", "lenient", """openapi: 3.2.0
$self: https://api.example/v1/api.yaml
info: {title: T}
paths:
  parameters: []
  /events:
    query: {operationId: q}
    get:
      operationId: listEvents
      parameters:
        - {in: querystring, content: {application/x-www-form-urlencoded: {schema: {type: object}}}}
        - {name: f, in: query, schema: {type: integer}, content: {application/json: {}, text/plain: {}}}
      responses:
        'x': {description: no}
        '200':
          description: ok
          content:
            application/jsonl: {schema: null, itemSchema: {$ref: 'https://api.example/v1/api.yaml#/components/schemas/E'}}
            text/event-stream: {itemSchema: {properties: {data: {contentSchema: {$ref: '#/components/schemas/E'}}}}}
components:
  schemas:
    E: {type: object, required: true, properties: {p: {items: [{type: string}], pattern: '(?P<a>x)'}}}
""")
# A Swagger 2.0 document, read through the conversion to OpenAPI 3.0, with the hostile payloads in what it moves.
put("loader", "swagger", """swagger: '2.0'
info: {title: "S\\"; public func pwnedTitle() {} //", version: '1'}
host: "h.example\\"; public func pwnedHost() {} //"
basePath: "v1\\n}\\npublic func pwnedBase() {}"
schemes: [https]
securityDefinitions:
  o: {type: oauth2, flow: accessCode, authorizationUrl: 'https://a', tokenUrl: 'https://t', scopes: {"a\\"": x}}
  b: {type: basic}
parameters:
  body: {name: b, in: body, schema: {$ref: '#/definitions/P'}}
  q: {name: "q\\"); public func pwnedQuery() {} //", in: query, type: array, items: {type: string}, collectionFormat: tsv}
paths:
  /p/{id}:
    parameters: [{name: id, in: path, required: true, type: string}, {name: f, in: formData, type: file}]
    post:
      consumes: [multipart/form-data]
      parameters: [{$ref: '#/parameters/q'}, {name: "x\\"; public let pwnedForm = 1 //", in: formData, type: string}]
      responses: {'200': {description: ok, schema: {$ref: '#/definitions/P'}, examples: {application/json: {a: 1}}}}
    put:
      parameters: [{$ref: '#/parameters/body'}]
      responses: {default: {$ref: '#/responses/E'}}
responses:
  E: {description: e, headers: {X-N: {type: integer}}, schema: {type: file}}
definitions:
  P:
    type: object
    discriminator: "k\\"; public func pwnedKind() {} //"
    properties: {k: {type: string, x-nullable: true}, m: {type: object, additionalProperties: {type: string, x-nullable: true}}}
""")
fixtures = sorted((root / "Tests/Fixtures").glob("*.json"))
for path in fixtures:
    put("json", path.name, path.read_bytes())
put("schema", "object", b'{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}\0{"id":1}')
put("schema", "refs", b'{"$defs":{"a":{"anyOf":[{"$ref":"#/$defs/a"},{"type":"string"}]}},"$ref":"#/$defs/a"}\0"x"')
suite = root / ".build/json-schema-test-suite/tests/draft2020-12"
if suite.is_dir():
    for path in sorted(suite.glob("*.json")):
        for number, group in enumerate(json.loads(path.read_text())):
            for test in group["tests"][:2]:
                text = json.dumps(group["schema"]) + "\0" + json.dumps(test["data"])
                if len(text) < 4096:
                    put("schema", f"{path.stem}-{number}-{test['valid']}", text)
formats = ["date-time", "date", "time", "duration", "email", "idn-email", "hostname", "idn-hostname", "ipv4", "ipv6",
           "uri", "uri-reference", "iri", "iri-reference", "uuid", "uri-template", "json-pointer",
           "relative-json-pointer", "regex"]
if suite.is_dir():
    for path in sorted((suite / "optional/format").glob("*.json")):
        if path.stem in formats:
            for group in json.loads(path.read_text()):
                for number, test in enumerate(group["tests"]):
                    if isinstance(test["data"], str):
                        put("format", f"{path.stem}-{number}", bytes([formats.index(path.stem)]) + test["data"].encode())
for name, pattern in [("classes", r"^[a-z]+\d{2,}$\0abc12"), ("backtrack", r"(x+x+)+y\0xxxxxxxxxxxxxxxxxxxxxxxxx"),
                      ("unicode", r"^\p{Letter}+$\0ñandú"), ("named", r"(?<a>x)\k<a>\0xx")]:
    put("pattern", name, pattern)
for name, pair in [("relative", "https://x.example/a/b.json\0../c.json#/x"), ("anchor", "urn:x\0#x"),
                   ("inner", "https://x.example/\0inner/#x"), ("pointer", "\0#/$defs/a")]:
    put("uri", name, pair)
for name, request in [
        ("query", "7?a=1&a=2&f[a]=3&f[b]=x&f=a,1,b,2&a=1%202|3\nb=2; a=%41\n1, 2, 3\na=1&a=2"),
        ("dates", "x.5?a=2026-12-06T05:50:00Z\na=2026-12-06T05:50:00Z\nSun, 06 Nov 1994 08:49:37 GMT\n"),
        ("brackets", "1?a[0][0]=x&a[0][1]=y&a[1][]=z&a[][]=w&f[k]=v&f[l]=&a[2]=\n\n\nf[x][y]=1&f[]=2")]:
    put("server", name, request)
put("multipart", "parts", "XyZ\n--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--XyZ\r\n"
    "Content-Disposition: form-data; name=\"f\"; filename=\"a;b.txt\"\r\nContent-Type: text/plain\r\n\r\nhi\r\n--XyZ--\r\n")
put("stream", "events", b"\x00\x03event: a\nid: 1\ndata: {\"a\":1}\n\n: comment\ndata: 2\nretry: 10\n\n")
put("stream", "lines", b"\x01\x05{\"a\":1}\n[1,2]\n\"x\"\n")
put("stream", "sequence", b"\x02\x07\x1e{\"a\":1}\n\x1e2\n")
put("headers", "typed", "a: 1\nRetry-After: 7\nX-RateLimit-Remaining: 1, 2\nDate: Sun, 06 Nov 1994 08:49:37 GMT\n")
PY

dictionary() {
    case "$1" in
        loader) echo "$here/dictionaries/yaml.dict" ;;
        json) echo "$here/dictionaries/json.dict" ;;
        schema | pattern | format | uri) echo "$here/dictionaries/schema.dict" ;;
        *) echo "$here/dictionaries/http.dict" ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    regressions="$here/Regressions/$target"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "==> $target: replaying $(ls "$regressions" | wc -l) regression inputs"
        if ! FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no "$binary" "$regressions"/* > "$work/$target.replay.log" 2>&1; then
            grep -E "invariant broken|ERROR|SUMMARY" "$work/$target.replay.log" | head -5
            failed+=("$target (a regression input)")
            continue
        fi
    fi
    echo "==> $target: fuzzing for $seconds s"
    corpus="$work/corpus/$target"
    artifacts="$work/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    max_len=4096
    [ "$target" = loader ] && max_len=65536
    if FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no "$binary" "$corpus" "$work/seeds/$target" \
        -dict="$(dictionary "$target")" -max_total_time="$seconds" -max_len="$max_len" -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_SEED:+-seed="$FUZZ_SEED"} \
        > "$work/$target.log" 2>&1; then
        grep -E "stat::number_of_executed_units|cov:" "$work/$target.log" | tail -2 | tr '\n' ' '
        echo
        continue
    fi
    grep -E "invariant broken|ERROR|SUMMARY" "$work/$target.log" | head -5
    for artifact in "$artifacts"/*; do
        [ -f "$artifact" ] || continue
        minimised="$artifact.min"
        FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no "$binary" "$artifact" -minimize_crash=1 -runs=2000 \
            -exact_artifact_path="$minimised" > /dev/null 2>&1 || true
        [ -f "$minimised" ] || minimised="$artifact"
        mkdir -p "$regressions"
        cp "$minimised" "$regressions/$(sha1sum "$minimised" | cut -c1-16)"
        echo "    written to Tests/Fuzz/Regressions/$target/ (base64 $(base64 -w0 "$minimised" | cut -c1-120))"
    done
    failed+=("$target")
done

if [ "${#failed[@]}" -gt 0 ]; then
    echo "error: the fuzzers found inputs that break an invariant: ${failed[*]}" >&2
    exit 1
fi
echo "no target found a crash or a broken invariant"
