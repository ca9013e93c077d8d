"""The demo county (陵水黎族自治县): data files and the loader behind ``manage.py load_demo``."""
