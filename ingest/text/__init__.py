"""Text utilities shared by every layer: normal forms, dates, tokens and terms, units."""
