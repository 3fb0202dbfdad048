"""Learning helpers: labels for training line classifiers on real pages with gold main text."""
