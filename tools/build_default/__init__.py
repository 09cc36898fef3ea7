"""Build the embedded default dataset `baerum-2017` from the shared public data."""
