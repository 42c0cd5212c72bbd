"""Comparison: align facts across a story's articles; agreed, unique, conflicts, timeline, summary."""
