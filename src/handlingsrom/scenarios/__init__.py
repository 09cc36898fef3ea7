"""The scenarios layer."""
