"""The English report speaks English: a name the dataset translates is shown in English, and a
name it gives only in Norwegian is marked as such and the page says so."""

from __future__ import annotations

import re

from handlingsrom.dataset.model import Dataset
from handlingsrom.report import RunInfo


def _names(ds: Dataset) -> tuple[set[str], set[str]]:
    """(bokmål names with an English translation, names only in bokmål)."""
    translated: set[str] = set()
    for kind in ("sectors", "initiatives", "rules", "services"):
        if ds.has(kind):
            frame = ds.table(kind)
            for nb, en in zip(frame["name_nb"], frame["name_en"], strict=True):
                if isinstance(en, str) and en.strip() and en.strip() != str(nb):
                    translated.add(str(nb))
    only_nb = {
        str(v)
        for kind in ("measures", "investments")
        if ds.has(kind)
        for v in ds.table(kind)["name"]
    }
    only_nb |= {ds.meta.title, ds.meta.data_vintage}
    return translated, only_nb


def _text(page: str) -> str:
    """The page's text and attributes, without the CSS."""
    return re.sub(r"<style>.*?</style>", "", page, flags=re.S)


def test_the_english_report_has_no_norwegian_name_it_could_translate(
    default_run_en: RunInfo, default_dataset: Dataset
) -> None:
    page = _text(default_run_en.index.read_text("utf-8"))
    translated, only_nb = _names(default_dataset)
    titles = {s.scenario.title for s in default_run_en.result.stress.runs if s.scenario.title}  # type: ignore[union-attr]
    only_nb |= titles
    rest = page
    for name in sorted(only_nb, key=len, reverse=True):  # an untranslated name may contain one
        rest = rest.replace(name, "")
    found = sorted(n for n in translated if n in rest)
    assert found == []
    used = [n for n in only_nb if n in page]
    assert used, "the default data has names only in Norwegian; the report shows some"
    assert "given only in Norwegian by the dataset" in page
    # in the tables they are marked as Norwegian
    for name in (n for n in used if len(n) > 12):
        assert re.search(r'<i lang="nb">' + re.escape(name.replace("&", "&amp;")), page) or (
            name not in re.sub(r"<figure.*?</figure>", "", page, flags=re.S)
        ), name


def test_the_norwegian_report_uses_the_norwegian_names(
    default_run: RunInfo, default_dataset: Dataset
) -> None:
    page = default_run.index.read_text("utf-8")
    frame = default_dataset.table("sectors")
    for nb, en, kind in zip(frame["name_nb"], frame["name_en"], frame["kind"], strict=True):
        if nb != en and kind == "sector":
            assert nb in page and en not in page, nb
    assert '<i lang="nb">' not in page  # nothing to mark in a Norwegian report
