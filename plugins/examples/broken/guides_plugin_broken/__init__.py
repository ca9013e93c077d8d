"""Deliberately broken plugins: the site must list them as failing and keep working."""
