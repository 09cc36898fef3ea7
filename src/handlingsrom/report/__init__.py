"""The report layer: the whole chain into an HTML report, a workbook, CSV tables and run.json.

:func:`handlingsrom.plan.run_plan` runs the chain, ``build.build_model`` turns its result
into the report model (the single source of every output), and :func:`produce` writes the
outputs atomically.
"""

from handlingsrom.report.produce import RunInfo, produce

__all__ = ["RunInfo", "produce"]
