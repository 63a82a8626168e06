#!/usr/bin/env bash
# Puts the official JSON-Schema-Test-Suite (draft 2020-12 tests and remotes) and the 2020-12 metaschemas under
# .build/json-schema-test-suite, where JSONSchemaTestSuiteTests reads them. The suite ships in the jsonschema
# source distribution on PyPI, the metaschemas in the jsonschema-specifications package; neither is committed.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=.build/json-schema-test-suite
if [ -d "$dest/tests/draft2020-12" ] && [ -d "$dest/metaschemas" ]; then exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 -m pip download --quiet --no-binary :all: --no-deps jsonschema -d "$work"
tar -xzf "$work"/jsonschema-*.tar.gz -C "$work"
mkdir -p "$dest"
rm -rf "$dest/tests" "$dest/remotes" "$dest/metaschemas"
cp -R "$work"/jsonschema-*/json/tests "$work"/jsonschema-*/json/remotes "$dest/"
python3 -m pip install --quiet jsonschema-specifications 2>/dev/null || true
specifications=$(python3 -c 'import jsonschema_specifications, os; print(os.path.dirname(jsonschema_specifications.__file__))')
cp -R "$specifications/schemas/draft202012" "$dest/metaschemas"
echo "JSON-Schema-Test-Suite in $dest"
