"""Pages, one module per stage.

Thin: parse the request, check with ``core.permissions.require``, call a service, render.
"""
