"""maillab: hands-on LPIC-2 remote e-mail delivery labs with live grading."""

__version__ = "0.1.0"
