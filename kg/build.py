"""The graph builder's former home (kg.graph since 12-04), kept for scripts written against it:
the team's corpus sweep (../shared/tools/sweep.py) imports build and MemoryGraph from here."""

from kg.graph import MemoryGraph, build

__all__ = ["MemoryGraph", "build"]
