use super::*;
use crate::formats::Problem;
use crate::inline::{check_complete, pieces, tagged, CodeClass, Piece};
use crate::lang::LanguageTag;

fn paragraphs(page: &str) -> Vec<String> {
    read_html_document(page.as_bytes()).unwrap().iter().map(|p| tagged(&p.text)).collect()
}

fn en() -> LanguageTag {
    LanguageTag::parse("en").unwrap()
}

/// Each text piece between codes upper-cased, codes kept.
fn shout(text: &str) -> String {
    let mut out = String::new();
    for piece in pieces(text) {
        match piece {
            Piece::Text(t) => out.push_str(&t.to_uppercase()),
            Piece::Code(m) => crate::inline::push_marker(&mut out, m),
        }
    }
    out
}

/// The page with every paragraph translated by `translate`, one unit per paragraph.
fn translated(page: &str, translate: impl Fn(&str) -> String) -> String {
    let read = read_html_document(page.as_bytes()).unwrap();
    let targets: Vec<String> = read.iter().map(|p| translate(&p.text)).collect();
    let units: Vec<Vec<(&str, &str)>> =
        read.iter().zip(&targets).map(|(p, t)| vec![(p.text.as_str(), t.as_str())]).collect();
    String::from_utf8(rebuild_html(page.as_bytes(), &en(), &units).unwrap()).unwrap()
}

#[test]
fn inline_markup_becomes_codes_holding_the_markup_as_written() {
    let page = "<p class=x>Read <A HREF='/a?x=1&amp;y=2' title=\"More &amp; more\">the <b>full</b>\n  story</A>.<br>\
                Then <img src=i.png alt='A cat'> stop</p>";
    let read = read_html_document(page.as_bytes()).unwrap();
    let texts: Vec<String> = read.iter().map(|p| tagged(&p.text)).collect();
    assert_eq!(texts, ["Read <1>the <2>full</2> story</1>.<3/>Then <4/> stop", "More & more", "A cat"]);
    let codes = &read[0].codes;
    assert_eq!(codes[0].open, "<A HREF='/a?x=1&amp;y=2' title=\"More &amp; more\">");
    assert_eq!(codes[0].close.as_deref(), Some("</A>"));
    assert_eq!((codes[0].class, codes[0].title.as_deref()), (CodeClass::Link, Some("/a?x=1&y=2")));
    assert_eq!((codes[1].disp.as_str(), codes[1].close.as_deref()), ("b", Some("</b>")));
    assert_eq!((codes[2].open.as_str(), codes[2].close.as_deref()), ("<br>", None));
    assert_eq!((codes[3].class, codes[3].open.as_str()), (CodeClass::Image, "<img src=i.png alt='A cat'>"));
}

#[test]
fn blocks_are_paragraphs_and_skeleton_stays_out() {
    let page = "<!DOCTYPE html><html><head><title>T</title><style>p{}</style><script>x('<p>no</p>')</script>\
                </head><body><h1>Head</h1><ul><li>One<li>Two</ul><table><tr><th>A<td>B</table>\
                <blockquote>Quote</blockquote><figure><img src=x><figcaption>Cap</figcaption></figure>\
                <!-- <p>comment</p> --><div>Loose <p>Inner</div><dl><dt>Term<dd>Def</dl><pre>a  b\n c</pre>";
    assert_eq!(
        paragraphs(page),
        ["Head", "One", "Two", "A", "B", "Quote", "Cap", "Loose", "Inner", "Term", "Def", "a  b\n c"]
    );
    let mid = "<p>One<!-- note --> two<script>s()</script> three</p>";
    assert_eq!(paragraphs(mid), ["One<1/> two<2/> three"]);
}

#[test]
fn content_marked_translate_no_is_kept_whole() {
    let page =
        "<p>Call <span translate=\"no\">Acme <b>Corp</b></span> now</p><div translate=no><p>Keep</p></div>";
    let read = read_html_document(page.as_bytes()).unwrap();
    assert_eq!(read.len(), 1);
    assert_eq!(tagged(&read[0].text), "Call <1/> now");
    assert_eq!(read[0].codes[0].open, "<span translate=\"no\">Acme <b>Corp</b></span>");
    let out = translated(page, shout);
    assert!(out.contains("CALL <span translate=\"no\">Acme <b>Corp</b></span> NOW"), "{out}");
    assert!(out.contains("<div translate=no><p>Keep</p></div>"), "{out}");
}

#[test]
fn an_unchanged_page_comes_back_byte_for_byte_but_for_its_language() {
    let page = "<html lang=ar dir='rtl' class=x><body>\n<p> A&nbsp;&amp;  <i>b</i>\n c. D.</p><img alt=\"x &quot;\">\
                <p>Stray</b></i> end</p></html>";
    let out = translated(page, str::to_owned);
    assert_eq!(
        out,
        page.replace("<html lang=ar dir='rtl' class=x>", "<html lang=\"en\" dir=\"ltr\" class=x>")
    );
    let bare = "<div><p>x &amp; y</p></div>";
    assert_eq!(translated(bare, str::to_owned), "<div lang=\"en\" dir=\"ltr\"><p>x &amp; y</p></div>");
}

#[test]
fn what_readers_read_in_attributes_is_translated_wherever_it_is() {
    let page = "<html><head><link rel=alternate title='Feed'><meta name=x content=y></head>\
                <body><figure title='Map' aria-label='A map'><img src=m.png alt='Roads'>\
                <figcaption>The <span title='ring road'>ring</span>.</figcaption></figure>\
                <table summary='Tolls'><tr><td title=Cell>Fee</table><p>Search <input placeholder='Town'></p></body></html>";
    assert_eq!(
        paragraphs(page),
        [
            "Map",
            "A map",
            "Roads",
            "The <1>ring</1>.",
            "ring road",
            "Tolls",
            "Cell",
            "Fee",
            "Search <1/>",
            "Town"
        ]
    );
    let out = translated(page, shout);
    for kept in
        ["<link rel=alternate title='Feed'>", "<meta name=x content=y>", "<img src=m.png alt='ROADS'>"]
    {
        assert!(out.contains(kept), "{kept} in {out}");
    }
    for translated in
        ["title='MAP' aria-label='A MAP'", "title='RING ROAD'", "summary='TOLLS'", "title=\"CELL\""]
    {
        assert!(out.contains(translated), "{translated} in {out}");
    }
    // A root element's attributes and its language go into the same start tag.
    let root = translated("<p title='Note'>Text</p>", shout);
    assert_eq!(root, "<p lang=\"en\" dir=\"ltr\" title='NOTE'>TEXT</p>");
}

#[test]
fn translations_are_written_escaped_into_the_page() {
    let page =
        "<div><p>Fish &amp; <a href=\"/c?a=1&amp;b=2\" title='Chips'>chips</a></p><img src=a alt=cat></div>";
    let out = translated(page, |t| shout(t).replace("FISH", "<F&\"'>").replace("CAT", "C\"A'T"));
    assert_eq!(
        out,
        "<div lang=\"en\" dir=\"ltr\"><p>&lt;F&amp;\"'&gt; &amp; <a href=\"/c?a=1&amp;b=2\" title='CHIPS'>CHIPS</a></p>\
         <img src=a alt=\"C&quot;A&#39;T\"></div>"
    );
}

#[test]
fn messy_markup_reads_into_balanced_paragraphs() {
    for page in [
        "<p>One <b>two <i>three</b> four</i> five",
        "<li>a</span></li><li><b>b<li>c</b>",
        "</p></div><p><a href=x>open",
        "<p>x<",
        "<p a=\"unterminated>text",
        "<p>text<br/>",
        "<",
        "",
        "<p =x>=</p>",
    ] {
        for p in read_html_document(page.as_bytes()).unwrap() {
            check_complete(&p.text, &p.text).unwrap_or_else(|e| panic!("{page}: {e}"));
        }
        let out = translated(page, str::to_owned);
        assert!(out.len() >= page.len(), "{page} → {out}");
    }
    assert_eq!(
        paragraphs("<p>One <b>two <i>three</b> four</i> five"),
        ["One <1>two <2/>three</1> four<3/> five"]
    );
}

#[test]
fn text_holding_code_characters_is_refused() {
    for page in ["<p>a\u{F0001}b</p>", "<p>a&#xF0001;b</p>", "<img alt=\"\u{F8002}\">"] {
        let error = read_html_document(page.as_bytes()).unwrap_err();
        assert!(matches!(*error.problem, Problem::CodeCharacter(_)), "{page}: {error}");
        assert!(error.to_string().contains("reserved for inline codes"), "{error}");
    }
}
