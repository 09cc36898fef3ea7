"""The report's chapters: each module exposes one ``build(ctx) -> Chapter`` (a pure function
of a :class:`~handlingsrom.report.context.ReportContext`); chapters import neither the
builder nor each other (an import-linter contract says so)."""
