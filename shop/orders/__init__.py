"""Orders, their lines and their append-only timeline; status changes go through states.py."""
