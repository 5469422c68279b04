"""Turn Chinese news articles into Parquet tables of numeric claims.

`from pipeline import extract` gives the Python API (pipeline/api.py); it is imported on first
use, so `import pipeline` alone stays light and the CLI loads only what it runs.
"""

__version__ = "0.1.0"
__all__ = ["__version__", "extract"]


def __getattr__(name: str):
    if name == "extract":
        from pipeline.api import extract

        return extract
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
