"""The bottom layer of chipwatch: error types, vocabularies and the records passed between stages.

Nothing here imports another chipwatch package; `crawler`, `nlp`, `warehouse` and `flows` all import it.
"""
