"""Planted bugs: the check issue 28 names, kept runnable. Each entry plants one plausible bug in a
rule module (a replacement in its source), runs the tests that cover the module, and restores the
file; a bug no test notices is a gap. Run from the repository root, with nothing else editing the
sources: `.venv/bin/python tools/planted_bugs.py` (about 12 minutes). The set below was written
after the mutation scope, apart from the bugs the issue lists; on 2026-12-07 13 of 14 were caught,
and the fourteenth (a time limit taking effect on the day its clock starts) got its test.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (what the bug does, file, text replaced, replacement, tests run)
BUGS = [
    (
        "design term: filed on 2021-06-01 gets the old 10 years",
        "zhichan/assets/status.py",
        "filed_on >= DESIGN_TERM_CHANGE",
        "filed_on > DESIGN_TERM_CHANGE",
        "tests/assets/test_status.py tests/test_properties.py",
    ),
    (
        "a right not valid on its expiry day (Python form only)",
        "zhichan/assets/status.py",
        "return right.expires_on is None or day <= right.expires_on",
        "return right.expires_on is None or day < right.expires_on",
        "tests/assets tests/test_properties.py tests/protection/test_cases.py",
    ),
    (
        "working days between: counts the start day, not the end day",
        "zhichan/lib/workdays.py",
        "        day += timedelta(days=1)\n        count += is_workday(day)[0]",
        "        count += is_workday(day)[0]\n        day += timedelta(days=1)",
        "tests/lib tests/test_properties.py tests/protection",
    ),
    (
        "credit code: full-width characters no longer folded",
        "zhichan/lib/uscc.py",
        "value.translate(FULLWIDTH).upper()",
        "value.upper()",
        "tests/lib tests/test_properties.py tests/entities",
    ),
    (
        "office scope by region code instead of prefix (city sees only its own row)",
        "zhichan/accounts/access.py",
        "office_region(user).prefix}",
        "office_region(user).code}",
        "tests/test_access_rows.py tests/test_permissions.py tests/test_matrix.py",
    ),
    (
        "贴息: a qualification tag not counted on its last day",
        "zhichan/finance/subsidy.py",
        "(end is None or day <= end)",
        "(end is None or day < end)",
        "tests/finance",
    ),
    (
        "credit: an award counts from the start of its year, not its end",
        "zhichan/credit/services.py",
        "_counts(day, date(year, 12, 31), rule.valid_years)",
        "_counts(day, date(year, 1, 1), rule.valid_years)",
        "tests/credit",
    ),
    (
        "time limit: a rule taking effect on the start day is not applied",
        "zhichan/protection/services.py",
        "valid_from__lte=on",
        "valid_from__lt=on",
        "tests/protection",
    ),
    (
        "indicators: a move effective on the day still counted in the old region",
        "zhichan/monitor/compute.py",
        "        if effective_on > day:\n            return before",
        "        if effective_on >= day:\n            return before",
        "tests/monitor tests/test_properties.py",
    ),
    (
        "indicators: children's sum taken when some children lack the year",
        "zhichan/monitor/compute.py",
        "if kids and all(v is not None for v in values):",
        "if kids and any(v is not None for v in values):\n            values = [v for v in values if v is not None]",
        "tests/monitor",
    ),
    (
        "awards: the yearly cap counts payments of every year",
        "zhichan/awards/services.py",
        "category=rule.category, entity=application.entity, year=year",
        "category=rule.category, entity=application.entity",
        "tests/awards",
    ),
    (
        "awards: a tag obtained during the year refused",
        "zhichan/awards/services.py",
        "Q(valid_from__isnull=True) | Q(valid_from__lte=end),\n            Q(valid_to__isnull=True) | Q(valid_to__gte=start),",
        "Q(valid_from__isnull=True) | Q(valid_from__lte=start),\n            Q(valid_to__isnull=True) | Q(valid_to__gte=start),",
        "tests/awards",
    ),
    (
        "application numbers: 1985-89 old numbers read as 2085-89",
        "zhichan/lib/patentno.py",
        "if int(body[:2]) >= 85",
        "if int(body[:2]) >= 90",
        "tests/lib tests/test_properties.py tests/assets",
    ),
    (
        "classification: 'G06F 11/14*' read as the one symbol",
        "zhichan/classify/matcher.py",
        'Pattern("prefix" if star else "symbol", head)',
        'Pattern("symbol", head)',
        "tests/classify",
    ),
]


def main() -> int:
    caught = 0
    for name, path, old, new, tests in BUGS:
        source = (ROOT / path).read_text(encoding="utf-8")
        if source.count(old) != 1:
            print(f"CHANGED  {name}: the planted text is no longer in {path}; update the entry")
            continue
        (ROOT / path).write_text(source.replace(old, new), encoding="utf-8")
        try:
            env = dict(os.environ, ZHICHAN_TESTING="1", ZHICHAN_VAR_DIR=tempfile.mkdtemp())
            started = time.monotonic()
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *tests.split()],
                                 cwd=ROOT, env=env, capture_output=True, text=True)  # fmt: skip
        finally:
            (ROOT / path).write_text(source, encoding="utf-8")
        failed = next((line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))), "")
        caught += run.returncode != 0
        verdict = "CAUGHT  " if run.returncode else "SURVIVED"
        print(f"{verdict} {name} ({time.monotonic() - started:.0f} s) {failed[:120]}", flush=True)
    print(f"caught {caught} of {len(BUGS)}")
    return 0 if caught == len(BUGS) else 1


if __name__ == "__main__":
    sys.exit(main())
