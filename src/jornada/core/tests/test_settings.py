from __future__ import annotations

import pytest

from jornada import settings as jornada_settings


def test_bool_variables_accept_the_usual_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert jornada_settings._env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert jornada_settings._env_bool("X_FLAG", True) is False


def test_a_bad_bool_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ValueError, match="X_FLAG must be true or false"):
        jornada_settings._env_bool("X_FLAG", False)


def test_a_number_below_its_minimum_names_the_variable(monkeypatch):
    monkeypatch.setenv("X_NUM", "3")
    with pytest.raises(ValueError, match="X_NUM must be at least 24"):
        jornada_settings._env_int("X_NUM", 48, minimum=24)


def test_sqlite_is_the_default_with_wal_durable_commits_and_immediate_writes(monkeypatch):
    monkeypatch.setattr(jornada_settings, "DATABASE_URL", "")
    db = jornada_settings._database()
    assert db["ENGINE"] == "jornada.core.sqlite"
    assert db["NAME"].endswith("jornada.sqlite3")
    assert db["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert "synchronous=FULL" in db["OPTIONS"]["init_command"]


def test_a_postgres_url_selects_postgresql_with_a_pool(monkeypatch):
    monkeypatch.setattr(jornada_settings, "DATABASE_URL", "postgres://u:p@db.example:5433/shop")
    db = jornada_settings._database()
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["HOST"], db["PORT"], db["USER"]) == ("shop", "db.example", 5433, "u")
    assert db["OPTIONS"]["pool"]["max_size"] == jornada_settings.DB_POOL_MAX
    assert db["CONN_MAX_AGE"] == 0


def test_the_secret_key_is_generated_once_and_reused(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setattr(jornada_settings, "VAR_DIR", tmp_path)

    first = jornada_settings._secret_key()
    second = jornada_settings._secret_key()

    assert first == second
    assert len(first) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_statuses_read_in_the_store_language_with_spanish_and_english_too():
    from django.utils import translation

    from jornada.core.models import WorkStatus

    with translation.override("pt-br"):
        assert str(WorkStatus.DEAD.label) == "falha definitiva"
    with translation.override("es"):
        assert str(WorkStatus.DEAD.label) == "fallo definitivo"
    with translation.override("en"):
        assert str(WorkStatus.DEAD.label) == "dead letter"
