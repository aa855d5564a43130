"""`make audit`: known vulnerabilities in the pinned Python packages (pip-audit over requirements.lock)
and the npm packages (npm audit over package-lock.json).

Both tools need an advisory service on the internet. Where it cannot be reached they do not always
fail: pip-audit marks every package "could not be audited" and exits 0, npm audit reports an HTTP
error. This script tells those cases apart and says plainly what was NOT audited. Exit status: 1 when
a vulnerability was found, 0 otherwise (also when nothing could be audited, so it never breaks a
build offline). Not part of CI (docs/security.md).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PIP_AUDIT = ROOT / ".venv-audit" / "bin" / "pip-audit"


def python_packages() -> tuple[str, int]:
    if not PIP_AUDIT.exists():
        return "Python: pip-audit is not installed (the package index could not be reached) — NOT audited.", 0
    run = subprocess.run([str(PIP_AUDIT), "-r", str(ROOT / "requirements.lock"), "--no-deps", "--disable-pip",
                          "--format", "json", "--progress-spinner", "off"], capture_output=True, text=True)
    try:
        deps = json.loads(run.stdout)["dependencies"]
    except (ValueError, KeyError):
        return f"Python: the advisory service could not be reached — NOT audited.\n  {run.stderr.strip()[:300]}", 0
    skipped = [d["name"] for d in deps if d.get("skip_reason")]
    if deps and len(skipped) == len(deps):
        return (f"Python: the advisory service could not be reached — NONE of the {len(deps)} pinned packages "
                "was audited.", 0)
    found = [(d["name"], d["version"], v["id"], ", ".join(v.get("fix_versions", [])) or "no fix yet")
             for d in deps for v in d.get("vulns", [])]
    lines = [f"Python: {len(deps) - len(skipped)} of {len(deps)} pinned packages audited, "
             f"{len(found)} known vulnerabilities."]
    if skipped:
        lines.append(f"  NOT audited ({len(skipped)}, the advisory service did not answer for them): "
                     + ", ".join(skipped))
    lines += [f"  {name} {version}: {vuln} (fixed in {fix})" for name, version, vuln, fix in found]
    return "\n".join(lines), 1 if found else 0


def npm_packages() -> tuple[str, int]:
    if not shutil.which("npm"):
        return "npm: npm is not installed — NOT audited.", 0
    run = subprocess.run(["npm", "audit", "--json", "--package-lock-only"], cwd=ROOT, capture_output=True, text=True)
    try:
        report = json.loads(run.stdout)
    except ValueError:
        report = {}
    counts = report.get("metadata", {}).get("vulnerabilities")
    if counts is None:
        reason = report.get("message") or run.stderr.strip()[:300]
        return f"npm: the advisory service could not be reached — NOT audited.\n  {reason}", 0
    total = sum(v for k, v in counts.items() if k not in ("total", "info"))
    lines = [f"npm: audited, {total} known vulnerabilities ({', '.join(f'{k} {v}' for k, v in counts.items())})."]
    for name, item in report.get("vulnerabilities", {}).items():
        via = ", ".join(v if isinstance(v, str) else str(v.get("title")) for v in item.get("via", []))
        lines.append(f"  {name}: {item.get('severity')} via {via}")
    return "\n".join(lines), 1 if total else 0


def main() -> int:
    status = 0
    for check in (python_packages, npm_packages):
        text, code = check()
        print(text)
        status = max(status, code)
    return status


if __name__ == "__main__":
    sys.exit(main())
