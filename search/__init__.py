"""Public search over the service guides."""
