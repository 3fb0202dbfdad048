"""Learned decisions: line features (`features`, `context`), the model file and its NumPy evaluation
(`model`, `lines`), and line labels from a rendering aligned to its gold text (`align`, for training)."""
