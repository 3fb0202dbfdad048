"""The corpus Index: its compact sketches estimate Jaccard honestly, and its answers do not depend on how
its maps are flushed."""

from __future__ import annotations

import numpy as np
import pytest

import dedup
import dedup.corpus.index as index_mod
import dedup.corpus.store as store_mod
from benchmarks.quality import farm
from dedup import Cleaner, Index
from dedup.config import Config
from dedup.corpus.evidence import indexed_blocks
from dedup.corpus.prints import Signable, sign
from dedup.corpus.sites import site_of_url
from dedup.errors import IndexFileError
from dedup.fingerprint import sketch
from dedup.fingerprint.minhash import signatures
from dedup.pipeline import Doc, fingerprint_many
from dedup.text.segment import segment


def _pairs(n_pairs: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of hash sets of 20-120 elements with every Jaccard from 0.3 to 1: (hashes, offsets, exact J)."""
    rng = np.random.default_rng(seed)
    sets, exact = [], []
    for _ in range(n_pairs):
        n = int(rng.integers(20, 120))
        shared = int(rng.integers(int(n * 0.45), n + 1))
        common = rng.integers(0, 2**63, shared, dtype=np.uint64)
        a = np.unique(np.concatenate([common, rng.integers(0, 2**63, n - shared, dtype=np.uint64)]))
        b = np.unique(np.concatenate([common, rng.integers(0, 2**63, n - shared, dtype=np.uint64)]))
        inter = len(np.intersect1d(a, b))
        exact.append(inter / (len(a) + len(b) - inter))
        sets += [a, b]
    offs = np.zeros(len(sets) + 1, dtype=np.int64)
    np.cumsum([len(s) for s in sets], out=offs[1:])
    return np.concatenate(sets), offs, np.asarray(exact)


def test_block_sketch_estimates_jaccard_within_theory():
    h, offs, exact = _pairs(600, seed=4)
    sk, _ = sketch.block_sketches(signatures(h, offs, num_perm=sketch.BLOCK_PERM, seed=2))
    est = np.asarray([sketch.sketch_similarity(sk[2 * i], sk[2 * i + 1]) for i in range(len(exact))])
    # b-bit MinHash with b = 2: Var(m) = p (1 - p) / k with p = J + (1 - J) / 4, and J = (m - 1/4) / (3/4)
    p = exact + (1 - exact) / 4
    sd = np.sqrt(p * (1 - p) / sketch.BLOCK_PERM) / 0.75
    err = est - exact
    assert abs(err.mean()) < 0.01  # unbiased
    assert np.mean(np.abs(err)) <= 1.15 * np.mean(sd) * np.sqrt(2 / np.pi)  # E|N(0, sd)| = sd sqrt(2/pi)
    near = np.abs(exact - 0.8) < 0.05
    assert np.sqrt(np.mean(err[near] ** 2)) < 0.045  # about 0.034 at the block threshold
    assert sketch.sketch_similarity(sk[0], sk[0]) == 1.0


def test_document_sketch_estimates_jaccard_within_theory():
    h, offs, exact = _pairs(400, seed=5)
    sigs = signatures(h, offs, num_perm=128, seed=1) & 0xFF
    est = np.asarray([sketch.signature_similarity(sigs[2 * i], sigs[2 * i + 1]) for i in range(len(exact))])
    sd = np.sqrt(exact * (1 - exact) / 128)
    err = est - exact
    assert abs(err.mean()) < 0.01
    assert np.mean(np.abs(err)) <= 1.2 * np.mean(sd) * np.sqrt(2 / np.pi) + 0.002


def _build(pages) -> Index:
    idx = Index()
    for p in pages:
        idx.add(dedup.fingerprint(p["text"], doc_id=p["id"], title=p["title"], url=p["url"]))
    return idx.finalize()


@pytest.fixture(scope="module")
def pages():
    return farm.make_corpus(n_pages=60, seed=5, styles="train")[0]


def test_answers_do_not_depend_on_flushing(pages, monkeypatch):
    big = _build(pages)
    monkeypatch.setattr(store_mod, "BUFFER", 3)  # a run every few entries: many merges
    small = _build(pages)
    assert len(small._exact._runs) == 1 and small.stats() == big.stats()
    assert small.dup == big.dup
    assert np.array_equal(small._block_bands.to_array(), big._block_bands.to_array())
    for p in pages:
        page = segment(p["text"])
        lines = indexed_blocks(page, Config())
        site = big.site_of(p["url"])
        assert small.recurrence(page, lines, site) == big.recurrence(page, lines, site)
        assert small.duplicate_of(p["id"]) == big.duplicate_of(p["id"])


def test_band_keys_of_a_print_are_its_signature_own(pages):
    """The fingerprint pass computes the document band keys for a whole chunk (in the worker): they are the
    band keys of each print's own signature."""
    prints = fingerprint_many([Doc(p["text"], p["id"], p["title"], p["url"]) for p in pages])
    for fp in prints:
        assert np.array_equal(fp.doc_bands, sketch.doc_bands(fp.signature[None, :])[0])


def test_the_index_alone_finds_copies_and_recurring_blocks():
    """The index signs nothing itself: given prints of bodies chosen by the caller (here the raw texts, no
    detector involved), it finds the copy and counts the footer on every page of the site."""
    cfg = Config()
    footer = "Subscribe to The Valley Courier for the news of the valley every morning"
    bodies = [
        f"Story {i}\n\nThe body of story {i} tells of the {i}th bridge of the valley.\n\n{footer}"
        for i in range(4)
    ]
    bodies.append(bodies[0])  # a copy
    docs = [
        Signable(f"d{i}", "courier.example", f"Story {i}", len(b), segment(b), b)
        for i, b in enumerate(bodies)
    ]
    idx = Index(cfg, signer="raw text")
    for fp in sign(docs, cfg):
        idx.add(fp)
    idx.finalize()
    assert idx.duplicate_of("d4") == ("d0", 1.0) and idx.duplicate_of("d1") is None
    page = segment(f"Another story\n\n{footer}")
    assert idx.recurrence(page, page.lines[1:], "courier.example") == [(4, 4)]
    assert idx.title_doc("Story 2") == "d2"


def test_a_print_survives_pickling(pages):
    """Prints cross from the workers to the main process pickled (as raw bytes): the same values come back."""
    import pickle

    docs = [Doc(p["text"], p["id"], p["title"], p["url"]) for p in pages[:20]]
    for fp in fingerprint_many(docs) + [dedup.fingerprint("", doc_id="empty")]:
        back = pickle.loads(pickle.dumps(fp))
        assert (back.doc_id, back.site, back.title_key, back.length, back.block_keys) == (
            fp.doc_id,
            fp.site,
            fp.title_key,
            fp.length,
            fp.block_keys,
        )
        for name in ("signature", "block_sketches", "block_bands", "doc_bands"):
            a, b = getattr(fp, name), getattr(back, name)
            assert a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b), name


def test_a_reworded_block_joins_its_cluster_and_a_new_one_does_not():
    boiler = (
        "Our newsroom is funded by readers like you and every contribution keeps the local reporting "
        "of this paper free for everyone who lives in the valley"
    )
    reworded = boiler.replace("every contribution", "each contribution")
    other = "The council met on Tuesday to discuss the budget for the new library and the two parks nearby"
    idx = Index()
    for i, b in enumerate([boiler, reworded, boiler]):
        idx.add(
            dedup.fingerprint(
                f"Title number {i}\n\nA body paragraph that is only on page {i} and nowhere else.\n\n{b}",
                doc_id=str(i),
                url=f"https://news.example/{i}",
            )
        )
    idx.finalize()
    page = segment(f"Another title\n\n{reworded}\n\n{other}")
    lines = page.lines[1:]
    assert idx.recurrence(page, lines, "news.example") == [(3, 3), (0, 0)]
    assert idx.recurrence(page, lines, "elsewhere.example") == [(0, 3), (0, 0)]
    assert idx.stats()["block_clusters"] == 7  # the boilerplate once; three titles, three page-only lines


def test_document_ids_survive_hash_collisions(monkeypatch, tmp_path):
    monkeypatch.setattr(index_mod, "_id_key", lambda doc_id: 7)  # every id has the same hash
    text = "A headline\n\nThe same body paragraph, copied word for word onto a second site for this test."
    idx = Index()
    idx.add(dedup.fingerprint(text, doc_id="a", url="https://one.example/a"))
    idx.add(dedup.fingerprint(text, doc_id="b", url="https://two.example/b"))
    idx.add(dedup.fingerprint(text, doc_id="b"))  # an id the index holds: an update, not a third document
    assert len(idx) == 2
    assert idx.duplicate_of("b") == ("a", 1.0) and idx.duplicate_of("a") is None
    assert idx.duplicate_of("c") is None
    idx.save(tmp_path / "i.idx")
    back = Index.load(tmp_path / "i.idx")
    assert back.duplicate_of("b") == ("a", 1.0) and back._doc_pos == {"b": 1}


def test_an_index_of_the_older_format_is_refused(tmp_path, pages):
    idx = _build(pages[:5])
    idx.save(tmp_path / "i.idx")
    z = dict(np.load(tmp_path / "i.idx"))
    now = f'"version": {index_mod.VERSION}'.encode()
    z["header"] = np.frombuffer(bytes(z["header"]).replace(now, b'"version": 1'), dtype=np.uint8)
    np.savez(tmp_path / "old.npz", **z)
    with pytest.raises(IndexFileError, match=r"version 1 is not supported.*rebuild"):
        Index.load(tmp_path / "old.npz")


def test_cleaning_against_a_reloaded_index_is_unchanged(tmp_path, pages):
    idx = _build(pages)
    idx.save(tmp_path / "i.idx")
    back = Index.load(tmp_path / "i.idx")
    c1, c2 = Cleaner(), Cleaner()
    c1.index_, c2.index_ = idx, back
    for p in pages:
        kw = dict(doc_id=p["id"], url=p["url"], title=p["title"])
        assert c1.analyze(p["text"], **kw).to_json() == c2.analyze(p["text"], **kw).to_json()


def test_a_malformed_url_names_a_site_instead_of_failing():
    """urlsplit refuses some addresses scrapers produce ("http://[::1"): the site is then what stands
    between "//" and the path; well-formed ones keep their host without "www."."""
    assert site_of_url("http://[::1") == "[::1"
    assert site_of_url("https://user:pw@www.Example.COM:8080/p") == "example.com"
    assert site_of_url("www.site.example/a") == "site.example"
    idx = Index()
    idx.add(dedup.fingerprint("Some text of a page.\n\nAnd more of it.", doc_id="a", url="http://[::1/page"))
    assert idx.finalize().sites == ["[::1"]


def test_the_index_says_what_signed_it(tmp_path):
    idx = Index(signer="dedup test signer")
    idx.add(dedup.fingerprint("A title\n\nA body.", doc_id="a"))
    idx.save(tmp_path / "i.idx")
    assert Index.load(tmp_path / "i.idx").signer == "dedup test signer"
