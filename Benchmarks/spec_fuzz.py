#!/usr/bin/env python3
"""Random specs through the generator and the compiler: what a spec nobody here has seen does to the generated code.

Each round writes an OpenAPI 3.1 (or 3.0) document of random schemas and operations drawn from the constructs real
specs use — every JSON type and `type` list, `enum`/`const` of any type, `nullable`, `allOf`/`oneOf`/`anyOf` with and
without discriminators, `$ref` chains and cycles, `additionalProperties`, keywords without a Swift form, awkward and
colliding names, parameters of every place and style, form, multipart, text, byte and streaming bodies, answers by
status, response headers, defaults that fit and that do not (with WIDE=1 also security, shared components by `$ref`,
servers, webhooks, callbacks and more: see `widen`) — then runs `api-codegen lint` and `generate` and
type-checks the output against the debug build's modules. A spec the loader accepts must generate; what it generates
must type-check with no warning. Failing rounds are kept in WORK with the compiler's output.

Usage: python3 spec_fuzz.py [ROUNDS] [SEED]   (after `swift build` at the package root)
Env: API_CODEGEN (default ../.build/debug/api-codegen), MODULES (default ../.build/debug/Modules), WORK.
"""
import json
import os
import pathlib
import random
import shutil
import subprocess
import sys

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
API_CODEGEN = os.environ.get("API_CODEGEN", str(ROOT / ".build/debug/api-codegen"))
MODULES = os.environ.get("MODULES", str(ROOT / ".build/debug/Modules"))
WORK = pathlib.Path(os.environ.get("WORK", "/tmp/spec-fuzz"))

NAMES = ["id", "name", "type", "default", "self", "Type", "class", "2fa", "a-b", "a_b", "aB", "AB", "__x", "$ref",
         "protocol", "Protocol", "init", "description", "value", "rawValue", "unknown", "in", "where", "URL", "url",
         "ñame", "日本", "x y", "foo.bar", "Error", "Data", "Date", "String", "Int", "Codable", "Sendable", "body",
         "request", "response", "headers", "status", "case", "enum", "struct", "let", "var", "func", "true", "nil",
         "Void", "Any", "Self", "some", "async", "await", "throws", "try", "_", "__", "0", "", " ", "CodingKeys",
         "inout", "fieldBody", "fieldName", "form", "parts", "built", "apiClient", "route"]
FORMATS = [None, None, "int32", "int64", "date-time", "date", "uuid", "byte", "binary", "email", "uri", "float"]
MEDIA = ["application/json", "application/json", "application/problem+json", "text/plain", "application/octet-stream",
         "application/x-www-form-urlencoded", "multipart/form-data", "text/event-stream", "application/jsonl",
         "application/json-seq", "image/png", "*/*", "application/vnd.api+json; charset=utf-8"]


class Spec:
    def __init__(self, rng, version):
        self.rng = rng
        self.version = version
        self.components = {}

    def name(self):
        return self.rng.choice(NAMES + [f"N{self.rng.randrange(1000)}"])

    def scalar(self):
        rng = self.rng
        kind = rng.choice(["string", "integer", "number", "boolean"])
        schema = {"type": kind}
        if kind == "string" and rng.random() < 0.3:
            schema["format"] = rng.choice(["date-time", "uuid", "byte", "binary", "email", "date"])
        if kind == "integer" and rng.random() < 0.4:
            schema["format"] = rng.choice(["int32", "int64"])
        return schema

    def value_of(self, schema):
        """A value the schema may or may not allow (defaults and consts that do not fit are part of the test)."""
        rng = self.rng
        kind = schema.get("type") if isinstance(schema.get("type"), str) else None
        choices = {"string": "x\"\\\n\u2028", "integer": rng.randrange(-5, 5), "number": 1.5, "boolean": True,
                   "array": [], "object": {}, None: None}
        return choices.get(kind, None) if rng.random() < 0.8 else rng.choice([None, 1, "s", [1], {"a": 1}])

    def schema(self, depth=0):
        rng = self.rng
        roll = rng.random()
        if depth > 3 or roll < 0.25:
            schema = self.scalar()
        elif roll < 0.35 and self.components:
            schema = {"$ref": f"#/components/schemas/{rng.choice(list(self.components))}"}
            if rng.random() < 0.2 and self.version == "3.1.0":
                schema["description"] = "A sibling of a $ref."
            return schema
        elif roll < 0.5:
            schema = {"type": "object", "properties": {}}
            for _ in range(rng.randrange(0, 6)):
                schema["properties"][self.name()] = self.schema(depth + 1)
            names = list(schema["properties"])
            if names and rng.random() < 0.6:
                schema["required"] = rng.sample(names, rng.randrange(1, len(names) + 1))
            if rng.random() < 0.3:
                schema["additionalProperties"] = rng.choice([True, False, self.scalar()])
        elif roll < 0.58:
            schema = {"type": "array", "items": self.schema(depth + 1)}
        elif roll < 0.66:
            values = rng.choice([["a", "b", "a b", "", "A", "a-b"], [1, 2, 3], ["x", 1, None, True], ["only"]])
            schema = {"enum": values}
            if all(isinstance(v, str) for v in values):
                schema["type"] = "string"
        elif roll < 0.76:
            key = rng.choice(["oneOf", "anyOf", "allOf"])
            schema = {key: [self.schema(depth + 1) for _ in range(rng.randrange(1, 4))]}
            if key != "allOf" and rng.random() < 0.2 and self.components:
                target = rng.choice(list(self.components))
                schema[key] = [{"$ref": f"#/components/schemas/{target}"}]
                schema["discriminator"] = {"propertyName": "kind"}
        elif roll < 0.82:
            schema = {"type": rng.sample(["string", "integer", "number", "boolean", "null", "object", "array"],
                                         rng.randrange(2, 4))}
        elif roll < 0.88:
            schema = rng.choice([{}, {"not": {"type": "string"}}, {"prefixItems": [{"type": "string"}]},
                                 {"type": "null"}, {"const": {"a": [1]}}, {"type": "object",
                                                                           "patternProperties": {"^x": {}}}])
        else:
            schema = {"type": "object", "additionalProperties": self.schema(depth + 1)}
        if rng.random() < 0.15:
            if self.version == "3.0.3":
                schema["nullable"] = True
            elif isinstance(schema.get("type"), str):
                schema["type"] = [schema["type"], "null"]
        if rng.random() < 0.1:
            schema["default"] = self.value_of(schema)
        if rng.random() < 0.1:
            schema["description"] = rng.choice(["*/ pwned() /*", "line\nbreak", "\"quote\"", "\u202e", "ok"])
        return schema

    def parameter(self, place):
        rng = self.rng
        parameter = {"name": self.name() or "p", "in": place, "schema": self.schema(2)}
        if place == "path":
            parameter["required"] = True
        elif rng.random() < 0.3:
            parameter["required"] = True
        if rng.random() < 0.3:
            parameter["style"] = rng.choice(["form", "simple", "spaceDelimited", "pipeDelimited", "deepObject",
                                             "label", "matrix"])
        if rng.random() < 0.2:
            parameter["explode"] = rng.random() < 0.5
        return parameter

    def content(self):
        media = self.rng.choice(MEDIA)
        return {media: {} if self.rng.random() < 0.1 else {"schema": self.schema(1)}}

    def build(self, schemas, operations):
        rng = self.rng
        for index in range(schemas):
            name = self.name() + str(index) if rng.random() < 0.7 else self.name() or f"S{index}"
            self.components[name] = None
            self.components[name] = self.schema()
        paths = {}
        for index in range(operations):
            path = f"/r{index}/{{id}}" if rng.random() < 0.5 else f"/r{index}"
            method = rng.choice(["get", "post", "put", "delete", "patch"])
            operation = {"operationId": rng.choice([f"op{index}", self.name(), "list"]),
                         "responses": {}}
            if rng.random() < 0.7:
                operation["tags"] = [rng.choice(["pets", "Pets", "store", "default", "self", "a b"])]
            parameters = [self.parameter("path")] if "{id}" in path else []
            if "{id}" in path:
                parameters[0]["name"] = "id"
            for _ in range(rng.randrange(0, 4)):
                parameters.append(self.parameter(rng.choice(["query", "header", "cookie"])))
            if parameters:
                operation["parameters"] = parameters
            if method in ("post", "put", "patch") and rng.random() < 0.8:
                operation["requestBody"] = {"required": rng.random() < 0.7, "content": self.content()}
            for status in rng.sample(["200", "201", "204", "2XX", "400", "404", "default"], rng.randrange(1, 4)):
                response = {"description": "An answer."}
                if status != "204" and rng.random() < 0.85:
                    response["content"] = self.content()
                if rng.random() < 0.2:
                    response["headers"] = {self.name() or "X-H": {"schema": self.schema(2)}}
                operation["responses"][status] = response
            paths.setdefault(path, {})[method] = operation
        return {"openapi": self.version, "info": {"title": "Fuzz", "version": "1"}, "paths": paths,
                "components": {"schemas": self.components}}


def widen(document, spec, rng):
    """With WIDE=1: what the base rounds never write, drawn from a random source of its own so that the base rounds
    stay as they were: security schemes and requirements (alternatives of several schemes, `[]`, `{}`), shared
    parameters, responses and request bodies by `$ref`, path-level and second path parameters, servers with
    variables, webhooks (3.1), callbacks, links, `readOnly`/`writeOnly`/`deprecated`, `x-swift-name`, examples,
    objects that are also one of several objects, parents with a discriminator that other components `allOf`, the
    `encoding` of form and multipart bodies, names of other scripts and of signs, and path keys with text beside a
    parameter, parameters that span segments, a query string or a fragment."""
    spec.rng = rng
    components = document["components"]
    schemes = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"},
               "query": {"type": "apiKey", "in": "query", "name": spec.name() or "k"},
               "cookie": {"type": "apiKey", "in": "cookie", "name": "sid"},
               "bearer": {"type": "http", "scheme": "bearer"}, "basic": {"type": "http", "scheme": "Basic"},
               "digest": {"type": "http", "scheme": "digest"},
               "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                   "tokenUrl": "https://auth.example.com/token", "scopes": {"read": "Read.", "a b": "Odd."}}}},
               "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.example.com/.well-known"}}
    if document["openapi"].startswith("3.1"):
        schemes["mtls"] = {"type": "mutualTLS"}
    for _ in range(rng.randrange(0, 3)):
        schemes[spec.name() or "s"] = rng.choice(list(schemes.values()))
    components["securitySchemes"] = schemes

    def requirement():
        return [{name: (["read"] if schemes[name]["type"] == "oauth2" else [])
                 for name in rng.sample(list(schemes), rng.randrange(0, 3))} for _ in range(rng.randrange(0, 3))]

    document["security"] = requirement()
    components["parameters"] = {f"P{index}": spec.parameter(rng.choice(["query", "header", "cookie"]))
                                for index in range(rng.randrange(1, 4))}
    components["responses"] = {f"R{index}": {"description": "Shared.", "content": spec.content()}
                               for index in range(rng.randrange(1, 3))}
    components["requestBodies"] = {f"B{index}": {"content": spec.content(), "required": rng.random() < 0.5}
                                   for index in range(rng.randrange(1, 3))}
    if rng.random() < 0.6:
        document["servers"] = rng.choice([
            [{"url": "https://{region}.example.com/{base}", "variables": {
                "region": {"default": "eu", "enum": ["eu", "us"]}, "base": {"default": "v1"}}}],
            [{"url": "/api"}], [{"url": "https://a.example.com"}, {"url": "http://localhost:{port}",
                                                                      "variables": {"port": {"default": "8080"}}}]])
    for schema in components["schemas"].values():
        for name, property_schema in (schema.get("properties") or {}).items():
            if isinstance(property_schema, dict) and "$ref" not in property_schema and rng.random() < 0.15:
                property_schema[rng.choice(["readOnly", "writeOnly", "deprecated"])] = True
    # One rename in some rounds (names that shadow or collide are located errors, tested elsewhere).
    renamable = [schema for schema in components["schemas"].values()
                 if isinstance(schema, dict) and "$ref" not in schema]
    if renamable and rng.random() < 0.3:
        rng.choice(renamable)["x-swift-name"] = "Renamed" + str(rng.randrange(1000))
    for path, item in list(document["paths"].items()):
        if rng.random() < 0.2:
            item["parameters"] = [{"$ref": f"#/components/parameters/{rng.choice(list(components['parameters']))}"}]
        for method, operation in list(item.items()):
            if method == "parameters":
                continue
            if rng.random() < 0.4:
                operation["security"] = requirement()
            if rng.random() < 0.3:
                operation.setdefault("parameters", []).append(
                    {"$ref": f"#/components/parameters/{rng.choice(list(components['parameters']))}"})
            if "requestBody" in operation and rng.random() < 0.3:
                operation["requestBody"] = {
                    "$ref": f"#/components/requestBodies/{rng.choice(list(components['requestBodies']))}"}
            if rng.random() < 0.3:
                operation["responses"][rng.choice(["200", "409", "default"])] = {
                    "$ref": f"#/components/responses/{rng.choice(list(components['responses']))}"}
            if rng.random() < 0.1:
                operation["deprecated"] = True
            if rng.random() < 0.1:
                operation["callbacks"] = {"done": {"{$request.body#/url}": {"post": {
                    "requestBody": {"content": spec.content()}, "responses": {"200": {"description": "Ok."}}}}}}
            for response in operation["responses"].values():
                if "$ref" not in response and rng.random() < 0.1:
                    response["links"] = {"next": {"operationId": operation["operationId"]}}
                for media in (response.get("content") or {}).values():
                    if "schema" in media and rng.random() < 0.1:
                        media["example"] = spec.value_of(media["schema"])
        if "{id}" in path and rng.random() < 0.2:
            longer = path + "/{sub}"
            document["paths"][longer] = item
            del document["paths"][path]
            for method, operation in item.items():
                if method != "parameters":
                    operation["operationId"] += "Sub"
                    operation.setdefault("parameters", []).append(
                        {"name": "sub", "in": "path", "required": True, "schema": spec.scalar()})
    if document["openapi"].startswith("3.1") and rng.random() < 0.5:
        document["webhooks"] = {spec.name() or "hook": {"post": {
            "requestBody": {"content": spec.content()}, "responses": {"200": {"description": "Taken."}}}}}
    # Objects that are also one of several objects: properties beside `oneOf`/`anyOf`, and `allOf` with such a
    # member and a `$ref` to a choice (drawn last, so the draws above stay as they were).
    schemas = components["schemas"]
    objects = [name for name, schema in schemas.items()
               if isinstance(schema, dict) and schema.get("type") == "object" and schema.get("properties")]
    if objects and rng.random() < 0.6:
        def alternatives():
            return [{"$ref": f"#/components/schemas/{name}"}
                    for name in rng.sample(objects, rng.randrange(1, min(len(objects), 3) + 1))]
        keyword = rng.choice(["oneOf", "anyOf"])
        composite = {"type": "object", "properties": {spec.name() or "p": spec.schema(2)}, keyword: alternatives()}
        if keyword == "oneOf" and rng.random() < 0.3:
            composite["discriminator"] = {"propertyName": spec.name() or "kind"}
        name = next(f"Composite{index}" for index in range(100) if f"Composite{index}" not in schemas)
        schemas[name] = composite
        holder = next(f"Holder{index}" for index in range(100) if f"Holder{index}" not in schemas)
        schemas[holder] = {"allOf": [{"$ref": f"#/components/schemas/{name}"},
                                     {"type": "object", "properties": {spec.name() or "q": spec.schema(2)}},
                                     {"anyOf": alternatives()}]}
    # Polymorphism without alternatives: a parent with a discriminator that components `allOf`, a grandchild, a
    # kind named by `x-discriminator-value`, and a kind that holds its parent (drawn last again).
    objects = [name for name, schema in schemas.items()
               if isinstance(schema, dict) and schema.get("type") == "object" and schema.get("properties")
               and not schema.get("oneOf") and not schema.get("anyOf")]
    if objects and rng.random() < 0.5:
        parent = rng.choice(objects)
        schemas[parent]["discriminator"] = {"propertyName": rng.choice(list(schemas[parent]["properties"]) + ["kind"])}
        kinds = []
        for _ in range(rng.randrange(1, 4)):
            kind = next(f"Kind{index}" for index in range(100) if f"Kind{index}" not in schemas)
            base = rng.choice([parent] + kinds)
            own = {spec.name() or "k": spec.schema(2)}
            if rng.random() < 0.3:
                own[spec.name() or "back"] = {"$ref": f"#/components/schemas/{parent}"}
            schemas[kind] = {"allOf": [{"$ref": f"#/components/schemas/{base}"}, {"type": "object", "properties": own}]}
            if rng.random() < 0.3:
                schemas[kind]["x-discriminator-value"] = spec.name() or kind.lower()
            kinds.append(kind)
    # A form's or multipart body's `encoding`: styles for arrays and objects (deepObject of any shape among them),
    # a part's media type, and entries that name no property or say nothing valid (drawn last again).
    for item in document["paths"].values():
        for operation in item.values():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            for media_type, media in ((body or {}).get("content") or {}).items():
                if media_type not in ("application/x-www-form-urlencoded", "multipart/form-data") or rng.random() < 0.3:
                    continue
                schema = media.get("schema") or {}
                names = list(schema.get("properties") or {}) + [spec.name() or "ghost"]
                encoding = {}
                for name in rng.sample(names, rng.randrange(1, len(names) + 1)):
                    entry = {}
                    if rng.random() < 0.7:
                        entry["style"] = rng.choice(["form", "deepObject", "spaceDelimited", "pipeDelimited", "matrix"])
                    if rng.random() < 0.5:
                        entry["explode"] = rng.choice([True, False, 1])
                    if rng.random() < 0.3:
                        entry["contentType"] = rng.choice(["image/png", "image/png, image/jpeg", "image/*", "a\"b"])
                    encoding[name] = entry
                media["encoding"] = encoding
    # Names of other conventions, as properties and enum values (drawn last again): letters of other scripts,
    # composed or not, signs, numbers that would run together, a bidirectional override, invisible characters.
    odd = ["статус", "Активный", "用户名", "prénom", "pre\u0301nom", "a\u202eb", "\u3164", "a\ufe00", ">=", "!=", "-1",
           "+1", "1.5", "v1.2", "_1", "1", "*"]
    for schema in components["schemas"].values():
        if not isinstance(schema, dict) or "discriminator" in schema:
            continue
        properties = schema.get("properties")
        if isinstance(properties, dict) and properties and rng.random() < 0.3:
            old, new = rng.choice(list(properties)), rng.choice(odd)
            if new not in properties:
                properties[new] = properties.pop(old)
                if isinstance(schema.get("required"), list):
                    schema["required"] = [new if name == old else name for name in schema["required"]]
        if schema.get("type") == "string" and "format" not in schema and rng.random() < 0.3:
            schema["enum"] = rng.sample(odd, 5)
    # Path keys of other conventions: text beside the parameter, `{+id}` and `{id+}` that span segments, a query
    # string (Azure's `x-ms-paths`), a fragment that names a header (AWS's, as APIs.guru writes them).
    for key in list(document["paths"]):
        if rng.random() < 0.3:
            new = key.replace("{id}", rng.choice(["{id}.json", "{+id}", "{id+}", "v{id}"]))
            new += rng.choice(["", "?view=x", "?view=x&compact", "#X-Op=" + key.strip("/").replace("/", "-")])
            if new not in document["paths"]:
                document["paths"][new] = document["paths"].pop(key)
    return document


def run(arguments, cwd=None):
    return subprocess.run(arguments, capture_output=True, text=True, cwd=cwd, timeout=600)


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    WORK.mkdir(parents=True, exist_ok=True)
    failures = 0
    for round_number in range(rounds):
        rng = random.Random(seed * 100_003 + round_number)
        version = rng.choice(["3.1.0", "3.1.0", "3.0.3"])
        spec_maker = Spec(rng, version)
        document = spec_maker.build(schemas=rng.randrange(10, 60), operations=rng.randrange(3, 20))
        if os.environ.get("WIDE") == "1":
            document = widen(document, spec_maker, random.Random(seed * 7_919 + round_number))
        directory = WORK / f"round-{seed}-{round_number}"
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
        spec = directory / "spec.json"
        spec.write_text(json.dumps(document, indent=1))
        lint = run([API_CODEGEN, "lint", str(spec)])
        generated = run([API_CODEGEN, "generate", str(spec), "--output", str(directory / "out"),
                         "--module-name", "Fuzz"])
        if generated.returncode != 0:
            # A refusal must be a located error lint reports too (unsafe names, cycles with no way out).
            errors = [line for line in generated.stdout.splitlines() + generated.stderr.splitlines()
                      if ": error: " in line]
            if lint.returncode == 0 or not errors:
                failures += 1
                print(f"round {round_number}: generate failed where lint did not: {errors[:3]}")
            else:
                print(f"round {round_number}: refused with located errors ({len(errors)}): {errors[0][:160]}")
            continue
        files = sorted(str(path) for path in (directory / "out").glob("*.swift"))
        check = run(["swiftc", "-typecheck", "-module-name", "Fuzz", "-I", MODULES, "-swift-version", "6",
                     "-parse-as-library", *files])
        problems = [line for line in check.stderr.splitlines() if ": error: " in line or ": warning: " in line]
        if check.returncode != 0 or problems:
            failures += 1
            (directory / "compiler.txt").write_text(check.stderr)
            print(f"round {round_number}: {len(problems)} compiler problems, first: {problems[:2]}")
        else:
            print(f"round {round_number}: ok ({len(document['components']['schemas'])} schemas, "
                  f"{sum(len(v) for v in document['paths'].values())} operations, version {version})")
            shutil.rmtree(directory)
    print(f"{rounds - failures}/{rounds} rounds generate and type-check cleanly")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
