"""The services layer: service demand, cost, FTEs, capacity and demographic cost pressure."""

from handlingsrom.services.catalogue import Catalogue, catalogue
from handlingsrom.services.engine import ServiceResult, band_frame, catalogue_frame, run_services

__all__ = [
    "Catalogue",
    "ServiceResult",
    "band_frame",
    "catalogue",
    "catalogue_frame",
    "run_services",
]
