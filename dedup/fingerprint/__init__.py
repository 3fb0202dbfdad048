"""Fingerprints: shingles and their hashes (`shingle`), MinHash signatures (`minhash`), LSH band keys and
b-bit sketches (`sketch`). NumPy over whole batches: the hot path."""
