"""The workspace's database: one engine per URL (SQLite in WAL mode by default), its schema
versioned by Alembic migrations, and a one-command backup."""
