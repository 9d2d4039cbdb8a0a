"""Optional extra NER sources (a Hugging Face token-classification model from a local folder)."""
