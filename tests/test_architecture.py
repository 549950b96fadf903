"""The layers stay layers: SQL only inside ledger/, no import cycle, the ledger imports nothing above it.

Imports are read with ``ast`` from every module of ``src/counterclaim`` (function-level
imports included, as they run all the same); a module is a node, and ``from a import b``
names the module ``a.b`` when there is one.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "counterclaim"
#: what ``ledger/`` may import: the records and errors below it, and itself
LEDGER_MAY_IMPORT = ("counterclaim.ledger", "counterclaim.records", "counterclaim.errors", "counterclaim.settings")
#: a SQL statement, or a fragment of one (a bound comparison, a planner hint, a full-text match)
SQL = re.compile(r"\bSELECT\b.*\bFROM\b|\bINSERT\s+(?:OR\s+\w+\s+)?INTO\b|\bUPDATE\s+\w+\s+SET\b|\bDELETE\s+FROM\b"
                 r"|\bCREATE\s+(?:TABLE|INDEX|VIRTUAL|TRIGGER|VIEW|UNIQUE)\b|\bDROP\s+(?:TABLE|INDEX)\b"
                 r"|\bEXPLAIN\b|\bPRAGMA\s+\w+|\bINDEXED\s+BY\b|\bMATCH\s+\?|\s(?:=|!=|<|>|<=|>=|IN|LIKE)\s+\(?\?"
                 r"|\bORDER\s+BY\b|\bGROUP\s+BY\b|\bWHERE\b.*\?", re.S)


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The counterclaim modules one module imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([base] if base else []))
            for a in node.names:
                out.add(base + "." + a.name if base + "." + a.name in known else base)
    return {m for m in out if m.startswith("counterclaim") and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: {m for m in imports_of(name, path, known) if m in known} for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan)."""
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def package_of(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_no_import_cycle_between_modules():
    assert cycles(graph()) == []


def test_no_import_cycle_between_packages():
    edges: dict[str, set[str]] = {}
    for m, deps in graph().items():
        edges.setdefault(package_of(m), set()).update(package_of(d) for d in deps if package_of(d) != package_of(m))
    edges.pop("counterclaim", None)  # the package's own __init__ (records and errors) is below everything
    assert cycles(edges) == []


def test_the_ledger_imports_nothing_above_it():
    wrong = sorted((m, d) for m, deps in graph().items() if m.startswith("counterclaim.ledger")
                   for d in deps if not d.startswith(LEDGER_MAY_IMPORT))
    assert wrong == [], "ledger/ imports above itself (link, corpus, ingest, extract, web, cli, service…)"


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                out.add(id(first.value))
    return out


def sql_literals(path: Path) -> list[tuple[int, str]]:
    """String literals of a module (docstrings aside) that are SQL or pieces of it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [(node.lineno, node.value[:80]) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and SQL.search(node.value)]


def test_no_sql_outside_the_ledger():
    found = {str(path.relative_to(SRC)): hits for name, path in sorted(modules().items())
             if not name.startswith("counterclaim.ledger") and (hits := sql_literals(path))}
    assert found == {}, "SQL belongs in a method of counterclaim.ledger"


def test_the_sql_check_sees_sql():
    ledger = [p for p in (PACKAGE / "ledger").glob("*.py") if sql_literals(p)]
    assert {p.name for p in ledger} >= {"store.py", "reads.py", "paging.py", "linking.py", "series.py"}
