"""Cookie-less audience counting: a first-party beacon, daily roll-ups, and attribution of orders to their source.

Nothing here identifies a person: no cookie, no web storage, no IP address or user agent is stored. A visitor is
counted once per day through a hash of a salt that lives one day, the site, the address and the user agent
(the method Plausible documents); once the salt is deleted, yesterday's hashes cannot be recomputed by anyone.
"""
