"""Fillable dataset templates (CSV and .xlsx) and import of a filled workbook (file I/O)."""
