"""The improvement app's models, one module per story."""
