"""The optional dependencies, each imported only when a feature needs it."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["EXTRAS", "optional"]

#: Each optional module, and the extra of mirps that installs it (``pip install "mirps[...]"``).
EXTRAS = {"pandas": "pandas", "networkx": "network", "openpyxl": "excel"}


def optional(module: str) -> Any:
    """The optional ``module``, imported, or an ImportError that says which extra installs it.

    >>> optional("networkx").__name__
    'networkx'
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(f'this needs {module}, an optional extra: pip install "mirps[{EXTRAS[module]}]"') from None
