"""Reporting views, split by who uses them: agencies (coordinator, head) and central."""
