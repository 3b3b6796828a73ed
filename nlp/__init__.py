"""spaCy + transformer components that find who said what, their STCA position and figures."""
