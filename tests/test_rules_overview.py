"""D-4/D-5: the overview rules that only the list views use (name key, A–Z bar, closed view,
paging), called directly so that they are in the fast selection of mutation testing
(docs/testing.md)."""

from __future__ import annotations

import string
from datetime import date

from binc_web.rules import overview as rules
from binc_web.rules.overview import SORT_NAME_LENGTH, letter_of, name_search_key, sort_name


def test_d4_sort_name_is_name_and_given_name_in_lower_case_without_accents():
    assert sort_name("Öztürk", "Elif") == "ozturk elif"
    assert sort_name("Van den Berghe", "Zoë") == "van den berghe zoe"
    assert sort_name("de Smet", "Louis") == "de smet louis"
    assert sort_name("  Émond ", " Inès") == "emond ines"
    assert sort_name("3 BSO Houtbewerking") == "3 bso houtbewerking"  # K-5: a class
    assert sort_name("Peeters", "") == "peeters "  # an empty given name still follows a space
    assert sort_name("Ångström") == "angstrom"
    assert sort_name("Østergaard") == "østergaard"  # a stroke is no combining mark


def test_d4_sort_name_is_cut_at_the_length_of_its_column():
    assert len(sort_name("X" * 120, "Y" * 120)) == 241
    assert sort_name("X" * 300) == "x" * SORT_NAME_LENGTH


def test_d4_sort_name_starts_with_its_letter_of_the_az_bar():
    """Only names under a letter start with a–z, and with that letter: a letter is a range."""
    for name in ("Aerts", "élise", "Ömer", "ıpek", "İlhan", "3 BSO", "'t Hooft", "Øster", "김"):
        key = sort_name(name, "x")
        letter = letter_of(name)
        under_letter = key[:1] in string.ascii_lowercase
        assert under_letter == (letter is not None), name
        if letter:
            assert key[0] == letter.lower(), name
            assert letter_of(key) == letter, name
    # Dotless ı and long ſ fold to a capital Latin letter: the key starts with that letter.
    assert sort_name("ıpek", "Elif") == "ipek elif"
    assert sort_name("ſmet") == "smet"


def test_d4_letters_of_names():
    assert rules.letter_of("Ö") == "O"
    assert rules.letter_of("é") == "E"
    assert rules.letter_of("d") == "D"
    assert rules.letter_of("3") is None
    assert rules.letter_of("'") is None
    assert rules.letter_of("") is None
    assert {rules.sort_name(name)[:1] for name in ("Oost", "oost", "Öz", "öz", "Óscar")} == {"o"}


def test_d4_closed_dossiers_stay_in_the_view_for_365_days():
    assert rules.closed_view_since(date(2026, 6, 15)) == date(2025, 6, 15)
    assert rules.closed_view_since(date(2025, 3, 1)) == date(2024, 3, 1)  # 2024 is a leap year


def test_d4_page_count_is_at_least_one_and_rounds_up():
    assert rules.page_count(0, 50) == 1
    assert rules.page_count(1, 50) == 1
    assert rules.page_count(50, 50) == 1
    assert rules.page_count(51, 50) == 2
    assert rules.page_count(100, 50) == 2
    assert rules.page_count(101, 50) == 3


def test_d5_the_name_search_key_is_the_folded_term_when_that_is_plain_ascii():
    assert name_search_key("Öztürk") == "ozturk"
    assert name_search_key("De Smet") == "de smet"
    assert name_search_key("é") == "e"
    assert name_search_key("ı") is None  # dotless i: the sort name may have replaced it
    assert name_search_key("ß") is None
    assert name_search_key("   ") is None


def test_d4_page_window_reads_the_same_rows_from_the_nearer_end():
    """Every page of every list length up to 60 (pages of 1 to 7 rows): the window read
    backwards holds exactly the page's rows, and is chosen when it skips fewer rows."""
    for size in range(1, 8):
        for total in range(61):
            listed = list(range(total))
            for page in range(1, rules.page_count(total, size) + 2):
                window = rules.page_window(page, size, total)
                expected = listed[(page - 1) * size : page * size]
                if window.reversed:
                    backwards = listed[::-1][window.offset : window.offset + window.limit]
                    assert backwards[::-1] == expected
                    assert window.offset < (page - 1) * size
                else:
                    assert window.offset == (page - 1) * size and window.limit == size
                    assert window.offset <= max(total - page * size, 0)


def test_d4_the_last_page_of_a_long_list_is_read_backwards():
    assert rules.page_window(100, 50, 5000) == rules.PageWindow(0, 50, reversed=True)
    assert rules.page_window(100, 50, 4990) == rules.PageWindow(0, 40, reversed=True)
    assert rules.page_window(99, 50, 4990) == rules.PageWindow(40, 50, reversed=True)
    assert rules.page_window(1, 50, 5000) == rules.PageWindow(0, 50, reversed=False)
