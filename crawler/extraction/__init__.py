"""The parts of article extraction, one job per module: decoding, body, metadata, dates, language, canonical.

`crawler.article.extract_article` puts them together.
"""
