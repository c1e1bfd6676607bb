"""The publisher back office."""
