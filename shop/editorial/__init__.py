"""Press reviews and interviews."""
