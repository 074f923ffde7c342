"""The participation dashboard (/forums/<slug>/participation): figures, tables and pictures."""
