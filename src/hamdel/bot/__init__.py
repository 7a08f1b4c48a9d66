"""The bot: answers customers from public knowledge-base articles and hands over to a person well."""
