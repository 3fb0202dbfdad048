"""Command line: `dedup clean` and `dedup analyze`.

Exit codes: 0 success; 1 a worker process died (killed by the system); 2 usage error (also two outputs on
one file); 3 bad input (missing file, undecodable bytes, a bad JSONL record without --rejects, a bad cue
file); 4 unusable index (a damaged index file, one another run is writing, a shared index that cannot be
reached); 5 an output cannot be written (a folder where a file goes, a non-empty folder
that is not an earlier output, a place that cannot be written, a full disk); 130 interrupted (Ctrl-C); 143
terminated (SIGTERM). Errors are one
line on stderr, no traceback.
"""

from __future__ import annotations

import argparse
import errno
import json
import signal
import sys
from pathlib import Path

from ..config import Config, CorpusConfig, LimitsConfig
from ..corpus.shared_url import is_shared
from ..errors import DedupError, InputError, UsageError
from ..version import __version__
from .io import MAX_RECORD_BYTES, dump_json_line, kind_of, read_text
from .outputs import Staging, check_target

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INPUT, EXIT_INDEX, EXIT_OUTPUT, EXIT_INTERRUPTED = (
    0,
    1,
    2,
    3,
    4,
    5,
    130,
)
EXIT_TERMINATED = 143  # (128 + SIGTERM, as shells report it)


class Terminated(KeyboardInterrupt):
    """SIGTERM (timeout, docker, systemd): stop as on an interrupt, leaving no partial output."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


#: a disk or quota full while writing: the outputs are removed (atomic writers) and the run ends with exit 5
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})

_MIB, _CHARS, _LINES = MAX_RECORD_BYTES >> 20, f"{LimitsConfig.max_chars:,}", f"{LimitsConfig.max_lines:,}"
EPILOG = f"""\
inputs:
  a text file (.txt, .md) or '-'   one article; prints or writes its clean text (single-page mode)
  a JSONL file (.jsonl[.gz|.zst])  a corpus: writes the same records with the text field cleaned
  a folder                         a corpus of text files (regular files inside it only: a link leading
                                   out of it is a reject, a FIFO or device is skipped and named in the
                                   summary): writes each clean file into the -o folder, which lists the
                                   files dedup wrote in .dedup-manifest.json; a folder holding other files
                                   is refused unless --overwrite (none of them is ever deleted)
  a dataset: several files, a      one corpus read in order: JSONL shards (.jsonl[.gz|.zst]) and Parquet
  glob, a folder of shards, a URL  files; writes one output shard per input shard into the -o folder, in
                                   the same layout (or N records each with --shard-size); the duplicates,
                                   --rejects and --report folders alike. A rerun of the same command skips
                                   the shards already done (each one's marker is written after its files).

corpus mode (JSONL, folders): a first pass fingerprints every document into an index (site boilerplate,
titles, copies); a second pass cleans each document against it. Copies of a kept document go to the
duplicates file with duplicate_of and similarity; bad records stop the run unless --rejects is given.

limits: a record (JSONL line or file) of more than {_MIB} MiB is not read (MAX_RECORD_BYTES), a page
of more than {_CHARS} characters or {_LINES} lines not cleaned (Config.limits):
rejects with their reason (with --rejects, a record too large to read is copied there whole, in base64).
Time is linear in the input (docs/reliability.md).

outputs (a JSONL file, standard input, a folder): checked before any work (exit 5 at once); written under
temporary names (.NAME.dedup-part-PID-...) and moved into place only when the run has succeeded, the index
last. A run that fails or is stopped leaves the old files as they were; what a killed one left is removed by
the next run writing in the same folder. A dataset moves each output shard into place once it is complete
(docs/reliability.md).

exit codes: 0 ok, 1 a worker process died, 2 usage, 3 bad input, 4 unusable index (damaged, built with other
settings, in use by another run, or a shared index out of reach), 5 an output cannot be written, 130
interrupted (Ctrl-C), 143 terminated (SIGTERM); nothing partial is left

examples:
  dedup clean article.txt
  dedup clean corpus.jsonl -o clean.jsonl --report flags.jsonl --summary summary.json --jobs 2
  dedup clean scrape.jsonl.zst -o clean.jsonl --index site.idx --rejects rejects.jsonl
  dedup clean day2.jsonl -o clean.jsonl --index "redis://localhost:6379/0?prefix=news"
  dedup clean 'crawl/*.jsonl.zst' -o clean/ --jobs 2           # a dataset: one output shard per input
  dedup clean s3://bucket/crawl/ -o clean/ --output-format parquet --engine dask --scheduler tcp://h:8786
  cat article.txt | dedup analyze -
"""


def _config(args: argparse.Namespace) -> Config:
    corpus = {}
    for name in ("site_min_docs", "site_min_share", "corpus_min_docs", "doc_similarity", "keep"):
        v = getattr(args, name, None)
        if v is not None:
            corpus[name] = v
    over: dict = {"corpus": corpus} if corpus else {}
    if getattr(args, "cues", None):
        from ..cues import read_cue_file

        for f in args.cues:  # (read here, so that a bad file is a one-line error before any work)
            try:
                read_cue_file(Path(f))
            except OSError as e:
                raise InputError(f"{f}: cannot read the cue file ({e.strerror or e})") from None
            except UnicodeDecodeError as e:
                raise InputError(
                    f"{f}: not valid UTF-8 (byte 0x{e.object[e.start]:02x} at offset {e.start})"
                ) from None
            except ValueError as e:
                raise InputError(str(e)) from None
        over["cue_files"] = tuple(args.cues)
    return Config().replace(**over)


def _add_common(p: argparse.ArgumentParser, many: bool = False) -> None:
    if many:
        p.add_argument(
            "path",
            nargs="+",
            help="text file, JSONL file (.jsonl, .jsonl.gz, .jsonl.zst), Parquet file, folder, glob (quoted: "
            "'data/*.jsonl.zst'), fsspec URL (s3://bucket/crawl/, https://host/part-0.jsonl), or - for "
            "stdin; several make one corpus",
        )
    else:
        p.add_argument(
            "path", help="text file, JSONL file (.jsonl, .jsonl.gz, .jsonl.zst), folder, or - for stdin"
        )
    p.add_argument(
        "--format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="how to read the input (default: from the name; stdin is text)",
    )
    p.add_argument("--title", help="the article's headline (text input; default: its first line)")
    p.add_argument("--text-field", default="text", help="JSONL field holding the text (default: text)")
    p.add_argument("--title-field", default="title", help="JSONL field holding the title (default: title)")
    p.add_argument("--url-field", default="url", help="JSONL field holding the URL; its domain is the site")
    p.add_argument("--id-field", default="id", help="JSONL field holding the record id (default: id)")
    p.add_argument("--site-field", help="JSONL field naming the site (overrides the URL's domain)")
    p.add_argument(
        "--html", action="store_true", help="the text is raw HTML: extract it with trafilatura first"
    )
    p.add_argument(
        "--cues", action="append", metavar="FILE", help="an extra cue file (see dedup/cues/README.md)"
    )
    p.add_argument(
        "--site-min-docs",
        type=int,
        dest="site_min_docs",
        help=f"a block in this many pages of one site is boilerplate (default {CorpusConfig.site_min_docs})",
    )
    p.add_argument(
        "--site-min-share",
        type=float,
        dest="site_min_share",
        help=f"... and in this share of the site's pages (default {CorpusConfig.site_min_share})",
    )
    p.add_argument(
        "--corpus-min-docs",
        type=int,
        dest="corpus_min_docs",
        help=f"... or in this many pages corpus-wide (default {CorpusConfig.corpus_min_docs})",
    )
    p.add_argument(
        "--doc-similarity",
        type=float,
        dest="doc_similarity",
        help=f"Jaccard from which two documents are copies (default {CorpusConfig.doc_similarity})",
    )
    p.add_argument(
        "--keep", choices=("first", "longest"), help="which copy of a duplicate to keep (default first)"
    )
    p.add_argument("--no-corpus", action="store_true", help="clean each record on its own (no corpus index)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary on stderr")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    parser = argparse.ArgumentParser(
        prog="dedup",
        description="Clean scraped articles: repeated headlines, duplicate paragraphs, "
        "boilerplate and injected related links.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser(
        "clean",
        help="write the clean text",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(c, many=True)
    c.add_argument("-o", "--output", help="output file or folder (default: stdout; a dataset: a folder)")
    c.add_argument(
        "--output-format",
        choices=("jsonl", "parquet"),
        help="format of the clean records and duplicates (default: from the -o name; a dataset's shards: "
        "each as its input shard)",
    )
    c.add_argument(
        "--shard-size",
        type=int,
        metavar="N",
        help="split each input shard into output shards of N records (NAME-00000.jsonl, ...)",
    )
    c.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: this machine's processes (--jobs); dask: a Dask cluster (--scheduler or --workers), "
        "the evidence partitioned by key across workers; same output either way (docs/datasets.md)",
    )
    c.add_argument("--scheduler", metavar="ADDRESS", help="--engine dask: the scheduler (tcp://host:8786)")
    c.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="--engine dask: start a local cluster of N worker processes (default: one per core)",
    )
    c.add_argument("--report", metavar="FILE", help="write every flag (span, label, score, reason) as JSONL")
    c.add_argument("--summary", metavar="FILE", help="write the run's counts as JSON")
    c.add_argument(
        "--duplicates",
        metavar="FILE",
        help="where copies of kept documents go (default: OUTPUT.duplicates.jsonl)",
    )
    c.add_argument("--rejects", metavar="FILE", help="set bad records aside here with their reason and go on")
    c.add_argument(
        "--index",
        metavar="PATH|URL",
        help="load the corpus index from PATH if it exists, save it when the run succeeds (one run at a "
        "time: a second is refused); or use the shared index at redis://host:port/db?prefix=NAME "
        "(docs/fleets.md)",
    )
    c.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        help="local engine: worker processes (output is identical for any N)",
    )
    c.add_argument(
        "--overwrite",
        action="store_true",
        help="a folder input's -o folder may hold files dedup did not write: write beside them (those of "
        "the same names are replaced; none is ever deleted)",
    )
    a = sub.add_parser(
        "analyze",
        help="show the article with each removed span marked and its reason",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(a)
    a.add_argument("--limit", type=int, default=10, help="JSONL: show at most this many records (default 10)")
    a.add_argument("--json", action="store_true", help="print the reports as JSON instead")
    a.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    return parser


def _is_text(args: argparse.Namespace) -> bool:
    if args.format != "auto":
        return args.format == "text"
    from .sources import is_url, shard_format

    if is_url(args.path) or shard_format(args.path) or set("*?[") & set(args.path):
        return False  # (a dataset: a URL, a Parquet file, a glob)
    k = kind_of(args.path)
    return k in ("text", "stdin")


def _single(args: argparse.Namespace, cfg: Config):
    from ..pipeline import analyze

    text = read_text(args.path)
    title = args.title
    if args.html:
        from ..html import html_to_text

        text, found = html_to_text(text)
        title = title or found
    return analyze(text, title=title, config=cfg, doc_id=args.path)


def _check_distinct_outputs(
    args: argparse.Namespace, duplicates: str | None, dup_flag: str = "--duplicates"
) -> None:
    """Two outputs on one file would leave only the last one written (and one on the input would replace it):
    refuse before any work. (`-o` may be the input itself: the input is replaced when the run succeeds.)"""
    named = [
        ("-o", args.output),
        ("--report", args.report),
        ("--summary", args.summary),
        ("--rejects", args.rejects),
        (dup_flag, duplicates),
        ("--index", None if is_shared(getattr(args, "index", None)) else getattr(args, "index", None)),
    ]
    seen: dict[Path, str] = {}
    src = Path(args.path).resolve() if args.path != "-" else None
    for flag, path in named:
        if not path or path == "-":
            continue
        where = Path(path).resolve()
        if where in seen:
            raise UsageError(f"{path}: given for both {seen[where]} and {flag}; one file cannot hold both")
        if where == src and flag != "-o":
            raise UsageError(f"{path}: is the input; {flag} would replace it")
        if (
            flag != "-o"
            and args.output
            and kind_of(args.path) == "dir"
            and Path(args.output).resolve() in where.parents
        ):
            raise UsageError(f"{path}: is inside the -o folder of the clean files; put {flag} elsewhere")
        seen[where] = flag


def _clean_single(args: argparse.Namespace, cfg: Config) -> None:
    """`dedup clean` of one article: its outputs checked before the work, written under temporary names and
    moved into place together once it is done."""
    with Staging() as stage:
        for path in (args.output, args.report, args.summary):
            if path not in (None, "-"):
                check_target(path)
        report = _single(args, cfg)
        if args.output in (None, "-"):
            sys.stdout.write(report.clean)
            sys.stdout.flush()
        else:
            stage.open(args.output, "w").write(report.clean)
        if args.report:
            stage.open(args.report, "w").write(dump_json_line(report.to_dict()))
        if args.summary:
            summary = {
                "records_in": 1,
                "clean": 1,
                "duplicates": 0,
                "rejects": 0,
                "flags_per_label": report.counts(),
                "bytes_in": len(report.text.encode("utf-8", "surrogatepass")),
                "bytes_out": len(report.clean.encode("utf-8", "surrogatepass")),
            }
            json.dump(summary, stage.open(args.summary, "w"), indent=2)
        stage.commit()


def cmd_clean(args: argparse.Namespace) -> int:
    """`dedup clean`."""
    cfg = _config(args)
    if args.jobs < 1:
        raise UsageError(f"--jobs must be at least 1, not {args.jobs}")
    paths, args.path = args.path, args.path[0]
    if len(paths) > 1 and "-" in paths:
        raise UsageError("standard input (-) cannot be read with other inputs")
    if args.engine == "dask" and ("-" in paths or (_is_text(args) and len(paths) == 1)):
        raise UsageError(
            "the Dask engine reads files and URLs its workers can open, not standard input or a text"
        )
    if _is_text(args) and len(paths) == 1:
        _check_distinct_outputs(args, None)
        _clean_single(args, cfg)
        return EXIT_OK
    from .engine import run
    from .local import default_sidecar
    from .options import RunOptions

    if args.engine != "dask" and (args.scheduler or args.workers):
        raise UsageError("--scheduler and --workers are for --engine dask")

    _check_distinct_outputs(
        args,
        args.duplicates or default_sidecar(args.output, "duplicates"),
        "--duplicates" if args.duplicates else "the duplicates file (by default)",
    )

    opts = RunOptions(
        input=args.path,
        output=args.output,
        text_field=args.text_field,
        title_field=args.title_field,
        url_field=args.url_field,
        id_field=args.id_field,
        site_field=args.site_field,
        report=args.report,
        summary=args.summary,
        duplicates=args.duplicates,
        rejects=args.rejects,
        jobs=args.jobs,
        index_path=args.index,
        corpus=not args.no_corpus,
        quiet=args.quiet,
        html=args.html,
        overwrite=args.overwrite,
        config=cfg,
        inputs=tuple(paths),
        output_format=args.output_format,
        shard_size=args.shard_size,
        engine=args.engine,
        scheduler=args.scheduler,
        workers=args.workers,
    )
    summary = run(opts)  # (it writes the summary with the other outputs)
    if not args.quiet:
        labels = ", ".join(f"{k} {v}" for k, v in sorted(summary.flags.items())) or "nothing"
        print(
            f"dedup: {summary.records_in} records: {summary.clean} clean ({summary.changed} changed), "
            f"{summary.duplicates} duplicates, {summary.rejects} rejects; "
            f"{summary.bytes_in:,} bytes in, {summary.bytes_out:,} out; removed: {labels}"
            + (f"; duplicates in {summary.outputs['duplicates']}" if summary.duplicates else ""),
            file=sys.stderr,
        )
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """`dedup analyze`."""
    from .render import render

    cfg = _config(args)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    if hasattr(
        sys.stdout, "reconfigure"
    ):  # a lone surrogate a JSON record escaped ("\\ud83d") is shown escaped
        sys.stdout.reconfigure(errors="backslashreplace")
    if _is_text(args):
        reports = [_single(args, cfg)]
    else:
        from ..cleaner import Cleaner
        from .io import Record, iter_folder, iter_jsonl

        if kind_of(args.path) == "dir":
            recs = list(iter_folder(args.path))
        else:  # (JSONL on standard input with --format jsonl: the same reader over its bytes)
            stdin = args.path == "-"
            recs = list(
                iter_jsonl(
                    "<stdin>" if stdin else args.path,
                    text_field=args.text_field,
                    title_field=args.title_field,
                    url_field=args.url_field,
                    id_field=args.id_field,
                    site_field=args.site_field,
                    stream=sys.stdin.buffer if stdin else None,
                )
            )
        for r in recs:
            if not isinstance(r, Record):
                where = f"{r.source}: line {r.line}" if r.line else r.source
                raise InputError(f"{where}: {r.reason}")
        from .local import _unique_ids

        # (ids unique as in `clean`: a second copy gets '#2')
        good = [r for r in _unique_ids(iter(recs), set()) if isinstance(r, Record)]
        cleaner = Cleaner(cfg)
        if not args.no_corpus:
            cleaner.fit([{"text": r.text, "id": r.doc_id, "title": r.title, "url": r.url} for r in good])
        reports = [
            cleaner.analyze(r.text, doc_id=r.doc_id, title=r.title, url=r.url, site=r.site)
            for r in good[: args.limit]
        ]
    for rep in reports:
        if args.json:
            print(rep.to_json())
        else:
            print(render(rep, color=color))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `dedup` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return cmd_clean(args) if args.command == "clean" else cmd_analyze(args)
    except DedupError as e:  # a user's mistake or the system's: one line, its exit code
        print(f"dedup: error: {e}", file=sys.stderr)
        return e.exit_code
    except Terminated:
        print("dedup: terminated (nothing partial is left)", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print("dedup: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ImportError as e:
        if "pip install" not in str(e):  # (only the optional extras' own messages: say what to install)
            raise
        print(f"dedup: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:
        if e.errno not in _FULL:
            raise
        print(
            f"dedup: error: cannot write the outputs: {e.strerror} (nothing was moved into place: the files "
            f"there are as they were, and no temporary file is left)",
            file=sys.stderr,
        )
        return EXIT_OUTPUT
    except ValueError as e:
        if "must be" in str(e):  # Config validation: a user's bad option value
            print(f"dedup: error: {e}", file=sys.stderr)
            return EXIT_USAGE
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":
    sys.exit(main())
