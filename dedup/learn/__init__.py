"""Learned decisions: line features, the model file and its NumPy evaluation; labels from aligned gold."""
