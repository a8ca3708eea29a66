"""Passage search: embedders and their cache, the Chroma index, BM25 kept live, fusion, the retriever."""
