"""Wiring: the gazetteer, the geocoder chain and the extractor for a given configuration."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from app.core.config import Settings
from app.extract.pipeline import Extractor
from app.geo.chain import GeocoderChain
from app.geo.gazetteer import cached_gazetteer
from app.store.writer import StoreGeocodeCache


def build_geocoder(settings: Settings, engine: Engine | None = None) -> GeocoderChain:
    gazetteer = cached_gazetteer(str(settings.gazetteer_path))
    return GeocoderChain(
        gazetteer,
        nominatim_agent=settings.nominatim_agent if settings.nominatim else None,
        cache=StoreGeocodeCache(engine) if engine is not None else None,
    )


def build_extractor(settings: Settings, engine: Engine | None = None) -> Extractor:
    geocoder = build_geocoder(settings, engine)
    return Extractor(geocoder.gazetteer_geocoder.gazetteer, geocoder)
