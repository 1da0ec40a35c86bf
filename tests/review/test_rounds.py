"""A validation round end to end in the library: the PMO issues, directors validate only their
own projects, the Board rules and approves, and the record verifies and reads as a decision."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine

from inputs import read_config, read_register
from inputs.scenarios import Scenario
from reset.whatif import Comparison
from review.audit import entries, verify
from review.board import Board, BoardError, Ruling
from review.record import decision_record
from review.roles import AccessError, Role, User
from review.rounds import RoundError, Rounds, Verdict
from tests.conftest import SMALL_CONFIG, SMALL_REGISTER
from workspace.state import Workspace, open_workspace

PMO = User(1, "Pat PMO", Role.PMO, None)
ADULTS = User(2, "Ada Adults", Role.DIRECTOR, "Adults")
CHILDREN = User(3, "Chi Children", Role.DIRECTOR, "Children")
BOARD = User(4, "Bea Board", Role.BOARD, None)
VIEWER = User(5, "Vic Viewer", Role.VIEWER, None)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    config = read_config(SMALL_CONFIG)
    database = tmp_path_factory.mktemp("rounds") / "r.db"
    return open_workspace(
        read_register(SMALL_REGISTER, config=config), config, f"sqlite:///{database}"
    )


@pytest.fixture
def fresh(workspace: Workspace, tmp_path: Path) -> tuple[Workspace, Engine]:
    """The module's solved workspace over a database of its own, for each test."""
    from workspace.store import ScenarioStore

    store = ScenarioStore(f"sqlite:///{tmp_path / 'round.db'}")
    return Workspace(workspace.baseline, workspace.options, store), store.engine


def _issued(workspace: Workspace, engine: Engine) -> tuple[Rounds, int]:
    rounds = Rounds(engine)
    hashes = (workspace.register_hash, workspace.config_hash)
    issued = rounds.issue("Reset 1", workspace.baseline, "the recommended plan", PMO, hashes)
    return rounds, issued.id


def _recommended(workspace: Workspace, project: str) -> str:
    return workspace.baseline.result.by_id()[project].decided


def test_the_pmo_issues_one_round_at_a_time_with_every_project(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    items = rounds.items(round_id)
    ranked = [d.id for d in workspace.baseline.result.decisions]  # as the plan ranks them
    assert [i.project_id for i in items] == ranked
    assert sorted(ranked) == sorted(workspace.baseline.portfolio.ids)
    assert {i.directorate for i in rounds.items(round_id, "Adults")} == {"Adults"}
    assert items[0].recommended == _recommended(workspace, items[0].project_id)
    with pytest.raises(RoundError, match="'Reset 1' is still open"):
        rounds.issue("Reset 2", workspace.baseline, "x", PMO, ("r", "c"))
    with pytest.raises(AccessError, match="may not issue and close validation rounds"):
        rounds.issue("Reset 3", workspace.baseline, "x", ADULTS, ("r", "c"))


def test_a_director_validates_only_their_own_directorate(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    rounds.validate(round_id, "DIG1", Verdict.ACCEPT, ADULTS)
    with pytest.raises(AccessError, match="only Adults's projects, not Children's"):
        rounds.validate(round_id, "DIG2", Verdict.ACCEPT, ADULTS)
    with pytest.raises(AccessError, match="may not validate projects"):
        rounds.validate(round_id, "DIG2", Verdict.ACCEPT, VIEWER)
    with pytest.raises(RoundError, match="NOPE is not in round"):
        rounds.validate(round_id, "NOPE", Verdict.ACCEPT, ADULTS)
    assert [v.project_id for v in rounds.history(round_id)] == ["DIG1"]


def test_a_challenge_proposes_another_decision_and_says_why(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    other = "pause" if _recommended(workspace, "SC1") != "pause" else "continue"
    with pytest.raises(RoundError, match="say why"):
        rounds.validate(round_id, "SC1", Verdict.CHALLENGE, ADULTS, proposed=other)
    with pytest.raises(RoundError, match="proposes a decision"):
        rounds.validate(round_id, "SC1", Verdict.CHALLENGE, ADULTS, comment="because")
    with pytest.raises(RoundError, match="accept it instead"):
        same = _recommended(workspace, "SC1").split(",")[0]
        rounds.validate(round_id, "SC1", Verdict.CHALLENGE, ADULTS, "because", same)
    with pytest.raises(RoundError, match="is not a decision"):
        rounds.validate(round_id, "SC1", Verdict.CHALLENGE, ADULTS, "because", "scrap")
    said = rounds.validate(round_id, "SC1", Verdict.CHALLENGE, ADULTS, "staff shortage", other)
    assert said.proposed == other and said.comment == "staff shortage"


def test_progress_counts_each_directorates_standing_word(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    rounds.validate(round_id, "DIG1", Verdict.ACCEPT, ADULTS)
    rounds.validate(round_id, "SC1", Verdict.ESCALATE, ADULTS, "needs the Board")
    rounds.validate(round_id, "SC1", Verdict.ACCEPT, ADULTS)  # a second word: the latest stands
    adults = next(p for p in rounds.progress(round_id) if p.directorate == "Adults")
    assert (adults.projects, adults.accepted, adults.escalated, adults.outstanding) == (2, 2, 0, 0)
    children = next(p for p in rounds.progress(round_id) if p.directorate == "Children")
    assert children.outstanding == 1
    assert len(rounds.history(round_id)) == 3  # nothing overwritten


def test_a_closed_round_takes_no_more_validations(fresh: tuple[Workspace, Engine]) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    with pytest.raises(AccessError):
        rounds.close(round_id, ADULTS)
    rounds.close(round_id, PMO)
    with pytest.raises(RoundError, match="closed"):
        rounds.validate(round_id, "DIG1", Verdict.ACCEPT, ADULTS)
    closing = [e for e in entries(engine) if e.action == "round closed"]
    assert closing[0].detail == {"outstanding": 4}


def test_directors_validating_during_a_board_approval_lose_nothing(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    board = Board(engine, rounds)
    work = {ADULTS: ["DIG1", "SC1"] * 10, CHILDREN: ["DIG2"] * 20}

    def validate(user: User) -> None:
        for project in work[user]:
            rounds.validate(round_id, project, Verdict.ACCEPT, user)

    def approve() -> None:
        for k in range(5):
            board.approve(f"plan {k}", "as discussed", [], BOARD, ("r", "c"), round_id)

    threads = [threading.Thread(target=validate, args=(user,)) for user in work]
    threads.append(threading.Thread(target=approve))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(rounds.history(round_id)) == 40
    assert [a.plan for a in board.approvals()] == [f"plan {k}" for k in reversed(range(5))]
    assert verify(engine).intact and verify(engine).entries == 46  # the issue, 40 and 5


def test_the_board_rules_re_optimises_and_approves_with_a_record(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    board = Board(engine, rounds)
    other = "pause" if _recommended(workspace, "SC1") != "pause" else "continue"
    challenge = rounds.validate(
        round_id, "SC1", Verdict.CHALLENGE, ADULTS, "<b>staff</b> shortage", other
    )
    rounds.validate(round_id, "DIG2", Verdict.ESCALATE, CHILDREN, "cross-cutting with Adults")
    solved: list[str] = []

    def counted(scenario: Scenario) -> Comparison:
        solved.append(scenario.name)
        return workspace.what_if(scenario)

    queued = {q.item.project_id: q for q in board.queue(round_id, counted)}
    assert board.queue(round_id, counted)[0].why  # the page loaded again
    assert solved == ["challenge SC1"]  # the challenge re-solved once, not per page
    assert {"SC1", "DIG2"} <= set(queued)
    assert any("escalated by Chi Children" in why for why in queued["DIG2"].why)
    assert any(f"proposes {other}" in why for why in queued["SC1"].why)
    with pytest.raises(AccessError):
        board.rule(round_id, challenge.id, Ruling.ACCEPT, "agreed", ADULTS)
    with pytest.raises(BoardError, match="needs its reason"):
        board.rule(round_id, challenge.id, Ruling.ACCEPT, " ", BOARD)
    board.rule(round_id, challenge.id, Ruling.ACCEPT, "the shortage is real", BOARD)
    upheld = board.upheld(round_id)
    assert upheld.locks["SC1"].value == other
    with_challenges = workspace.what_if(upheld)
    assert isinstance(with_challenges, Comparison)
    assert with_challenges.run.result.by_id()["SC1"].decision.value == other or other == "keep"
    hashes = (workspace.register_hash, workspace.config_hash)
    with pytest.raises(AccessError):
        board.approve("the recommended plan", "why", [], PMO, hashes, round_id)
    approval = board.approve(
        upheld.name, "closes most of the gap", [with_challenges], BOARD, hashes, round_id
    )
    assert board.approvals()[0] == approval
    assert approval.alternatives[0]["name"] == upheld.name
    assert verify(engine).intact
    page = decision_record(engine, rounds, board)
    assert "closes most of the gap" in page and "Bea Board" in page
    assert "&lt;b&gt;staff&lt;/b&gt; shortage" in page and "<b>staff" not in page
    assert "every link intact" in page


def test_a_ruling_stands_and_rules_only_the_standing_word(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    board = Board(engine, rounds)
    first = rounds.validate(round_id, "DIG2", Verdict.ESCALATE, CHILDREN, "for the Board")
    second = rounds.validate(round_id, "DIG2", Verdict.ESCALATE, CHILDREN, "more detail")
    with pytest.raises(BoardError, match="said something newer"):
        board.rule(round_id, first.id, Ruling.REJECT, "stale", BOARD)
    board.rule(round_id, second.id, Ruling.REJECT, "stays with Children", BOARD)
    with pytest.raises(RoundError, match="the Board has ruled on DIG2"):
        rounds.validate(round_id, "DIG2", Verdict.ACCEPT, CHILDREN)


def test_the_record_shows_the_round_as_it_stood_when_approved(
    fresh: tuple[Workspace, Engine],
) -> None:
    workspace, engine = fresh
    rounds, round_id = _issued(workspace, engine)
    board = Board(engine, rounds)
    rounds.validate(round_id, "DIG2", Verdict.ESCALATE, CHILDREN, "before the approval")
    board.approve("the recommended plan", "agreed", [], BOARD, workspace.hashes, round_id)
    rounds.validate(round_id, "SC1", Verdict.ESCALATE, ADULTS, "after the approval")
    page = decision_record(engine, rounds, board)
    assert "before the approval" in page and "after the approval" not in page
    assert "nothing: the recommended plan as it stands" in page
