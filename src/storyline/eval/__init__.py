"""Scorers for the public gold sets in ../shared/eval."""
