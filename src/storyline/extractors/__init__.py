"""Extraction: one spaCy Doc per article feeds every fact extractor."""
