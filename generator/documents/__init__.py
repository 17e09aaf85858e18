"""Documents: the registry of document kinds (registry.py) and what each kind composes for a
campaign (kinds.py, contexts.py, summary.py). The kinds are declared in generator/output/kinds.py."""
