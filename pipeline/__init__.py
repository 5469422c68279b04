"""Turn Chinese news articles into Parquet tables of numeric claims."""

__version__ = "0.1.0"
