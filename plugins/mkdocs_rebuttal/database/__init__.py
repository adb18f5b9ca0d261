"""The database file: YAML read with positions, the one description of its fields (checked,
turned into a JSON Schema), the debate model and the state of its translations."""
