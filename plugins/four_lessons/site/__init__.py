"""The MkDocs (and ProperDocs) adapter: the plugin's hooks and the HTML work of a site build.

With tools/, which runs MkDocs builds, the only code that imports MkDocs.
"""
