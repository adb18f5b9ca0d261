"""Publish a claim / counterclaim / citation database as a multilingual MkDocs site."""
