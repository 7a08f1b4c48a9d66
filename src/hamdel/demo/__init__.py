"""Demo data for `hamdel demo`: the top layer, free to use every app."""
