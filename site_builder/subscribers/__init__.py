"""Subscribers: who may receive a newsletter, with their consent, and who never may again.

Personal data lives only in the SQLite store in the data folder (`SITE_BUILDER_DATA`),
never in the repository or the built site.
"""
