"""The package version and the names it is known by (one place: the build and the messages read them)."""

__version__ = "0.1.0"

#: the distribution's name on PyPI and of the command it installs (`pip install scrapeclean`; the import
#: package stays `dedup`: "dedup" on PyPI is an unrelated project that ships its own `dedup` command)
DISTRIBUTION = "scrapeclean"
