#!/usr/bin/env python3
# Copyright 2026 Phone Policy Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The rooms stay small and readable (README, Architecture): no file of a
model longer than 500 lines, and in every model class its fields come
before its methods, the default methods aside (Odoo's coding guidelines:
private attributes, default methods, fields, then the other methods).
Prints each breach; exits 1 when there is one."""

import ast
import sys
from pathlib import Path

MAX_LINES = 500
ROOMS = ("models", "wizards", "reports")


def is_field(node):
    """``name = fields.Something(...)``"""
    return (
        isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and isinstance(node.value.func, ast.Attribute)
        and isinstance(node.value.func.value, ast.Name)
        and node.value.func.value.id == "fields"
    )


def breaches(path):
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text, str(path))
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    if not classes:
        return
    lines = text.count("\n")
    if lines > MAX_LINES:
        yield f"{path}: {lines} lines (at most {MAX_LINES})"
    for cls in classes:
        method = None
        for node in cls.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if not node.name.startswith("_default"):
                    method = method or node
            elif is_field(node) and method:
                yield (
                    f"{path}:{node.lineno}: field {node.targets[0].id} of "
                    f"{cls.name} declared after the method {method.name} "
                    f"(line {method.lineno})"
                )


def main(root):
    found = [
        breach
        for room in ROOMS
        for path in sorted((root / room).glob("*.py"))
        for breach in breaches(path)
    ]
    for breach in found:
        print(breach)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ".")))
