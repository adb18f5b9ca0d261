"""The benchmark's synthetic databases: the same for the same seed, and valid databases."""

from __future__ import annotations

from pathlib import Path

from mkdocs_rebuttal.database.citation_syntax import parse as parse_citations
from mkdocs_rebuttal.database.loader import load_debate

import synthetic

ROOT = Path(__file__).resolve().parent.parent
SEED = synthetic.load_seed(ROOT / "data" / "claims.yaml")


def test_the_same_seed_makes_the_same_file(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yaml"):
        synthetic.write(tmp_path / name, synthetic.generate(60, 7, SEED))
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert synthetic.generate(60, 8, SEED) != synthetic.generate(60, 7, SEED)


def test_a_synthetic_database_loads_and_cites_what_it_lists(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    synthetic.write(path, synthetic.generate(60, 7, SEED))
    debate, warnings = load_debate(path, ["zh", "en"])
    assert not warnings
    assert len(debate.pairs) == 60
    assert len(debate.references) == 20  # one per three pairs
    assert set(debate.citation_order()) == set(debate.references)
    for pair in debate.pairs:
        counterclaim = pair.counterclaim
        assert counterclaim is not None
        listed = [c.ref for c in counterclaim.citations]
        assert 1 <= len(listed) <= 3
        for language in ("zh", "en"):
            for statement in (pair.claim, counterclaim):
                assert statement.title[language] and statement.text[language]
            assert all(c.note and c.note[language] for c in counterclaim.citations)
            clusters = parse_citations(counterclaim.text[language]).clusters
            inline = [key for cluster in clusters for key in cluster.keys]
            assert inline == listed


def test_texts_are_as_long_as_the_seed_texts() -> None:
    data = synthetic.generate(200, 7, SEED)
    for kind, language in (("text", "zh"), ("text", "en"), ("title", "en")):
        seed = [len(c["claim"][kind][language]) for c in SEED["claims"]]
        made = [len(c["claim"][kind][language]) for c in data["claims"]]
        assert 0.6 * min(seed) <= sum(made) / len(made) <= max(seed)
