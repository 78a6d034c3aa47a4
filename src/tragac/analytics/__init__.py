"""Analytics over the store: statistics per source (stats.py), report scopes, network and report builders."""
