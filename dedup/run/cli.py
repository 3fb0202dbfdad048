"""Command line: `scrapeclean clean`, `analyze`, `report` and `config` (also `python -m dedup`).

Exit codes: 0 success; 1 a worker process died (killed by the system); 2 usage error (also two outputs on
one file, HTML without --html, a config file's unknown setting or value out of range); 3 bad input
(missing file, undecodable bytes, a bad JSONL record without --rejects, a bad cue or config file, an
unreadable Parquet file); 4 unusable index (a damaged index file, one another run is writing, a shared
index that cannot be reached); 5 an output cannot be written (a folder where a file goes, a non-empty folder
that is not an earlier output, a place that cannot be written, a full disk); 130 interrupted (Ctrl-C); 143
terminated (SIGTERM). Errors are one
line on stderr, no traceback.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import signal
import sys
from pathlib import Path
from typing import Any

from ..config import Config, CorpusConfig, LimitsConfig
from ..corpus.shared_url import is_shared
from ..detectors import LABELS
from ..errors import DedupError, InputError, UsageError
from ..version import DISTRIBUTION, __version__
from .examine import single
from .guards import check_input, input_kind, warn_inapplicable
from .io import MAX_RECORD_BYTES, atomic_writer, dump_json_line, kind_of
from .outputs import Staging, check_target
from .progress import LEVELS, LOG, level_of, log_summary, setup_logging
from .settings import check_detectors, parse_languages, read_config_file, to_toml

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
LIMITS = f"""\
limits: a record (JSONL line or file) of more than {_MIB} MiB is not read (MAX_RECORD_BYTES), a page
of more than {_CHARS} characters or {_LINES} lines not cleaned (Config.limits):
rejects with their reason (with --rejects, a record too large to read is copied there whole, in base64).
Time is linear in the input (docs/reliability.md).

outputs (a JSONL file, standard input, a folder): checked before any work (exit 5 at once); written under
temporary names (.NAME.dedup-part-PID-...) and moved into place only when the run has succeeded, the index
last. A run that fails or is stopped leaves the old files as they were; what a killed one left is removed by
the next run writing in the same folder. A dataset moves each output shard into place once it is complete
(docs/reliability.md).
"""

INPUTS = """\
inputs:
  a text file (.txt, .md) or '-'   one article (single-page mode); standard input whose first line opens a
                                   JSON object ({") is read as JSONL (--format text: as an article)
  a JSONL file (.jsonl[.gz|.zst])  a corpus: each record's text field is cleaned
  a folder                         a corpus of text files (.txt, .md; regular files inside it only: a
                                   link leading out of it is a reject, a FIFO or device is skipped and
                                   named in the summary)
  a dataset: several files, a      one corpus read in order: JSONL shards (.jsonl[.gz|.zst]) and Parquet
  glob, a folder of shards, a URL  files
  HTML (a .html file, or a page or records whose text is one) needs --html.
  An option that does not apply to the input (--text-field for a text file, --title for a corpus, ...)
  is named in a warning and ignored.
"""

CONFIG = """\
settings: --config FILE reads every setting of dedup.Config from a TOML file (`scrapeclean config` prints
them all with their values); options on the command line override it.
"""

EPILOG = (
    INPUTS
    + "\n"
    + CONFIG
    + "\n"
    + """\
outputs (clean):
  a text file: its clean text (stdout, or -o FILE); a JSONL corpus: the same records with the text field
  cleaned; a folder: each clean file into the -o folder, which lists the files scrapeclean wrote in
  .dedup-manifest.json (a folder holding other files is refused unless --overwrite; none of them is ever
  deleted; the input folder, a folder inside it or holding it are refused); a dataset: one
  output shard per input shard into the -o folder, in the same layout (or N records each with
  --shard-size), the duplicates, --rejects and --report folders alike; a rerun of the same command skips
  the shards already done (each one's marker is written after its files)

corpus mode (JSONL, folders): a first pass fingerprints every document into an index (site boilerplate,
titles, copies); a second pass cleans each document against it. Copies of a kept document go to the
duplicates file with duplicate_of and similarity; bad records stop the run unless --rejects is given.

watching: a progress bar per pass on a terminal (pass 1 in bytes of the input, with an ETA), then a summary
on stderr (time, MB/s, removals per label, the largest sites); -q for none, -v for pass timings,
--log-level for any level.

"""
    + LIMITS
    + """
exit codes: 0 ok, 1 a worker process died, 2 usage, 3 bad input, 4 unusable index (damaged, built with other
settings, in use by another run, or a shared index out of reach), 5 an output cannot be written, 130
interrupted (Ctrl-C), 143 terminated (SIGTERM); nothing partial is left

examples:
  scrapeclean clean article.txt
  scrapeclean clean corpus.jsonl -o clean.jsonl --report flags.jsonl --summary summary.json --jobs 2
  scrapeclean clean scrape.jsonl.zst -o clean.jsonl --index site.idx --rejects rejects.jsonl
  scrapeclean clean day2.jsonl -o clean.jsonl --index "redis://localhost:6379/0?prefix=news"
  scrapeclean clean 'crawl/*.jsonl.zst' -o clean/ --jobs 2     # a dataset: one output shard per input
  scrapeclean clean s3://bucket/crawl/ -o clean/ --output-format parquet --engine dask \\
      --scheduler tcp://h:8786
  scrapeclean report corpus.jsonl -o review.html
"""
)

ANALYZE_EPILOG = (
    INPUTS
    + "\n"
    + CONFIG
    + "\n"
    + """\
output: each article (or each record picked by --id, --label, --changed-only, at most --limit) with its
removed spans marked and numbered, then one line per removal: its line in the text, label, score and
reason; --json prints the reports as JSON instead (`scrapeclean report` writes a review page).
A corpus is read into memory and fitted first (as `clean` would see it, unless --no-corpus).

exit codes: 0 ok, 2 usage, 3 bad input, 130 interrupted

examples:
  scrapeclean analyze article.txt
  cat article.txt | scrapeclean analyze -
  scrapeclean analyze corpus.jsonl --label related_link --limit 5
  scrapeclean analyze corpus.jsonl --id 1234 --json
"""
)

REPORT_EPILOG = (
    INPUTS
    + "\n"
    + CONFIG
    + "\n"
    + """\
output: one self-contained HTML file (no network): a summary of the corpus with charts (removals per
label and per site, records kept, changed and copied), then a sample of pages with every removed span
highlighted by label, its reason on hover, and copies beside the document they copy.

exit codes: 0 ok, 2 usage, 3 bad input, 5 the page cannot be written, 130 interrupted

example:
  scrapeclean report corpus.jsonl -o review.html --sample 30
"""
)


def _config(args: argparse.Namespace) -> Config:
    """The settings: defaults, then the --config file's, then the command line's."""
    base = Config()
    if getattr(args, "config", None):
        from_file = read_config_file(args.config)
        check_detectors(from_file.get("detectors"), args.config)
        try:
            base = base.replace(**from_file)
        except (ValueError, TypeError) as e:
            raise UsageError(f"{args.config}: {e}") from None
    corpus = {}
    for name in (
        "site_min_docs",
        "site_min_share",
        "corpus_min_docs",
        "doc_similarity",
        "copy_share",
        "keep",
    ):
        v = getattr(args, name, None)
        if v is not None:
            corpus[name] = v
    over: dict[str, Any] = {"corpus": corpus} if corpus else {}
    if getattr(args, "languages", None):
        over["languages"] = parse_languages(args.languages)
    cues = [*base.cue_files, *(getattr(args, "cues", None) or [])]
    if cues:
        from ..cues import read_cue_file

        for f in cues:  # (read here, so that a bad file is a one-line error before any work)
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
        over["cue_files"] = tuple(cues)
    return base.replace(**over)


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
        help="how to read the input (default: from the name; stdin: JSONL when its first line opens a "
        "JSON object, else text)",
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
        "--copy-share",
        type=float,
        dest="copy_share",
        help="share of a page's paragraph words in an earlier page's paragraphs from which it is a copy "
        f"of that page, rewritten in part (default {CorpusConfig.copy_share}; 0: whole pages only)",
    )
    p.add_argument(
        "--keep", choices=("first", "longest"), help="which copy of a duplicate to keep (default first)"
    )
    p.add_argument("--no-corpus", action="store_true", help="clean each record on its own (no corpus index)")
    p.add_argument(
        "--config", metavar="FILE", help="read the settings from this TOML file (see `scrapeclean config`)"
    )
    p.add_argument(
        "--languages",
        metavar="CODES",
        help="use only these languages' cue files, comma-separated (e.g. en,fr; default: all 66)",
    )
    _add_logging(p)


def _add_logging(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "-q", "--quiet", action="store_true", help="no progress bar or summary on stderr (warnings still)"
    )
    p.add_argument(
        "-v", "--verbose", action="count", default=0, help="also say what each pass did and how long it took"
    )
    p.add_argument(
        "--log-level", choices=LEVELS, help="what stderr shows (default info: the summary; overrides -q, -v)"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for docs and tests)."""
    parser = argparse.ArgumentParser(
        prog=DISTRIBUTION,
        description="Clean scraped articles: repeated headlines, duplicate paragraphs, "
        "boilerplate and injected related links.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--version", action="version", version=f"{DISTRIBUTION} {__version__} (import package dedup)"
    )
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
        epilog=ANALYZE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(a)
    a.add_argument(
        "--limit", type=int, default=10, help="a corpus: show at most this many records (default 10; 0: all)"
    )
    a.add_argument("--id", action="append", metavar="ID", help="show the record with this id (repeatable)")
    a.add_argument(
        "--label",
        action="append",
        choices=[x for x in LABELS if x != "content"],
        help="show records with a removal of this label (repeatable: any of them)",
    )
    a.add_argument(
        "--changed-only", action="store_true", help="show only records the cleaner changes (or copies)"
    )
    a.add_argument("--json", action="store_true", help="print the reports as JSON instead")
    a.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    r = sub.add_parser(
        "report",
        help="write a review page (HTML): corpus charts and sample pages with every removal highlighted",
        epilog=REPORT_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_common(r)
    r.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the HTML file to write")
    r.add_argument("--sample", type=int, default=20, help="pages shown (default 20; a quarter may be copies)")
    c = sub.add_parser(
        "config",
        help="print every setting as a TOML file (with --config FILE: that file's values)",
        description="Print every setting of dedup.Config as TOML: a starting point for --config FILE.",
    )
    c.add_argument("--config", metavar="FILE", help="start from this file's settings")
    c.add_argument("--languages", metavar="CODES", help="with these languages (comma-separated)")
    _add_logging(c)
    return parser


def _is_dataset(args: argparse.Namespace) -> bool:
    """The input names a dataset: a URL, a Parquet file, a glob or a folder of shards."""
    from .sources import PARQUET_SUFFIXES, is_dataset_folder, is_url

    name = args.path
    return bool(is_url(name) or name.lower().endswith(PARQUET_SUFFIXES) or set("*?[") & set(name)) or (
        name != "-" and is_dataset_folder(name)
    )


def _is_text(args: argparse.Namespace) -> bool:
    if args.format != "auto":
        return args.format == "text"
    from .sources import is_url, shard_format

    if is_url(args.path) or shard_format(args.path) or set("*?[") & set(args.path):
        return False  # (a dataset: a URL, a Parquet file, a glob)
    k = kind_of(args.path)
    return k in ("text", "stdin")


def _defaults(command: str) -> dict[str, Any]:
    """The options' defaults of `command`, to tell which ones were given."""
    extra = ["-o", "x"] if command == "report" else []
    return vars(build_parser().parse_args([command, "-", *extra]))


def _guard(args: argparse.Namespace) -> str:
    """What the input is, after refusing the inputs that would come out wrong and warning of the options
    that do not apply to it."""
    kind, head = input_kind(args)
    check_input(args, kind, head)
    warn_inapplicable(args, _defaults(args.command), kind)
    return kind


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
        report = single(args, cfg)
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
    """`scrapeclean clean`."""
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
    if len(paths) == 1 and not _is_dataset(args):
        _guard(args)
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
        quiet=args.quiet or LOG.getEffectiveLevel() > logging.INFO,
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
    log_summary(summary)
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    """`scrapeclean analyze`."""
    from .examine import analyzed, picked, shown
    from .render import render

    cfg = _config(args)
    if args.limit < 0:
        raise UsageError(f"--limit must be 0 (all) or more, not {args.limit}")
    _guard(args)
    color = args.color == "always" or (args.color == "auto" and sys.stdout.isatty())
    if hasattr(
        sys.stdout, "reconfigure"
    ):  # a lone surrogate a JSON record escaped ("\\ud83d") is shown escaped
        sys.stdout.reconfigure(errors="backslashreplace")
    pairs = analyzed(args, cfg, corpus_input=not _is_text(args))
    reports: Any = shown(pairs, picked(args), args.limit)
    for rep in reports:
        if args.json:
            print(rep.to_json())
        else:
            print(render(rep, color=color))
    return EXIT_OK


def _write_review(args: argparse.Namespace, cfg: Config) -> int:
    from .examine import review

    page = review(args, cfg, corpus_input=not _is_text(args))
    with atomic_writer(args.output) as f:
        f.write(page)
    LOG.info("review page written to %s", args.output)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """`scrapeclean report`: the review page."""
    cfg = _config(args)
    _guard(args)
    if args.output == "-":
        raise UsageError("-o: give a file name for the HTML page")
    return _write_review(args, cfg)


def cmd_config(args: argparse.Namespace) -> int:
    """`scrapeclean config`: every setting as TOML."""
    sys.stdout.write(to_toml(_config(args)))
    return EXIT_OK


COMMANDS = {"clean": cmd_clean, "analyze": cmd_analyze, "report": cmd_report, "config": cmd_config}


def _error(message: str) -> None:
    """The one line a failed run ends with."""
    print(f"{DISTRIBUTION}: error: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `scrapeclean` command (and of `python -m dedup`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    restore_logging = setup_logging(level_of(args.log_level, args.quiet, args.verbose))
    stdin = sys.stdin  # (standard input may be read again from its start: put back afterwards)
    try:
        return COMMANDS[args.command](args)
    except DedupError as e:  # a user's mistake or the system's: one line, its exit code
        _error(str(e))
        return e.exit_code
    except Terminated:
        print(f"{DISTRIBUTION}: terminated (nothing partial is left)", file=sys.stderr)
        return EXIT_TERMINATED
    except KeyboardInterrupt:
        print(f"{DISTRIBUTION}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except ImportError as e:
        if "pip install" not in str(e):  # (only the optional extras' own messages: say what to install)
            raise
        _error(str(e))
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:
        if e.errno not in _FULL:
            raise
        _error(
            f"cannot write the outputs: {e.strerror} (nothing was moved into place: the files there are as "
            f"they were, and no temporary file is left)"
        )
        return EXIT_OUTPUT
    except ValueError as e:
        if "must be" in str(e):  # Config validation: a user's bad option value
            _error(str(e))
            return EXIT_USAGE
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
        restore_logging()
        sys.stdin = stdin


if __name__ == "__main__":
    sys.exit(main())
