"""The package's public names stay callable however often they are used (#18: a subpackage once
replaced ``storyline.ingest`` after its first call)."""

from __future__ import annotations

import importlib
import pkgutil
import types

import storyline
from storyline.demo import demo_corpus


def test_no_public_name_is_also_a_subpackage():
    subpackages = {m.name for m in pkgutil.iter_modules(storyline.__path__)}
    assert not subpackages & set(storyline.__all__)


def test_every_public_function_works_twice_in_one_process(tmp_path):
    options = storyline.Options(db=str(tmp_path / "s.db"), extract=False)
    for _ in range(2):
        with storyline.open_store(options.db) as store:
            report = storyline.ingest([str(demo_corpus())], store=store, options=options)
            assert report.ingested or report.present
            assert storyline.extract(store, options=options) >= 0
            found = storyline.stories(store, options=options)
            assert found and storyline.story(store, found[0].id, options=options).id == found[0].id
            assert storyline.story_cards(store, storyline.StoryFilter())
        assert isinstance(storyline.load_options(), storyline.Options)
        # importing every submodule must not rebind a public name to a module
        for module in pkgutil.walk_packages(storyline.__path__, "storyline."):
            try:
                importlib.import_module(module.name)
            except ModuleNotFoundError as missing:  # an optional extra (torch, pyspark) not installed
                assert not (missing.name or "").startswith("storyline")
        assert not any(isinstance(getattr(storyline, name), types.ModuleType) for name in storyline.__all__)
