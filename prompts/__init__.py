"""Prompt and drafting templates, as text files read through importlib.resources (knowledge.prompts)."""
