"""One module per layer family: its configuration matrix (FAMILIES) and mutants (MUTANTS)."""
