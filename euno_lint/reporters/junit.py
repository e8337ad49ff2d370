"""JUnit XML for GitLab and Jenkins: a test suite per file, a test case per resource and rule.

Each finding is a ``<failure>`` of its test case; a test case whose findings are all suppressed
is ``<skipped>``; a file without findings has one passing test case, so every linted file
shows up in the CI's test report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from euno_lint.findings import Finding, Report
from euno_lint.reporters.common import RenderOptions, printable


def render(report: Report, options: RenderOptions) -> str:
    """The report as a JUnit XML document."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.path].append(finding)
    for path in report.paths:
        by_file.setdefault(path, [])
    root = ET.Element("testsuites", name="euno-lint")
    total_tests = total_failures = total_skipped = 0
    for path in sorted(by_file):
        cases = _cases(by_file[path])
        suite = ET.SubElement(root, "testsuite", name=printable(path))
        failures = skipped = 0
        for name, findings in cases:
            case = ET.SubElement(suite, "testcase", classname=printable(path), name=printable(name))
            active = [f for f in findings if not f.suppressed]
            for finding in active:
                message = printable(finding.message)
                failure = ET.SubElement(case, "failure", type=finding.code, message=message)
                failure.text = printable(str(finding))
            if findings and not active:
                reasons = "; ".join(sorted({f.suppression_reason or "no reason" for f in findings}))
                ET.SubElement(case, "skipped", message=printable(f"suppressed: {reasons}"))
                skipped += 1
            failures += 1 if active else 0
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failures))
        suite.set("errors", "0")
        suite.set("skipped", str(skipped))
        total_tests += len(cases)
        total_failures += failures
        total_skipped += skipped
    root.set("tests", str(total_tests))
    root.set("failures", str(total_failures))
    root.set("errors", "0")
    root.set("skipped", str(total_skipped))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _cases(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    if not findings:
        return [("euno-lint", [])]
    grouped: dict[str, list[Finding]] = {}
    for finding in findings:
        name = f"{finding.resource or '(file)'}: {finding.code} {finding.name}"
        grouped.setdefault(name, []).append(finding)
    return list(grouped.items())
