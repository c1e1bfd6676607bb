"""E-book delivery: masters, watermarked copies, download links as capabilities."""
