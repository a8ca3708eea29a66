"""Text utilities shared by every layer: normal forms, sentences, dates, numbers, document kinds,
commune units, units of figures, tokens and terms, legacy encodings."""
