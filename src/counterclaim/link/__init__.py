"""Cross-source linking: what a claim counts (keys), how claims relate (relate), arithmetic checks
(consistency), and claims against independent series (compare, chart)."""
