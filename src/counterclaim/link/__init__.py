"""Cross-source linking: what a claim counts (keys), how claims relate (relate), arithmetic checks
(consistency), and claims against independent series (compare, chart); values.py holds the value
and claimant helpers they share. Everything here reads and writes through ``Ledger`` methods."""
