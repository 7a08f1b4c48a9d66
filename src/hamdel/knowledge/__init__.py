"""The knowledge base: articles, their versions and votes, the staff pages and the public help centre."""
