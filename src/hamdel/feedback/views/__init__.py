"""Feedback pages, one module per page group; `urls.py` names them all.

public     survey answering (invitation, link, card), thanks, the public ideas board — no login
surveys    home, results, export, QR, invite one customer
builder    the survey builder
cards      satisfaction cards
calls      follow-up calls
ideas      the staff side of the ideas board
listening  listening posts, audits, focus groups

Views parse the form, call one action and render; the action checks the permission, and a refusal is a
403 page. `@requires` only turns away early those who could not use the page at all.
"""
