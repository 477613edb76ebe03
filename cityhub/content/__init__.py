"""The content: reading files with positions, value types and their checks,
one module per content type, vocabularies, loading and cross-checking, and
the content graph every other layer reads. Knows nothing of pages or engines."""
