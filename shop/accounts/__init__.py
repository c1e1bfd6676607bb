"""Publisher and author accounts."""
