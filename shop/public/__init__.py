"""Reader-facing pages under /<lang>/."""
