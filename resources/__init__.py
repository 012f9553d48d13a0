"""Data files shipped inside the wheel; read them with ``importlib.resources``."""
