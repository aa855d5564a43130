"""A small mutation tester: one-operator changes to one module, each run against that module's own tests.

    python tools/mutation.py thaothiam/core/disclosure.py tests/core/test_disclosure.py ...
    make mutation            # the three modules of issue 17 §5 with their tests (docs/mutation.md)

Every mutant changes one thing in the module's abstract syntax tree:

* a comparison flips its boundary or sense (``<`` ↔ ``<=``, ``>`` ↔ ``>=``, ``==`` ↔ ``!=``,
  ``in`` ↔ ``not in``, ``is`` ↔ ``is not``);
* an arithmetic or bitwise operator swaps (``+`` ↔ ``-``, ``*`` ↔ ``/``, ``//`` → ``/``, ``%`` → ``*``,
  ``**`` → ``*``, ``>>`` ↔ ``<<``, ``&`` ↔ ``|``), also in ``+=`` and friends;
* ``and`` ↔ ``or``; a ``not`` or a unary minus is dropped;
* a number constant grows by 1; ``True`` ↔ ``False``;
* ``return x`` becomes ``return None``;
* a statement with an effect and no name of its own (an ``if``, ``for``, ``raise``, ``continue``,
  ``break``, a call on its own, ``x += …``, ``a[i] = …``, ``a.b = …``) becomes ``pass``.

Docstrings, type annotations and strings are left alone. The mutated module replaces the real one
in a forked child: the parent sets Django up and imports the module once; the child runs the mutant's
source in the module's namespace, points other modules' imported names at the mutant's objects, and
runs pytest in-process. Nothing on disk changes, so other checkouts are not disturbed. A mutant
is *killed* when the tests fail or run past the time limit (5 × the clean run + 120 s; the
summary counts timeouts apart, so a kill by time alone can be checked). Each run uses
``-x -q -p no:randomly`` and stops at the first failure. The test files run one after another, each in
its own pytest session, in the order given: pytest-django sorts the tests of one session so that those
using the database come first, which would put the fast contract files last.

Mutants known to be equivalent (they cannot change any output) are listed, with the reason, in
docs/mutation.md and in EQUIVALENT below, by module, line, column and description; they are reported apart and
not counted in the score.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import gc
import importlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENV_MODULE, ENV_SOURCE = "MUTATION_MODULE", "MUTATION_SOURCE"

# (module path, line, column, description) → why no test can tell the mutant from the original.
D, S, M = "thaothiam/core/disclosure.py", "thaothiam/surveys/stats.py", "thaothiam/surveys/masking.py"
_SIGN = "change() is only compared with 0 and is never 0; this keeps its sign"
_DOMINANCE = ("only the order of path costs matters; a total still costs more than all cells together and the "
              "grand total more than all other totals together, so every comparison comes out the same")
EQUIVALENT: dict[tuple[str, int, int, str], str] = {
    (D, 214, 18, "1 -> 2"): _DOMINANCE,
    (D, 215, 50, "1 -> 2"): _DOMINANCE,
    (D, 224, 15, "0 -> 1"): "one-way: every cycle crosses exactly two totals, so all cycles cost 2 more",
    (D, 228, 74, "1 -> 2"): "the direction is only used through change(), whose sign it keeps",
    (D, 228, 78, "1 -> 2"): "the direction is only used through change(), whose sign it keeps",
    (D, 230, 8, "remove If"): "unreachable: raising an entry with all its totals is always a valid cycle",
    (D, 231, 12, "remove Raise"): "unreachable: raising an entry with all its totals is always a valid cycle",
    (D, 247, 39, "0 -> 1"): "_cheapest_cycle runs only with a primary cell, so ext has >= 2 rows of equal length",
    (D, 251, 15, "Mult -> Div"): _SIGN,
    (D, 251, 36, "1 -> 2"): _SIGN,
    (D, 251, 56, "1 -> 2"): _SIGN,
    (D, 254, 7, "Lt -> LtE"): _SIGN,
    (D, 254, 22, "1 -> 2"): _SIGN,
    (D, 254, 27, "0 -> 1"): _SIGN,
    (D, 257, 25, "0 -> 1"): "the start's own distance is read only by the stale-entry check, which still passes",
    (D, 261, 8, "remove If"): "Dijkstra: the goal's distance and path are final once it is popped",
    (D, 262, 12, "remove Break"): "Dijkstra: the goal's distance and path are final once it is popped",
    (D, 263, 8, "remove If"): "a stale heap entry relaxes nothing: its distance is larger than the one used",
    (D, 264, 12, "remove Continue"): "a stale heap entry relaxes nothing: its distance is larger than the one used",
    (D, 272, 15, "Lt -> LtE"): _SIGN,
    (D, 272, 36, "0 -> 1"): _SIGN,
    (D, 275, 39, "1 -> 2"): "the default only has to exceed nd",
    # Two mutants share this key: (last_r + last_c) - 1, listed here, and last_r - (last_c) + 1, which dies.
    (D, 215, 32, "Add -> Sub"): "the grand total then costs 2 totals less: no choice changes in tables larger "
    "than 2 x 2 (docs/mutation.md), and none in every table up to 2 x 2 with counts up to 15",
    (D, 266, 45, "1 -> 2"): "the step is only used through change(), whose sign it keeps",
    (D, 268, 46, "1 -> 2"): "the step is only used through change(), whose sign it keeps",
    (S, 55, 70, "True -> False"): "both band sets have exactly five bands",
    (S, 92, 37, "6 -> 7"): "callers pass rows of width_for('likert5') = 6 values",
    (S, 96, 66, "True -> False"): "the zip on the next line (strict) still refuses a short row",
    (S, 97, 72, "True -> False"): "the zip on the line before (strict) already refuses a short row",
    (S, 154, 78, "1 -> 2"): "callers pass rows of multi_distributions: options + 1 values",
    (S, 105, 37, "5 -> 6"): "callers pass rows of width_for('behaviour') = 5 values",
    (S, 125, 42, "False -> True"): "astype copies or not: same values",
    (S, 136, 42, "False -> True"): "astype copies or not: same values",
    (M, 41, 18, "True -> False"): "Keys is only built and read, never assigned to, hashed or compared",
}

COMPARE_SWAP = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
BINOP_SWAP = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Mult,
    ast.Pow: ast.Mult,
    ast.RShift: ast.LShift,
    ast.LShift: ast.RShift,
    ast.BitAnd: ast.BitOr,
    ast.BitOr: ast.BitAnd,
}


# ---------------------------------------------------------------- finding mutation points


def _skipped_nodes(tree: ast.AST) -> set[int]:
    """ids of nodes never mutated: docstrings, annotations and everything inside them."""
    skip: set[int] = set()

    def drop(node):
        if node is not None:
            skip.update(id(n) for n in ast.walk(node))

    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            drop(body[0])
        if isinstance(node, ast.arg):
            drop(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            drop(node.returns)
        elif isinstance(node, ast.AnnAssign):
            drop(node.annotation)
        elif isinstance(node, ast.JoinedStr):
            drop(node)
    return skip


def _removable(node: ast.stmt) -> bool:
    if isinstance(node, ast.If | ast.For | ast.While | ast.Raise | ast.Continue | ast.Break | ast.AugAssign):
        return True
    if isinstance(node, ast.Expr):
        return isinstance(node.value, ast.Call)
    if isinstance(node, ast.Assign):
        return all(isinstance(t, ast.Subscript | ast.Attribute) for t in node.targets)
    return False


def mutations(tree: ast.AST) -> list[tuple[int, int, str]]:
    """Every (node position in ast.walk order, option, description) of the tree."""
    skip = _skipped_nodes(tree)
    out = []
    for pos, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Compare):
            for k, op in enumerate(node.ops):
                if type(op) in COMPARE_SWAP:
                    out.append((pos, k, f"{type(op).__name__} -> {COMPARE_SWAP[type(op)].__name__}"))
        elif isinstance(node, ast.BinOp | ast.AugAssign) and type(node.op) in BINOP_SWAP:
            out.append((pos, 0, f"{type(node.op).__name__} -> {BINOP_SWAP[type(node.op)].__name__}"))
        elif isinstance(node, ast.BoolOp):
            out.append((pos, 0, "and -> or" if isinstance(node.op, ast.And) else "or -> and"))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not | ast.USub):
            out.append((pos, 0, f"drop {type(node.op).__name__}"))
        elif isinstance(node, ast.Constant) and type(node.value) in (int, float):
            out.append((pos, 0, f"{node.value!r} -> {node.value + 1!r}"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
            out.append((pos, 0, f"{node.value} -> {not node.value}"))
        if (
            isinstance(node, ast.Return)
            and node.value is not None
            and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        ):
            out.append((pos, 1, "return None"))
        if isinstance(node, ast.stmt) and _removable(node):
            out.append((pos, 2, f"remove {type(node).__name__}"))
    return out


def mutate(tree: ast.AST, pos: int, option: int) -> ast.AST:
    tree = copy.deepcopy(tree)
    node = next(n for k, n in enumerate(ast.walk(tree)) if k == pos)
    if isinstance(node, ast.Compare) and option < len(node.ops):
        node.ops[option] = COMPARE_SWAP[type(node.ops[option])]()
    elif isinstance(node, ast.Return) and option == 1:
        node.value = ast.Constant(None)
    elif isinstance(node, ast.stmt) and option == 2:
        _replace_statement(tree, node)
    elif isinstance(node, ast.BinOp | ast.AugAssign):
        node.op = BINOP_SWAP[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.UnaryOp):
        _replace_expression(tree, node, node.operand)
    elif isinstance(node, ast.Constant) and isinstance(node.value, bool):
        node.value = not node.value
    elif isinstance(node, ast.Constant):
        node.value = node.value + 1
    else:  # pragma: no cover - mutations() and mutate() disagree
        raise AssertionError(f"cannot mutate {ast.dump(node)}")
    return ast.fix_missing_locations(tree)


def _replace_statement(tree: ast.AST, old: ast.stmt) -> None:
    for parent in ast.walk(tree):
        for field in ("body", "orelse", "finalbody"):
            block = getattr(parent, field, None)
            if isinstance(block, list) and any(s is old for s in block):
                block[[s is old for s in block].index(True)] = ast.copy_location(ast.Pass(), old)
                return
    raise AssertionError("statement not found")


def _replace_expression(tree: ast.AST, old: ast.expr, new: ast.expr) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                value[[v is old for v in value].index(True)] = new
                return
    raise AssertionError("expression not found")


# ---------------------------------------------------------------- running


def module_name(path: Path) -> str:
    return ".".join(path.resolve().relative_to(ROOT).with_suffix("").parts)


def _preload(module: str, tests: list[str] | None = None) -> None:
    """Import the heavy packages, set Django up and import the module once; each mutant forks from here."""
    from importlib.metadata import entry_points

    import django
    import hypothesis  # noqa: F401
    import numpy  # noqa: F401
    import pytest  # noqa: F401
    import pytest_django  # noqa: F401

    for plugin in entry_points(group="pytest11"):  # schemathesis, anyio ...: seconds each otherwise
        plugin.load()
    for extra in ("scipy.stats", "openpyxl"):  # what the tests import
        importlib.import_module(extra)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thaothiam.settings_test")
    django.setup()
    importlib.import_module(module)
    if tests:  # import the test modules once (collect only); each child re-points their names
        import pytest

        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            pytest.main(["--collect-only", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", *tests])
    gc.freeze()  # what is loaded now is never garbage: the children's gc.collect() skips it (seconds each)


def _swap_in(module: str, source: str) -> None:
    """Run the mutant's source in the loaded module's namespace and point every other loaded module's
    names that held the original objects at the mutant's (tests import theirs afresh afterwards)."""
    target = sys.modules[module]
    before = dict(vars(target))
    code = compile(Path(source).read_text(encoding="utf-8"), target.__file__, "exec")
    exec(code, target.__dict__)  # noqa: S102 - the mutated module under test
    changed = {
        id(old): target.__dict__[name]
        for name, old in before.items()
        if not name.startswith("__") and target.__dict__.get(name) is not old
    }
    for name, mod in list(sys.modules.items()):
        mine = name.startswith("thaothiam") or str(getattr(mod, "__file__", "") or "").startswith(str(ROOT / "tests"))
        if mod is None or mod is target or not mine:
            continue
        for attr, value in list(vars(mod).items()):
            if id(value) in changed and not isinstance(value, int | str | type(None)):
                setattr(mod, attr, changed[id(value)])
        for attr, value in list(vars(mod).items()):  # constants imported by name (ints are shared objects)
            if (
                attr in before
                and isinstance(value, int)
                and not isinstance(value, bool)
                and value is before[attr]
                and getattr(mod, "__name__", "") != module
            ):
                setattr(mod, attr, target.__dict__[attr])


def _start(tests: list[str], env: dict) -> int:
    """Fork a child that runs pytest on `tests` in-process with `env` (and the mutant it names)."""
    import pytest

    pid = os.fork()
    if pid == 0:  # child: quiet, with the mutant's environment, then pytest in this process
        code = 99  # anything odd counts as an error, never as "passed"
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.environ.clear()
            os.environ.update(env)
            os.chdir(ROOT)
            gc.disable()  # a short-lived child: collecting a large forked heap costs minutes on a busy machine
            import _pytest.unraisableexception as unraisable

            unraisable.gc_collect_harder = lambda *args, **kwargs: None
            if env.get(ENV_MODULE):
                _swap_in(env[ENV_MODULE], env[ENV_SOURCE])
            for test_file in tests:  # one session per file, in order: see the module's docstring
                code = int(pytest.main(["-x", "-q", "-p", "no:randomly", "-p", "no:cacheprovider", test_file]))
                if code != 0:
                    break
        finally:
            os._exit(code)
    return pid


def _verdict(code: int) -> str:
    return "passed" if code == 0 else "failed" if code == 1 else f"error {code}"


def run_tests(tests: list[str], env: dict, jobs: list[tuple], timeout: float | None, parallel: int = 1):
    """Run every (key, env) job; yield (key, status, seconds) as each finishes. status: "passed" |
    "failed" | "timeout" | "error N"."""
    waiting, running = list(jobs), {}
    while waiting or running:
        while waiting and len(running) < parallel:
            key, extra = waiting.pop(0)
            running[_start(tests, {**env, **extra})] = (key, time.monotonic())
        for pid, (key, start) in list(running.items()):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                del running[pid]
                yield key, _verdict(os.waitstatus_to_exitcode(status)), time.monotonic() - start
            elif timeout is not None and time.monotonic() - start > timeout:
                os.kill(pid, 9)
                os.waitpid(pid, 0)
                del running[pid]
                yield key, "timeout", time.monotonic() - start
        time.sleep(0.05)


def where(module_path: str) -> list[tuple[int, int, str]]:
    """(line, column, description) of every mutant of the module, in the runner's order."""
    tree = ast.parse((ROOT / module_path).read_text(encoding="utf-8"))
    nodes = list(ast.walk(tree))
    return [
        (getattr(nodes[pos], "lineno", 0), getattr(nodes[pos], "col_offset", 0), what)
        for pos, _option, what in mutations(tree)
    ]


def run(
    module_path: str, tests: list[str], only_lines: set[int] | None = None, parallel: int = 1, out=sys.stdout
) -> dict:
    path = (ROOT / module_path).resolve()
    rel, name = str(path.relative_to(ROOT)), module_name(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    points, places = mutations(tree), where(rel)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    sys.path.insert(0, str(ROOT))
    _preload(name, tests)
    [(_, status, clean)] = list(run_tests(tests, env, [(None, {})], None))
    if status != "passed":
        raise SystemExit(f"{rel}: the tests fail without any mutant ({status})")
    timeout = 5 * clean + 120  # generous: on a shared machine a slow run must not pass for a kill
    print(f"{rel}: {len(points)} mutants, clean run {clean:.1f}s", file=out, flush=True)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = []
        for k, (pos, option, _what) in enumerate(points):
            if only_lines and places[k][0] not in only_lines:
                continue
            mutant = Path(tmp) / f"m{k}.py"
            mutant.write_text(ast.unparse(mutate(tree, pos, option)), encoding="utf-8")
            jobs.append((k, {ENV_MODULE: name, ENV_SOURCE: str(mutant)}))
        for k, status, took in run_tests(tests, env, jobs, timeout, parallel):
            line, col, what = places[k]
            results.append(
                {
                    "index": k,
                    "line": line,
                    "col": col,
                    "mutation": what,
                    "status": status,
                    "killed": status != "passed",
                }
            )
            print(
                f"  {k + 1:3}/{len(points)} line {line:3} {what:28} "
                f"{'killed' if status != 'passed' else 'SURVIVED':10} ({status}, {took:.1f}s)",
                file=out,
                flush=True,
            )
    return summarise({"module": rel, "results": sorted(results, key=lambda r: r["index"])}, out)


def summarise(result: dict, out=sys.stdout) -> dict:
    """Score a run, leaving out the survivors listed in EQUIVALENT (a listed mutant that dies still counts)."""
    rel = result["module"]
    places = where(rel)
    for k, r in enumerate(result["results"]):
        index = r.get("index", k)  # runs of the first version kept no index: every mutant, in order
        line, col, what = places[index]
        if (line, what) != (r["line"], r["mutation"]):
            raise SystemExit(f"{rel} changed since this run: mutant {index + 1} is now {line} {what}")
        r.update(index=index, col=col, equivalent=EQUIVALENT.get((rel, line, col, what)))
    ordered = result["results"]
    current = {(rel, *place) for place in places}
    for stale in sorted(k for k in EQUIVALENT if k[0] == rel and k not in current):  # the module moved on
        print(f"  EQUIVALENT names no mutant of {rel} now: line {stale[1]}:{stale[2]} {stale[3]}", file=out)
    counted = [r for r in ordered if r["killed"] or not r["equivalent"]]
    killed = sum(r["killed"] for r in counted)
    timeouts = sum(r["status"] == "timeout" for r in counted)
    score = 100.0 * killed / len(counted) if counted else 100.0
    print(
        f"{rel}: killed {killed} of {len(counted)} non-equivalent mutants = {score:.1f} % ({timeouts} of "
        f"the kills by timeout; {len(ordered) - len(counted)} equivalent mutants left out)",
        file=out,
        flush=True,
    )
    for r in ordered:
        if not r["killed"]:
            label = f"equivalent ({r['equivalent']})" if r["equivalent"] else "SURVIVOR"
            print(f"  line {r['line']}:{r['col']} {r['mutation']}: {label}", file=out, flush=True)
    return {**result, "mutants": len(ordered), "killed": killed, "counted": len(counted), "score": score}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "module", help="the module file, e.g. thaothiam/core/disclosure.py (or a .json with --report)"
    )
    parser.add_argument("tests", nargs="*", help="its test files")
    parser.add_argument("--lines", help="only mutants on these lines, e.g. 10,12")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--report", action="store_true", help="score a --json file of an earlier run again")
    parser.add_argument("-j", "--jobs", type=int, default=1, help="mutants run at once")
    parser.add_argument("--min-score", type=float, default=0.0, help="exit 1 below this score")
    args = parser.parse_args(argv)
    if args.report:
        result = summarise(json.loads(Path(args.module).read_text(encoding="utf-8")))
    else:
        if not args.tests:
            parser.error("name the module's test files")
        lines = {int(x) for x in args.lines.split(",")} if args.lines else None
        result = run(args.module, args.tests, lines, args.jobs)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False), encoding="utf-8")
    return 1 if result["score"] < args.min_score else 0


if __name__ == "__main__":
    sys.exit(main())
