"""Service guides (办事指南): matters, the service points that handle them, and offers."""
