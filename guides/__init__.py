"""Service guides (办事指南): matters, the regions and service points that handle them, and offers."""
