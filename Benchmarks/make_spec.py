#!/usr/bin/env python3
"""Writes a synthetic OpenAPI 3.1 spec with N object schemas and one GET operation per schema.

Deterministic: the same N always gives the same bytes. Usage: make_spec.py N OUTPUT.yaml [--one-tag]
(--one-tag puts every operation in one tag, so one service protocol and one router hold them all.)
"""
import sys


def spec(count, one_tag=False):
    lines = [
        "openapi: 3.1.0",
        "info:",
        f"  title: Synthetic API with {count} schemas",
        '  version: "1"',
        "servers:",
        "  - url: https://example.com/api",
        "paths:",
    ]
    for i in range(count):
        lines += [
            f"  /items{i}/{{id}}:",
            "    get:",
            f"      operationId: getItem{i}",
            f"      tags: [group{0 if one_tag else i // 50}]",
            f"      summary: Get item {i}",
            "      parameters:",
            "        - {name: id, in: path, required: true, schema: {type: integer, format: int64}}",
            "        - {name: verbose, in: query, schema: {type: boolean}}",
            "      responses:",
            '        "200":',
            "          description: The item.",
            "          content:",
            "            application/json:",
            f"              schema: {{$ref: '#/components/schemas/Item{i}'}}",
            "        default:",
            "          description: An error.",
            "          content:",
            "            application/json:",
            "              schema: {$ref: '#/components/schemas/Problem'}",
        ]
    lines += [
        "components:",
        "  schemas:",
        "    Problem:",
        "      type: object",
        "      properties:",
        "        message: {type: string}",
        "        code: {type: string}",
    ]
    for i in range(count):
        lines += [
            f"    Item{i}:",
            "      type: object",
            f"      description: Synthetic item {i}.",
            "      required: [id, name]",
            "      properties:",
            "        id: {type: integer, format: int64}",
            "        name: {type: string, description: The name.}",
            "        status: {type: string, enum: [active, inactive, archived]}",
            "        tags: {type: array, items: {type: string}}",
            "        score: {type: number}",
            "        enabled: {type: boolean}",
            "        created_by: {type: integer, format: int64}",
        ]
        if i > 0:
            lines.append(f"        parent: {{$ref: '#/components/schemas/Item{i - 1}'}}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    count, output = int(sys.argv[1]), sys.argv[2]
    with open(output, "w", encoding="utf-8") as handle:
        handle.write(spec(count, one_tag="--one-tag" in sys.argv[3:]))
