"""Story clustering: near-duplicates and online story assignment."""
