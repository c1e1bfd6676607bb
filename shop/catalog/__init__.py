"""The book, its editions, authors and retailer links."""
