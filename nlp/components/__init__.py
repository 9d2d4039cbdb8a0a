"""spaCy components of the chipwatch pipelines, one factory per module."""
