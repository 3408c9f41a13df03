"""The programme domain stays pure: importing it loads no web, database or application code."""

import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
FORBIDDEN = ("flask", "sqlalchemy", "alembic", "supplierlink", "matching")


def test_programs_imports_no_framework_or_application_code():
    probe = f"import sys, programs; print(','.join(m for m in {FORBIDDEN!r} if m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=PROJECT_ROOT,
    )
    assert result.stdout.strip() == ""
