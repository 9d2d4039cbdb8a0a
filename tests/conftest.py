"""Fixtures shared by every test package: a fresh migrated warehouse file per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse.db import open_warehouse


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "warehouse.duckdb"


@pytest.fixture
def con(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = open_warehouse(db_path)
    yield connection
    connection.close()
