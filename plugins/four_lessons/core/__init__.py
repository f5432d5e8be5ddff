"""The core: the scenario model, loading and checking a module, and rendering it as HTML.

Nothing here imports a site generator, so it can be tested without a build and carried to
another generator.
"""
