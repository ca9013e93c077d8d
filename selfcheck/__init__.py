"""The self check (自助预审) citizens and window staff use; see docs/plugins.md."""
