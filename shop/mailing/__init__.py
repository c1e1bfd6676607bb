"""The mailing list: subscribers (double opt-in, consent proof, one-click unsubscribe) and mailings sent through
the outbox."""
