"""The kit every app shares and that belongs to none: upload checks, exports (CSV, PDF and
the download response) and turning a service's refusal into form errors or messages.

It sits at the bottom of the layers (see `[tool.importlinter]` in pyproject.toml): it
imports nothing of the project's apps.
"""
