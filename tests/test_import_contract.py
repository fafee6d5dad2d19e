"""The import contract (pyproject.toml's [tool.importlinter]): layers point one way.

import-linter reads every import, those inside functions too, which is how a
``background -> callbacks`` cycle once slipped past a check of module-level imports.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).with_name("lint-imports"))


def test_the_import_contract_is_kept():
    out = subprocess.run([LINT, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "4 kept, 0 broken" in out.stdout


def test_the_contract_catches_an_upward_import_hidden_in_a_function(tmp_path):
    # A copy of the tree where the core imports the dashboard inside a function.
    for name in ("dashboard", "izhi_core"):
        subprocess.run(["cp", "-r", str(ROOT / name), str(tmp_path / name)], check=True)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    with open(tmp_path / "izhi_core" / "presets.py", "a") as f:
        f.write("\n\ndef _sneaky():\n    from dashboard.common import wire  # noqa: F401\n")
    out = subprocess.run([LINT, "--no-cache"], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert out.returncode != 0
    assert "BROKEN" in out.stdout and "izhi_core.presets -> dashboard.common.wire" in out.stdout
