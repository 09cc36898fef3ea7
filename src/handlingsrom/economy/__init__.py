"""The economy layer."""
