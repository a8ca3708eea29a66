"""The registry of cited directives and lookup by fragment."""
