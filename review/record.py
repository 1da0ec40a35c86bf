"""The decision record for committee: the statutory record of an officer decision (the
decision, its date, who took it, its reasons and the alternatives rejected), with how the
directorates validated the plan, the Board's rulings, and the state of the hash-chained log.

Every value from the database or the register is escaped: the page is text, whatever a
project's name or a comment holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from markupsafe import escape
from sqlalchemy import Engine

from review.audit import entries, verify
from review.board import Approval, Board
from review.rounds import Rounds, Verdict

STYLE = (
    "body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
    "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #999;padding:.25em .5em;"
    "text-align:left;vertical-align:top}"
)


def decision_record(engine: Engine, rounds: Rounds, board: Board) -> str:
    """The record of the latest approval (the plan of record) as one HTML page."""
    approvals = board.approvals()
    parts = ["<h1>Record of decision: portfolio reset</h1>"]
    if not approvals:
        parts.append("<p id='no-approval'>No plan of record has been approved yet.</p>")
    else:
        parts += _decision(approvals[0])
        if approvals[0].round_id is not None:
            parts += _round(rounds, board, approvals[0])
    checked = verify(engine)
    last = list(entries(engine))[-1:] if checked.entries else []
    state = (
        f"{checked.entries} entries, every link intact"
        if checked.intact
        else f"DOES NOT VERIFY: {'; '.join(checked.broken)}"
    )
    head = f"; last entry's hash {last[0].hash}" if last else ""
    parts.append(
        f"<h2>The record</h2><p id='record-state'>Decision log: {escape(state)}{escape(head)}. "
        "Check it with <code>prioritise audit verify</code>.</p>"
    )
    body = "\n".join(parts)
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Record of decision"
        f"</title><style>{STYLE}</style></head><body>{body}</body></html>"
    )


def write_record(path: Path, engine: Engine, rounds: Rounds, board: Board) -> None:
    path.write_text(decision_record(engine, rounds, board), encoding="utf-8")


def _decision(approval: Approval) -> list[str]:
    rows = [
        ("Decision", f"to adopt {approval.plan} as the plan of record"),
        ("What it changes", approval.changes or "nothing: the recommended plan as it stands"),
        ("Date", approval.at.strftime("%d %B %Y, %H:%M UTC")),
        ("Decided by", f"{approval.approved_by}, Transformation Board"),
        ("Register (sha256)", approval.register_hash),
        ("Config (sha256)", approval.config_hash),
    ]
    parts = ["<h2>The decision</h2>", _table(("", ""), rows, header=False)]
    parts.append(f"<h2>Reasons</h2><p id='reasons'>{escape(approval.reasons)}</p>")
    parts.append("<h2>Alternatives considered and rejected</h2>")
    if not approval.alternatives:
        parts.append("<p>None was put to the Board beside this plan.</p>")
    else:
        alternatives = [
            (
                str(a["name"]),
                str(a["changes_asked"]),
                f"{float(a['objective_change']):+.2f}",
                ", ".join(f"{y}: {float(v):+,.0f}" for y, v in a["benefit_change_k"].items()),
                str(a["projects_changed"]),
            )
            for a in approval.alternatives
        ]
        heads = (
            "Alternative",
            "What it changed",
            "Objective vs the recommendation",
            "Gap closed vs the recommendation (£k by year)",
            "Projects changed",
        )
        parts.append(_table(heads, alternatives))
    return parts


def _round(rounds: Rounds, board: Board, approval: Approval) -> list[str]:
    """The round as it stood when the plan was approved."""
    assert approval.round_id is not None
    round_id, until = approval.round_id, approval.at
    round_ = rounds.get(round_id)
    progress = [
        (p.directorate, str(p.projects), str(p.accepted), str(p.challenged), str(p.escalated),
         str(p.outstanding))
        for p in rounds.progress(round_id, until)
    ]  # fmt: skip
    heads = ("Directorate", "Projects", "Accepted", "Challenged", "Escalated", "Not validated")
    parts = [
        f"<h2>Directorate validation: {escape(round_.name)}, as it stood when approved</h2>",
        f"<p>Issued by {escape(round_.issued_by)} from {escape(round_.source)} on "
        f"{round_.issued_at:%d %B %Y}.</p>",
        _table(heads, progress),
    ]
    rulings = board.rulings(round_id, until)
    raised = [
        (
            v.project_id,
            v.verdict.value,
            v.user_name,
            v.proposed or "",
            v.comment,
            f"{rulings[v.id].ruling.value}ed by {rulings[v.id].user_name}: {rulings[v.id].reason}"
            if v.id in rulings
            else "not ruled on",
        )
        for v in rounds.latest(round_id, until).values()
        if v.verdict is not Verdict.ACCEPT
    ]
    if raised:
        heads = ("Project", "Raised", "By", "Proposed", "Why", "The Board")
        parts += ["<h3>Challenges and escalations</h3>", _table(heads, raised)]
    return parts


def _table(heads: Sequence[str], rows: Sequence[Sequence[str]], header: bool = True) -> str:
    head = "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr>" if header else ""
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table>{head}{body}</table>"
