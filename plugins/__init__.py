"""Township plugins: local form fields and approval rules; see docs/plugins.md."""
