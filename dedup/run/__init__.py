"""Running dedup over corpora: options, readers and writers (`io`), worker processes (`workers`), the local
two-pass run (`local`), the terminal view of a report (`render`) and the command line (`cli`). The core
(segment -> strip) knows nothing of this room; it calls down into the core."""
