"""Settings come from one Options record: defaults < config file < environment < flags."""

from __future__ import annotations

import pytest

from storyline.errors import UsageError
from storyline.options import load_options


def test_precedence_config_then_environment_then_flags(tmp_path, monkeypatch):
    config = tmp_path / "storyline.toml"
    config.write_text('db = "from-config.db"\nbatch_size = 8\nfetch = true\n')
    monkeypatch.setenv("STORYLINE_BATCH_SIZE", "16")
    options = load_options(config, model="custom_model")
    assert (options.db, options.batch_size, options.fetch, options.model) == (
        "from-config.db",
        16,
        True,
        "custom_model",
    )


def test_unknown_setting_in_config_is_named(tmp_path):
    config = tmp_path / "storyline.toml"
    config.write_text("colour = 'blue'\n")
    with pytest.raises(UsageError, match="colour"):
        load_options(config)


def test_unreadable_number_in_environment_is_a_usage_error(monkeypatch):
    monkeypatch.setenv("STORYLINE_BATCH_SIZE", "many")
    with pytest.raises(UsageError, match="batch_size"):
        load_options()
