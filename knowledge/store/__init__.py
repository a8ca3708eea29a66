"""The SQLite knowledge base: schema and migrations, documents, candidate indexes, users, ingest service."""
