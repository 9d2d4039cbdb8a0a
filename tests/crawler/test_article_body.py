"""Body extraction mechanisms: headline dropping, menu rows of table layouts, split article bodies."""

from lxml.html import fromstring

from crawler.article import extract_article
from crawler.extraction.chunks import add_sibling_chunks

SENTENCE = "商务部表示，相关芯片出口许可的审查仍在进行，企业反映交货时间因此推迟，行业协会呼吁尽快明确规则。"


def paragraph(i: int) -> str:
    return (f"Paragraph {i} explains how the export licence for accelerator chips was reviewed by the agency "
            f"and what the firms said about the delay in shipments.")


def test_old_table_layout_loses_its_menu_row_and_cell_markers():
    words = ["首页", "国内", "国际", "财经", "体育", "娱乐"]
    menu = "<tr>" + "".join(f"<td><a href='/{i}'>{word}</a></td>" for i, word in enumerate(words))
    rows = "".join(f"<tr><td colspan=6>第{i}段：{SENTENCE}</td></tr>" for i in range(6))
    html = f"<html><head><meta charset='utf-8'><title>旧式页面</title></head><body><table>{menu}</tr>{rows}</table>"
    text = extract_article((html + "</body></html>").encode()).text
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == f"第0段：{SENTENCE}"
    assert len(paragraphs) == 6
    assert "首页" not in text and "|" not in text


def test_leading_headline_is_not_repeated_in_the_body():
    body = "".join(f"<p>{paragraph(i)}</p>" for i in range(4))
    html = (f"<html><head><title>Licences stall chip exports | Wire</title></head><body><article>"
            f"<h2>Licences stall chip exports</h2>{body}</article></body></html>")
    text = extract_article(html.encode()).text
    assert text.startswith("Paragraph 0 explains")
    assert "Licences stall" not in text


def split_page() -> str:
    def chunk(first: int, last: int) -> str:
        ps = "".join(f"<p>{paragraph(i)}</p>" for i in range(first, last))
        return f'<div class="grid"><div class="body chunk">{ps}</div><aside>Advertisement</aside></div>'

    far = '<div class="body chunk"><p>' + "Unrelated promotion text in a distant block. " * 8 + "</p></div>"
    return (f"<html><body><main><article><div><div class='chunks'>{chunk(0, 3)}{chunk(3, 6)}{chunk(6, 8)}"
            f"</div></div></article></main><div><div><div><div>{far}</div></div></div></div></body></html>")


def test_split_body_blocks_are_gathered_in_document_order():
    tree = fromstring(split_page())
    found = add_sibling_chunks(tree, [paragraph(3), paragraph(4), paragraph(5)])
    assert found == [paragraph(i) for i in range(8)]


def test_look_alike_blocks_far_away_or_without_new_text_are_ignored():
    tree = fromstring(split_page())
    everything = [paragraph(i) for i in range(8)]
    assert add_sibling_chunks(tree, everything) == everything
    assert not any("Unrelated" in p for p in add_sibling_chunks(tree, [paragraph(0)]))


def test_container_without_class_adds_nothing():
    html = "<html><body><div><p>" + paragraph(0) + "</p></div><div><p>" + paragraph(1) + "</p></div></body></html>"
    assert add_sibling_chunks(fromstring(html), [paragraph(0)]) == [paragraph(0)]


def test_cross_links_and_trailing_furniture_are_dropped():
    from crawler.extraction.boilerplate import drop_boilerplate

    article = [paragraph(0), "Read more: Huawei ships a new Ascend board", paragraph(1),
               "The newsletter of the trade group was quoted by both firms.", paragraph(2),
               "Lire aussi : les puces H20 en Chine", paragraph(3)]
    furniture = ["Sign up for our weekly chips newsletter", "Follow us on Twitter and Facebook", "Comments",
                 "© 2025 Silicon Ledger. All rights reserved."]
    kept = drop_boilerplate(article + furniture)
    assert kept == [paragraph(0), paragraph(1), "The newsletter of the trade group was quoted by both firms.",
                    paragraph(2), paragraph(3)]
    long_tail = "Subscribers were told " + "that the licence review would take months " * 6
    assert drop_boilerplate([paragraph(0), long_tail]) == [paragraph(0), long_tail]
