"""The ``four-lessons`` command and what it drives.

Checking, building the learner and staff sites, new modules and SCORM packages.
"""
