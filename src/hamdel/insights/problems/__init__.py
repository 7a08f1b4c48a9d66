"""Recurring problems, the customer journey and loyalty: what keeps going wrong, where, and who is leaving."""
