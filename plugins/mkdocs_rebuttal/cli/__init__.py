"""The command line: `check`, `translations`, `export`, `schema`."""
