#!/usr/bin/env python3
"""Fails when Sources/ or Tests/ use a Linux-only API outside a guard that matches it, so that the package keeps
compiling on Apple platforms, which this CI cannot build for.

Linux-only: Glibc and Musl (their modules and their `Glibc.` calls), `/proc/`, `SOCK_STREAM.rawValue` and
`MSG_NOSIGNAL` (Darwin spells them differently), FoundationNetworking, epoll. Each must stand inside an `#if` whose
condition names what it needs: `canImport(Glibc)` / `canImport(Musl)` / `os(Linux)` for the first ones,
`canImport(FoundationNetworking)` for FoundationNetworking. Comments are ignored, and string literals too except for
`/proc/`, which is a path.
"""
import pathlib
import re
import sys

LINUX = ("canImport(Glibc)", "canImport(Musl)", "os(Linux)")
# `/proc/` is a path, so it is looked for inside string literals too.
PATHS = [(re.compile(r"/proc/"), LINUX)]
RULES = [
    (re.compile(r"\bGlibc\b"), LINUX),
    (re.compile(r"\bMusl\b"), LINUX),
    (re.compile(r"SOCK_STREAM\.rawValue"), LINUX),
    (re.compile(r"\bMSG_NOSIGNAL\b"), LINUX),
    (re.compile(r"\bepoll_"), LINUX),
    (re.compile(r"\bFoundationNetworking\b"), ("canImport(FoundationNetworking)", "os(Linux)")),
]


def code_of(line, in_block_comment):
    """The line without comments and string literals; whether a block comment continues after it."""
    result, i, in_string = "", 0, False
    while i < len(line):
        if in_block_comment:
            end = line.find("*/", i)
            if end < 0:
                return result, True
            i, in_block_comment = end + 2, False
            continue
        if not in_string and line.startswith("//", i):
            break
        if not in_string and line.startswith("/*", i):
            in_block_comment, i = True, i + 2
            continue
        if line[i] == '"' and (i == 0 or line[i - 1] != "\\"):
            in_string = not in_string
            i += 1
            continue
        if not in_string:
            result += line[i]
        i += 1
    return result, in_block_comment


def check(path):
    problems, stack, in_comment, in_multiline = [], [], False, False
    for number, raw in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        stripped = raw.strip()
        if stripped.startswith('"""'):
            in_multiline = not in_multiline if stripped.count('"""') == 1 else in_multiline
            continue
        if in_multiline:
            continue
        if stripped.startswith("#if"):
            stack.append([stripped])
            continue
        if stripped.startswith("#elseif"):
            if stack:
                stack[-1] = [stripped]
            continue
        if stripped.startswith("#else"):
            if stack:
                stack[-1] = ["#else after " + " ".join(stack[-1])]
            continue
        if stripped.startswith("#endif"):
            if stack:
                stack.pop()
            continue
        was_in_comment = in_comment
        code, in_comment = code_of(raw, in_comment)
        uncommented = "" if was_in_comment else raw.split("//")[0] if '"' not in raw else raw
        conditions = " ".join(part for frame in stack for part in frame if not part.startswith("#else after"))
        for text, rules in ((code, RULES), (uncommented, PATHS)):
            for pattern, guards in rules:
                if pattern.search(text) and not any(guard in conditions for guard in guards):
                    problems.append(f"{path}:{number}: '{pattern.pattern}' outside #if {' / '.join(guards)}")
    return problems


def main():
    roots = sys.argv[1:] or ["Sources", "Tests"]
    problems = [problem for root in roots for path in sorted(pathlib.Path(root).rglob("*.swift"))
                if ".build" not in path.parts for problem in check(path)]
    if problems:
        sys.exit("error: Linux-only API without a guard:\n" + "\n".join(problems))
    print(f"no unguarded Linux-only API in {', '.join(roots)}")


if __name__ == "__main__":
    main()
