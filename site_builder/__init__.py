"""site_builder: one Markdown source for a bilingual website and email newsletters."""

__version__ = "0.1.0"
