"""The services layer: service demand, cost, FTEs, capacity and demographic cost pressure."""

from handlingsrom.services.catalogue import Catalogue, catalogue
from handlingsrom.services.engine import ServiceResult, band_frame, catalogue_frame, run_services
from handlingsrom.services.sectors import CENTRAL, SECTORS, SECTORS_EN

__all__ = [
    "CENTRAL",
    "SECTORS",
    "SECTORS_EN",
    "Catalogue",
    "ServiceResult",
    "band_frame",
    "catalogue",
    "catalogue_frame",
    "run_services",
]
