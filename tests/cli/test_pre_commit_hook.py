"""The shipped pre-commit hook, for real: ``pre-commit`` installs it from this repository into a temp git repo,
then a commit with a leaking notebook is refused and a clean one goes through.

pre-commit builds the hook's environment with pip from this repository's committed HEAD (the first run takes
a minute; the environment is kept in a per-machine cache and reused while HEAD stays the same).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
CANARY = "CANARY-HOOKKEY-m5n4b3v2c1-NOT-FOR-GIT"


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _notebook(path: Path, output: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("ids = s.developers.fetchIdentifiers()\nids.T")
    cell.outputs = [nbformat.v4.new_output("execute_result", data={"text/plain": output}, execution_count=1)]
    nb.cells.append(cell)
    nbformat.write(nb, path)


def readme_configs() -> dict[str, str]:
    """The scanning guide's two ``.pre-commit-config.yaml`` examples, as written there: "local" and "clone"."""
    readme = (REPO / "docs" / "guides" / "scanning.md").read_text(encoding="utf-8")
    section = readme[readme.index("To refuse commits that carry credentials"):]
    blocks = [part.split("```", 1)[0] for part in section.split("```yaml\n")[1:3]]
    return {("local" if "repo: local" in block else "clone"): block for block in blocks}


def test_the_scanning_guide_shows_a_local_and_a_clone_config() -> None:
    configs = readme_configs()
    assert set(configs) == {"local", "clone"}
    assert "entry: zyntro-nb scan" in configs["local"] and "id: zyntro-nb-scan" in configs["clone"]


@pytest.fixture(scope="module", params=["local", "clone"])
def team_repo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    head = _git(REPO, "rev-parse", "HEAD")
    if head.returncode != 0:
        pytest.fail(f"this test needs the repository's git history: {head.stderr}")
    repo = tmp_path_factory.mktemp("team")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZYNTRO_", "GIT_"))}
    env.update({
        "PRE_COMMIT_HOME": str(Path(tempfile.gettempdir()) / "zyntro-nb-pre-commit-cache"),
        "ZYNTRO_API_KEY": CANARY,  # the team member's own key, configured in the environment
        "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
        "PATH": os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")]),
    })
    _git(repo, "init", "-q")
    config = readme_configs()[request.param]  # exactly what the README tells a user to write
    config = config.replace("/path/to/zyntro_nb", str(REPO)).replace("0123abc", head.stdout.strip())
    (repo / ".pre-commit-config.yaml").write_text(config)
    installed = subprocess.run([sys.executable, "-m", "pre_commit", "install", "--install-hooks"], cwd=repo,
                               env=env, capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return repo, env


def test_a_commit_with_a_leaking_notebook_is_refused(team_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = team_repo
    _notebook(repo / "leak.ipynb", f"api_key   {CANARY[:20]}")
    _git(repo, "add", "leak.ipynb", ".pre-commit-config.yaml")
    commit = _git(repo, "commit", "-m", "analysis", env=env)
    shown = commit.stdout + commit.stderr
    assert commit.returncode != 0, shown
    assert "leak.ipynb:cell 1:output 1: configured secret 'CANA…(redacted)'" in shown
    assert CANARY[4:12] not in shown
    assert _git(repo, "rev-parse", "--verify", "HEAD").returncode != 0  # nothing was committed
    _git(repo, "rm", "-q", "--cached", "leak.ipynb")


def test_a_commit_with_a_clean_notebook_goes_through(team_repo: tuple[Path, dict[str, str]]) -> None:
    repo, env = team_repo
    _notebook(repo / "clean.ipynb", "api_key   CANA…(redacted)")
    _git(repo, "add", "clean.ipynb", ".pre-commit-config.yaml")
    commit = _git(repo, "commit", "-m", "analysis", env=env)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    assert "zyntro-nb scan" in commit.stdout + commit.stderr and "Passed" in commit.stdout + commit.stderr
