"""The corpus evidence computed partitioned by key (for engines that spread a corpus over many machines):
the same answers as an `Index` fed in record order, without any step holding the whole evidence.

`parts` (what pass 1 leaves of each input partition), `exchange` (the executor: maps and keyed exchanges),
`ids`, `copies`, `blocks`, `lookups` (titles, sites): one concept each, with the argument of why its answer
equals the sequential one; `build` runs them in order; `view` answers pass 2's questions for one partition.
"""
