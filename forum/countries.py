"""Country names as UN documents print them: the table lives with the digest engine
(synthesis/countries.py), which must not import the web app; the app reads it from here."""

from synthesis.countries import codes, country_name, is_known

__all__ = ["codes", "country_name", "is_known"]
