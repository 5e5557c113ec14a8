"""Speech engines behind one protocol (see base.py), found by name."""
