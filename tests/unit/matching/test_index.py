"""The prefix index: a levelled lookup holds the same per-row sums as the plain prefix span,
and tokens given as integer labels index as the strings themselves."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.index import Labels, PrefixIndex, joined

codes = st.text(alphabet="0123A", min_size=1, max_size=6)
entries = st.lists(st.tuples(st.integers(0, 9), codes, st.integers(1, 5)), max_size=60)


def per_row(index, source, cut, value=0):
    out = {}
    for row, v in zip(source.rows[cut].tolist(), source.values[value][cut].tolist()):
        out[row] = out.get(row, 0.0) + v
    return out


@settings(max_examples=80, deadline=None)
@given(entries, st.lists(codes, min_size=1, max_size=8))
def test_levelled_lookup_equals_span(items, prefixes):
    rows = [r for r, _, _ in items]
    tokens = [t for _, t, _ in items]
    values = [np.array([v for *_, v in items], dtype=float)]
    plain = PrefixIndex(rows, tokens, values)
    levelled = PrefixIndex(rows, tokens, values, levelled=True)
    for prefix in prefixes + [t[:2] for t in tokens]:
        source, cut, distinct = levelled.prefix_entries(prefix)
        assert distinct
        got_rows = source.rows[cut]
        assert list(got_rows) == sorted(set(got_rows.tolist()))  # distinct and sorted
        expected = per_row(plain, plain, plain.entry_slice(plain.span(prefix)))
        assert per_row(levelled, source, cut) == expected


def test_max_reduction_and_short_tokens_are_left_out():
    index = PrefixIndex([0, 0, 1, 2], ["3212", "3213", "32", "3212"], [[1, 4, 9, 2]],
                        reduce="max", levelled=True)
    source, cut, _ = index.prefix_entries("321")
    assert source.rows[cut].tolist() == [0, 2]  # "32" is shorter than the prefix
    assert source.values[0][cut].tolist() == [4, 2]
    assert index.at_length(3) is index.at_length(3)  # built once
    assert index.nbytes > PrefixIndex([0], ["3212"]).nbytes


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "b1", "b2"]), st.sampled_from(["", "32", "3212"])),
                max_size=30))
def test_joined_labels_hold_the_joined_strings(pairs):
    buyers = Labels.of([b for b, _ in pairs])
    codes = Labels.of([c for _, c in pairs])
    both = joined("|", buyers, codes)
    assert [both.uniques[i] for i in both.ids] == [f"{b}|{c}" for b, c in pairs]
    assert len(set(both.uniques)) == len(both.uniques)
    assert buyers.filled().tolist() == [bool(b) for b, _ in pairs]
    # an index built from labels equals one built from the strings themselves
    rows = list(range(len(pairs)))
    from_labels = PrefixIndex(rows, both)
    from_strings = PrefixIndex(rows, [f"{b}|{c}" for b, c in pairs])
    assert from_labels.tokens == from_strings.tokens
    assert from_labels.rows.tolist() == from_strings.rows.tolist()
