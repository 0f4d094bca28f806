"""maillab: hands-on LPIC-2 e-mail labs with live grading."""

__version__ = "0.1.0"
