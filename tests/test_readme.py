"""The README's config examples are valid configs, and it opens with the two commands."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from inputs.config import Config

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
TEST_COMMAND = (
    "(command -v chromium >/dev/null || (apt-get update && apt-get install -y chromium)) "
    "&& pip install '.[test]' && python -m pytest"
)
BLOCKS = re.findall(r"```toml\n(.*?)```", README, flags=re.S)


def block(start: str) -> dict:
    """The one README config example that starts with `start`, read as TOML."""
    (found,) = [tomllib.loads(b) for b in BLOCKS if b.startswith(start)]
    return found


def test_readme_starts_with_install_and_test_commands() -> None:
    first = re.search(r"```bash\n(.*?)```", README, flags=re.S)
    assert first is not None
    assert first.group(1).splitlines() == [
        "pip install . && prioritise run",
        TEST_COMMAND,
    ]
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text()
    assert f"\n{TEST_COMMAND}\n" in ci


def test_readme_config_examples_are_valid() -> None:
    base = tomllib.loads(BLOCKS[0])
    assert Config.model_validate(base).weights.method == "direct"
    scoring = block("[weights.ahp]")
    base.pop("weights")
    base["missions"] |= {"fair": "Fair", "green": "Green"}
    config = Config.model_validate(base | scoring)
    assert config.weights.method == "ahp"
    assert config.scoring.range_point == 0.5
    dependencies = block("[dependencies]")
    config = Config.model_validate(base | scoring | dependencies)
    assert config.dependencies.pool_caps == {"asc_demand": {"2025/26": 6000}}
    target = block("[target]")
    assert Config.model_validate(base | target).target.contingency_share == 1 / 0.9 - 1
    streams = Config.model_validate(base | block("[streams.capital]")).streams
    assert streams["dsg"].ring_fenced and not streams["capital"].ring_fenced
    assert Config.model_validate(base).capacity_of("ict") == (80, 90, 120, 120)
    risk = Config.model_validate(base | block("[risk]")).risk
    assert risk.draws == 10_000 and risk.slip["delivery"] == 0.2 and risk.confidence == 0.8
    governance = block("[governance]")
    config = Config.model_validate(base | governance)
    assert config.governance.committee_budget_k == 500
    optimiser = block("[optimiser]")
    config = Config.model_validate(base | scoring | dependencies | optimiser)
    assert config.optimiser.business_case_cost == 25
    assert config.optimiser.external["business_analyst"].max_fte == 6
    assert config.optimiser.locks == {"WF2": "keep"}
    assert config.optimiser.transformation_budget["2027/28"] == 500
