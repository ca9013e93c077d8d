"""The Django/Wagtail project: settings, URLs, the home page and site-wide settings.

Named ``guidesite`` rather than ``site`` because Python's standard library owns ``site``.
"""
