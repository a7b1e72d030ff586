"""Writes for the competency catalogues.

- ``catalogue_files``: reading a catalogue from fixture JSON or CSV, writing one out.
- ``catalogue_import``: comparing a catalogue with the database, and applying it.
- ``alignments``: linking items and domains of two frameworks.
"""
