"""Township plugins: local form fields and approval rules (see the plugins issue)."""
