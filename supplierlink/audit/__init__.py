"""The audit log: every domain event, with who, when, from where and what; read-only."""
