"""The export formats' names, apart from the exports themselves, so that the command can
offer them without importing the exports (XML, CSV and the rest)."""

#: What :func:`mirps.export.export` writes (its ``format``).
FORMATS = ("json", "csv", "datapackage", "hxl", "graphml", "edgelist", "xlsx")
