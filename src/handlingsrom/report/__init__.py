"""The report layer: the whole chain into an HTML report, a workbook, CSV tables and run.json.

``chain.compute`` runs the layers, ``build.build_model`` turns the results into the report
model (the single source of every output), and :func:`produce` writes the outputs atomically.
"""

from handlingsrom.report.produce import RunInfo, produce

__all__ = ["RunInfo", "produce"]
