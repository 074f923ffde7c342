"""The devset bench's table (Markdown) and its section of docs/digest-benchmarks.md."""

from __future__ import annotations

import os
import platform
from datetime import date
from importlib.metadata import version
from pathlib import Path

from bench.devscore import KP_THRESHOLD, mean

KINDS = {"email": "convosumm-email", "arguments": "ibm-argkp-kpa2021",
         "committee": "qmsum-committee"}
BEGIN, END = "<!-- devsets:begin -->", "<!-- devsets:end -->"
LABELS = {"rouge1": "R-1", "rouge2": "R-2", "rougeLsum": "R-Lsum"}


def machine() -> str:
    """One line naming the machine and the versions that change the figures."""
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "?")
    return (f"{os.cpu_count()} × {cpu}, shared with other work; Python "
            f"{platform.python_version()}, rouge-score {version('rouge-score')}, "
            f"scikit-learn {version('scikit-learn')}, numpy {version('numpy')}")


def kind_lines(kind: str, run: dict) -> list[str]:
    """One kind's table: systems × ROUGE (and coverage), then the digest's own figures."""
    results = run["results"]
    systems = list(results[0].scores) if results else []
    has_kp = any(r.coverage for r in results)
    head = "| system | " + " | ".join(LABELS.values()) + (
        " | key points, reference's length | key points, digest's length |" if has_kp else " |")
    lines = [f"### {kind} ({len(results)} of {run['total']} cases)", "", head,
             "| --- | " + " | ".join("---:" for _ in LABELS)
             + (" | ---: | ---: |" if has_kp else " |")]
    means = {s: {m: mean([r.scores[s][m] for r in results]) for m in LABELS} for s in systems}
    for s in systems:
        row = " | ".join(f"{means[s][m]:.3f}" for m in LABELS)
        kp = (f" | {mean([r.coverage[s] for r in results]):.0%} | "
              f"{mean([r.coverage_long[s] for r in results]):.0%} |") if has_kp else " |"
        lines.append(f"| {s} | {row}{kp}")
    baselines = [s for s in systems if s != "digest"]
    best = max(baselines, key=lambda s: means[s]["rouge2"]) if baselines else None
    ratio = (means["digest"]["rouge2"] / means[best]["rouge2"]
             if best and means[best]["rouge2"] else float("nan"))
    content = sum(r.content_lines for r in results)
    sourced = sum(r.sourced_lines for r in results)
    seconds = [r.digest_seconds for r in results]
    lines += [
        "",
        f"- digest / best baseline ({best}) on R-2: **{ratio:.2f}**",
        f"- content sentences carrying sources: {sourced:,} of {content:,}"
        + (f" ({sourced / content:.0%})" if content else ""),
        f"- empty digests (no content sentence): {sum(r.empty for r in results)}",
        f"- digest time per case: mean {mean(seconds):.2f} s, max "
        f"{max(seconds, default=0):.2f} s; whole kind {run['seconds']:.0f} s "
        f"(import {run['import_seconds']:.0f} s, 0 when already imported)",
        "",
    ]
    return lines


def markdown_table(runs: dict, command: str) -> str:
    """The whole measured section: how it was run, then one table per kind."""
    lines = [
        f"Measured on {date.today():%d %B %Y} with `{command}`.",
        f"Machine: {machine()}.",
        "",
        "Mean F1 per case, every system cut to the reference's word count (whole sentences, "
        "the last one truncated). Key points: share of the expert key points whose best "
        f"output sentence reaches ROUGE-1 F1 ≥ {KP_THRESHOLD}, with every system cut to the "
        "reference's length, and to the whole digest's length (digest uncut, baselines given "
        "as many words).",
        "",
    ]
    for kind, run in runs.items():
        lines += kind_lines(kind, run)
    return "\n".join(lines)


def write_section(path: Path, table: str) -> None:
    """Replace the text between the markers in `path` (created with them when missing)."""
    text = path.read_text("utf-8") if path.exists() else \
        f"# Digest benchmarks on the development sets\n\n{BEGIN}\n{END}\n"
    if BEGIN not in text or END not in text:
        text = text.rstrip("\n") + f"\n\n{BEGIN}\n{END}\n"
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    path.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", "utf-8")
