"""Bærum's sectors (hovedutvalg / programområder). Budget frames, services and measures
are grouped by these names; `CENTRAL` holds items outside the sectors (finance, reserves)."""

from __future__ import annotations

SECTORS: tuple[str, ...] = (
    "Barn og unge",
    "Bistand og omsorg",
    "Miljø, idrett og kultur",
    "Organisasjon, styring og utvikling",
)
CENTRAL = "Sentrale poster"

SECTORS_EN: dict[str, str] = {
    "Barn og unge": "Children and youth",
    "Bistand og omsorg": "Assistance and care",
    "Miljø, idrett og kultur": "Environment, sports and culture",
    "Organisasjon, styring og utvikling": "Organisation, governance and development",
    CENTRAL: "Central items",
}
