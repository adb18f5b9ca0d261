"""The MkDocs side: options, hooks, and what static-i18n needs. The only MkDocs importers,
besides `cli.export`, which builds on them."""

from .hooks import RebuttalPlugin

__all__ = ["RebuttalPlugin"]
