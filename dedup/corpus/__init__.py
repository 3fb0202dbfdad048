"""Corpus memory and evidence: document prints (`prints`), the index (`index`, over the compact maps of
`store`), sites (`sites`), and what the index shows about one page (`evidence`)."""
