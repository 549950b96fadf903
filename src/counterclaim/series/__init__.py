"""Importers of independent loss series (General Staff daily totals, Oryx confirmed losses) into the ledger."""
