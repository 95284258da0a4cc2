"""basewatch: a map of US military base withdrawals, built from news articles."""

__version__ = "0.1.0"
