"""docs/mutation-report.md from the last `mutmut run` (`make mutants` runs both).

Per module: the mutants mutmut made, those a test killed (a time-out counts: the test noticed),
those written down as equivalent in tools/mutation-equivalents.toml (with the reason), the
survivors nobody has explained, and those no selected test reaches. The score is killed over all
but the equivalent ones; the goal is 90 % per module and no unexplained survivor.

Results last: each report also writes tools/mutation-results.json, every scoped mutant's outcome
beside a hash of its function's source. A later report takes a mutant's outcome from there while
its function is unchanged and this checkout's `mutmut run` has not checked it, so a fresh clone, or
a run limited to what changed, still reports the whole scope; a changed function's mutants count
as not run until they are run again.
"""

import ast
import hashlib
import json
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENTS = ROOT / "tools" / "mutation-equivalents.toml"
REPORT = ROOT / "docs" / "mutation-report.md"
KILLED = {"killed", "timeout", "caught by type check"}
SCOPE = ROOT / "tools" / "mutation-scope.toml"
LEDGER = ROOT / "tools" / "mutation-results.json"
NOT_RUN = "not checked"


def scope() -> list[dict]:
    return tomllib.loads(SCOPE.read_text(encoding="utf-8"))["module"]


def equivalents() -> dict[str, str]:
    """Mutant name → why it changes nothing a caller can observe."""
    return tomllib.loads(EQUIVALENTS.read_text(encoding="utf-8")).get("mutants", {})


def in_scope(name: str, modules: list[dict]) -> str | None:
    """The module of a mutant if its function is one scope.toml lists, else None."""
    for module in modules:
        prefix = module["name"] + "."
        if name.startswith(prefix):
            function = name[len(prefix) :].split("__mutmut_")[0]
            wanted = module["functions"]
            return module["name"] if "*" in wanted or function in wanted else None
    return None


def readable(function: str) -> str:
    """mutmut's x_name / xǁClassǁmethod as the source spells it."""
    if function.startswith("xǁ"):
        return function[2:].replace("ǁ", ".")
    return function.removeprefix("x_")


def patterns() -> list[str]:
    """The names to hand to `mutmut run`: every scoped function's mutants."""
    out = []
    for module in scope():
        for function in module["functions"]:
            out.append(f"{module['name']}.*" if function == "*" else f"{module['name']}.{function}__mutmut_*")
    return out


def function_hashes() -> dict[str, str]:
    """mutmut's function name ("zhichan.lib.uscc.x_validate", "….xǁCompiledǁcodes") → a hash of the
    function's source, for every function of the scoped modules."""
    found = {}
    for module in scope():
        text = (ROOT / (module["name"].replace(".", "/") + ".py")).read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            members = [(f"x_{node.name}", node)] if isinstance(node, ast.FunctionDef) else []
            if isinstance(node, ast.ClassDef):
                members = [(f"xǁ{node.name}ǁ{item.name}", item) for item in node.body
                           if isinstance(item, ast.FunctionDef)]  # fmt: skip
            for name, item in members:
                source = ast.get_source_segment(text, item) or ""
                found[f"{module['name']}.{name}"] = hashlib.sha256(source.encode()).hexdigest()[:16]
    return found


def function_of(mutant: str) -> str:
    return mutant.split("__mutmut_")[0]


def ledger() -> dict:
    if not LEDGER.exists():
        return {"functions": {}, "mutants": {}}
    return json.loads(LEDGER.read_text(encoding="utf-8"))


def merged(live: dict[str, str]) -> dict[str, str]:
    """The outcome of every scoped mutant: this checkout's run where it checked the mutant, else
    the recorded outcome while the function is unchanged, else not run."""
    hashes, kept = function_hashes(), ledger()
    current, run_here = {}, {function_of(name) for name in live}
    for name, status in kept["mutants"].items():
        function = function_of(name)
        if function in run_here and name not in live:
            continue  # this checkout's mutmut made the function's mutants anew: no such mutant now
        if function in hashes:  # a function changed since keeps its mutants, as not run
            current[name] = status if kept["functions"].get(function) == hashes[function] else NOT_RUN
    for name, status in live.items():
        if status != NOT_RUN or name not in current:
            current[name] = status
    return current


def record(found: dict[str, str]) -> None:
    """Write the outcomes with their functions' hashes (those not run too, so that they stay
    counted as not run until a run checks them)."""
    hashes = function_hashes()
    mutants = dict(sorted(found.items()))
    functions = {fn: hashes[fn] for fn in sorted({function_of(n) for n in mutants}) if fn in hashes}
    LEDGER.write_text(json.dumps({"functions": functions, "mutants": mutants}, ensure_ascii=False, indent=0)
                      + "\n", encoding="utf-8")  # fmt: skip


def results() -> dict[str, str]:
    if not (ROOT / "mutants").is_dir():
        return {}
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout  # fmt: skip
    found = {}
    for line in out.splitlines():
        name, sep, status = line.strip().rpartition(": ")
        if sep and "__mutmut_" in name:
            found[name] = status.strip()
    return found


def main() -> None:
    modules = scope()
    found = merged({name: status for name, status in results().items() if in_scope(name, modules)})
    record(found)
    equivalent = equivalents()
    by_module: dict[str, Counter] = defaultdict(Counter)
    open_survivors, stale = (
        [],
        [n for n in equivalent if found.get(n) not in ("survived", "not checked", None)],
    )
    for name, status in sorted(found.items()):
        module = in_scope(name, modules)
        if status in KILLED:
            by_module[module]["killed"] += 1
        elif name in equivalent:
            by_module[module]["equivalent"] += 1
        elif status == "survived":
            by_module[module]["survived"] += 1
            open_survivors.append(name)
        elif status == NOT_RUN:
            by_module[module][NOT_RUN] += 1
        elif status == "no tests":
            by_module[module]["no tests"] += 1
            open_survivors.append(name)
        else:
            by_module[module][status] += 1
        by_module[module]["mutants"] += 1
    lines = [
        "# Mutation testing report",
        "",
        "Made by `make mutants` (mutmut 3.8.1 over the modules and tests listed under `[tool.mutmut]` in",
        "`pyproject.toml`, then `tools/mutation_report.py`). A mutant is *killed* when a test fails on it",
        "(a time-out counts); *equivalent* mutants change nothing a caller can observe and are written",
        "down with the reason in `tools/mutation-equivalents.toml`. Score: killed ÷ (mutants run − equivalent).",
        "Each mutant's outcome is kept in `tools/mutation-results.json` beside a hash of its function: a",
        "function changed since its mutants were run counts as not run until `make mutants-again`.",
        "",
        "| module | mutants | not run | killed | equivalent | survived | no test reaches | score |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def row(name: str, c: Counter) -> str:
        scored = c["mutants"] - c["not checked"] - c["equivalent"]  # of those run
        score = f"{100 * c['killed'] / scored:.1f} %" if scored else "—"
        return (f"| {name} | {c['mutants']} | {c['not checked']} | {c['killed']} | {c['equivalent']} "
                f"| {c['survived']} | {c['no tests']} | {score} |")  # fmt: skip

    lines += [row(f"`{module}`", c) for module, c in sorted(by_module.items())]
    total = sum(by_module.values(), Counter())
    lines.append(row("all", total))
    if total["not checked"]:
        lines += ["", f"{total['not checked']} mutants of the scope were not run (an interrupted run; the score "
                      "counts those run): run `make mutants-again`."]  # fmt: skip
    lines += ["", "## Survivors not yet killed or explained", ""]
    lines += [f"- `{name}` ({found[name]})" for name in open_survivors] or ["None."]
    lines += ["", "## What is mutated", "",
              "The functions listed in `tools/mutation-scope.toml`; the rest of a module is left out where "
              "it only presents or routes what the rules decide.", ""]  # fmt: skip
    for module in modules:
        functions = ("every function" if "*" in module["functions"]
                     else ", ".join(f"`{readable(f)}`" for f in module["functions"]))  # fmt: skip
        lines.append(f"- `{module['name']}` — {module['what']}: {functions}."
                     + (f" Left out: {module['left_out']}." if module.get("left_out") else ""))  # fmt: skip
    lines += ["", "## Equivalent mutants", ""]
    lines += [f"- `{name}`: {reason}" for name, reason in sorted(equivalent.items()) if name in found]
    if stale:
        lines += ["", "Listed as equivalent but no longer surviving (remove from the list): "
                  + ", ".join(f"`{n}`" for n in stale)]  # fmt: skip
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines[7 : 7 + 3 + len(by_module)]))  # the table


def unfinished() -> list[str]:
    """The scoped mutants neither killed in the last runs nor written down as equivalent."""
    modules, equivalent = scope(), equivalents()
    found = merged({name: status for name, status in results().items() if in_scope(name, modules)})
    return [name for name, status in found.items() if status not in KILLED and name not in equivalent]


if __name__ == "__main__":
    if sys.argv[1:] == ["--patterns"]:
        print("\n".join(patterns()))  # one per line; the Makefile turns globbing off
    elif sys.argv[1:] == ["--unfinished"]:
        print("\n".join(unfinished()))
    else:
        main()
