"""Every public function and class of chibo.text shows an example taken from the seeds, and it runs."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import chibo.text

MODULES = sorted(
    f"chibo.text.{m.name}" for m in pkgutil.iter_modules(chibo.text.__path__) if m.name not in ("__main__", "tests")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests_pass(name, capsys):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, capsys.readouterr().out
    public = [n for n in getattr(module, "__all__", []) if callable(getattr(module, n))]
    assert result.attempted > 0 or not public, f"{name} has public functions but no examples"


def public_objects():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr in getattr(module, "__all__", []):
            obj = getattr(module, attr)
            if not callable(obj):
                continue  # tables and patterns
            yield f"{name}.{attr}", obj
            if inspect.isclass(obj):
                for member, value in vars(obj).items():
                    if not member.startswith("_") and (inspect.isfunction(value) or isinstance(value, property)):
                        yield f"{name}.{attr}.{member}", value


@pytest.mark.parametrize("label, obj", list(public_objects()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_public_function_has_an_example(label, obj):
    doc = inspect.getdoc(obj) or ""
    assert ">>>" in doc, f"{label} has no docstring example"


def test_the_package_exports_what_it_documents():
    for name in chibo.text.__all__:
        assert hasattr(chibo.text, name)
        assert name in chibo.text.__doc__, f"{name} is exported but not listed in the package docstring"
