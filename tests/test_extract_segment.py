from counterclaim.extract.prefilter import needs_parse
from counterclaim.extract.segment import segment, split_sentences
from counterclaim.records import Document, Part


def test_sentences_keep_abbreviations_decimals_and_urls():
    text = "U.S. officials met on Jan. 5 in Kyiv. Losses rose 2.5 times, see https://a.example/x.y today. Next?"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans == ["U.S. officials met on Jan. 5 in Kyiv.", "Losses rose 2.5 times, see https://a.example/x.y today.", "Next?"]


def test_dateline_is_not_part_of_the_first_sentence():
    doc = Document(text="Headline here\n\nKYIV, Jan 14 (Wire) - Russian forces lost 430 soldiers, it said.")
    sents = segment(doc)
    assert sents[1].text == "Russian forces lost 430 soldiers, it said."
    assert doc.text[sents[1].start:sents[1].end] == sents[1].text


def test_quotations_across_sentences_and_pasted_threads():
    text = ("“We lost two tanks. The rest held,” the commander said.\n"
            "The report ended there.\n"
            "i think they are hiding the real numbers lol\n"
            "Another line of the thread.")
    sents = segment(Document(text=text))
    # the closing sentence holds its own attribution; both belong to the one quotation
    assert [s.quoted for s in sents[:3]] == [True, False, False]
    assert sents[0].quote_id == sents[1].quote_id >= 0 and sents[2].quote_id == -1
    assert [s.user for s in sents] == [False, False, False, True, True]


def test_thread_parts_carry_their_comment():
    text = "Post title\n\nFirst comment says 300 were killed.\n\nA reply: https://x.example/a"
    parts = (Part(id="t3_a", start=0, end=10, kind="post"), Part(id="t1_b", start=12, end=46, author="amy"),
             Part(id="t1_c", start=48, end=len(text), author="bob", parent="t1_b"))
    sents = segment(Document(text=text, parts=parts))
    assert [s.part.id for s in sents] == ["t3_a", "t1_b", "t1_c"]
    assert all(s.user for s in sents) and sents[2].urls == ("https://x.example/a",)


def test_prefilter_parses_only_what_a_parse_can_change():
    sents = segment(Document(text="The weather was cold. The ministry said the village was captured. "
                                  "The ministry said nothing more. Prices rose."))
    wanted = [needs_parse(s, None) for s in sents]
    assert wanted == [False, True, False, False]
    assert needs_parse(sents[0], ["a figure"])
