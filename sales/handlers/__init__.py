"""What the worker does with each kind of work: one module per kind, each called by one task."""
