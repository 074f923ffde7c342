"""The pipeline's stages: segment, assign, select, cluster, compose, fit the budget,
number (synthesis/pipeline.py runs them in order)."""
