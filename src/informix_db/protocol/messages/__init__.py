"""One module per SQLI message family; each holds both directions."""
