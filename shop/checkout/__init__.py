"""Cart, consent, French price rules and the start of checkout."""
