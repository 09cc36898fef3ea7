"""The demography layer."""
