"""Appendix B: every source of the dataset with its address (a link) and licence, and the
scenario files of the run with their checksums."""

from __future__ import annotations

import pandas as pd

from handlingsrom.report.context import ReportContext
from handlingsrom.report.model import Blocks, Chapter, Column, TableRef, Text
from handlingsrom.report.tables import frame_table


def build(ctx: ReportContext) -> Chapter:
    title = ctx.tr("ch_appendix_sources")
    rows = [
        {
            "id": s.id,
            "title": s.title,
            "publisher": s.publisher,
            "url": s.url,
            "licence": s.licence,
            "kind": ctx.tr("basis_assumed" if s.assumption else "basis_published"),
        }
        for s in ctx.sources.values()
    ]
    cols = [
        Column("id", ctx.tr("c_id"), "anchor"),
        Column("title", ctx.tr("c_title"), "long"),
        Column("publisher", ctx.tr("c_publisher"), "text"),
        Column("kind", ctx.tr("c_basis"), "text"),
        Column("url", ctx.tr("c_url"), "url"),
        Column("licence", ctx.tr("c_licence"), "text"),
    ]
    frame = pd.DataFrame(rows, columns=[c.key for c in cols])
    table = frame_table(
        frame,
        "sources",
        ctx.tr("t_sources"),
        cols,
        sheet=ctx.tr("sheet_sources"),
        note=ctx.tr("note_sources"),
    )
    blocks: Blocks = [
        Text(ctx.tr("sources_intro", vintage=ctx.result.dataset.meta.data_vintage)),
        TableRef(table.id),
    ]
    tables = [table]
    if ctx.scenario_files:
        sc = pd.DataFrame([{"file": s["path"], "sha256": s["sha256"]} for s in ctx.scenario_files])
        tables.append(
            frame_table(
                sc,
                "scenario_files",
                ctx.tr("t_scenario_files"),
                [Column("file", ctx.tr("c_file"), "text"), Column("sha256", "SHA-256", "text")],
                sheet=ctx.tr("sheet_scenario_files"),
            )
        )
        blocks.append(TableRef(tables[-1].id))
    blocks.append(Text(ctx.tr("files_note"), "note"))
    return Chapter("appendix-sources", title, tuple(blocks), tables=tuple(tables), appendix=True)
