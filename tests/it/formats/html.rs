//! HTML: article text out of real-world pages (tolerant of what is not XML), the translation as HTML5.

use tarjuman::formats::html::{read_html_text, write_html_target};
use tarjuman::formats::{Position, Problem};

use crate::formats::support::hostile_document;

/// (name, page, expected text: one paragraph per line).
const PAGES: &[(&str, &str, &str)] = &[
    (
        "news article with a script in the middle",
        "<!DOCTYPE html><html lang=ar dir=rtl><head><title>عنوان</title><style>p{color:red}</style></head>\
         <body><article><h1>قوات حفظ السلام تصل</h1><p>أرسلت المنظمة قوات.<script>document.write('<p>x</p>')\
         </script> وصلت أمس.</p></article></body></html>",
        "قوات حفظ السلام تصل\nأرسلت المنظمة قوات. وصلت أمس.",
    ),
    (
        "unclosed paragraphs, upper case, unquoted attributes",
        "<P CLASS=lead>الفقرة الأولى<P id=x data-a='1'>الفقرة الثانية<DIV>ثالثة</DIV>",
        "الفقرة الأولى\nالفقرة الثانية\nثالثة",
    ),
    (
        "nested divs and inline markup",
        "<div><div><span>قال</span> <b>الرئيس</b></div><div><a href=\"/x?a=1&amp;b=2\">رابط</a></div></div>",
        "قال الرئيس\nرابط",
    ),
    (
        "entities, named and numeric",
        "<p>&laquo;8&#x066A;&raquo; &amp; &lt;b&gt; &quot;q&quot; &apos;a&apos; &#1575;&hellip;&mdash;&ndash;\
         &lsquo;&rsquo;&ldquo;&rdquo;&nbsp;|</p><p>&unknown; &amp no-semicolon &#xD800; &#0;</p>",
        "«8٪» & <b> \"q\" 'a' ا…—–‘’“”\u{a0}|\n&unknown; &amp no-semicolon \u{fffd} \u{fffd}",
    ),
    (
        "whitespace collapsed, line breaks are codes within the paragraph",
        "<p>  سطر\n\t أول  <br>سطر   ثان<br/><br /></p>\n\n<li>بند</li>",
        "سطر أول سطر ثان\nبند",
    ),
    (
        "comments, noscript, template, svg and iframes dropped",
        "<p>أ<!-- <p>تعليق</p> -->ب</p><noscript><p>فعّل جافاسكربت</p></noscript><template><p>قالب</p>\
         </template><svg viewBox='0 0 1 1'><text>رسم</text></svg><iframe src=x>إطار</iframe><p>ج</p>",
        "أب\nج",
    ),
    (
        "tables and quotes",
        "<table><tr><th>البلد</th><td>كازاخستان</td></tr></table><blockquote>اقتباس</blockquote>",
        "البلد\nكازاخستان\nاقتباس",
    ),
    ("preformatted text keeps its lines", "<pre>سطر 1\n  سطر 2</pre>", "سطر 1\nسطر 2"),
    (
        "stray less-than signs and bidi marks are text",
        "<p>5 < 6 &amp;&amp; a <- b \u{200f}مرحبا\u{200e}</p><p>UPPER</P>",
        "5 < 6 && a <- b \u{200f}مرحبا\u{200e}\nUPPER",
    ),
    ("a UTF-8 meta charset and a byte-order mark", "\u{feff}<meta charset=\"UTF-8\"><p>نص</p>", "نص"),
    ("http-equiv UTF-8", "<meta http-equiv=Content-Type content='text/html; charset=utf-8'><p>نص</p>", "نص"),
    ("an unterminated script drops the rest", "<p>قبل</p><script>var a = '<p>بعد</p>';", "قبل"),
    ("empty", "", ""),
];

#[test]
fn pages_read_as_their_paragraphs() {
    for (name, page, expected) in PAGES {
        let text = read_html_text(page.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(text, *expected, "{name}");
    }
}

#[test]
fn another_declared_encoding_is_refused_with_its_name_and_place() {
    let cases: &[(&str, &[u8], &str, Option<u64>)] = &[
        ("meta charset", b"<html>\n<head><meta charset=\"windows-1256\">", "windows-1256", Some(2)),
        (
            "http-equiv",
            b"<meta http-equiv=\"content-type\" content=\"text/html; charset=ISO-8859-6\">",
            "ISO-8859-6",
            Some(1),
        ),
        // Windows-1256 bytes for "نص": not UTF-8, and the page says what it is.
        ("not UTF-8, declared", b"<meta charset=windows-1256><p>\xe4\xd5</p>", "windows-1256", None),
    ];
    for (name, page, charset, line) in cases {
        let error = read_html_text(page).unwrap_err();
        assert_eq!(*error.problem, Problem::Charset((*charset).into()), "{name}: {error}");
        assert_eq!(error.position.map(|p| p.line), *line, "{name}: {error}");
        assert!(error.to_string().contains("UTF-8"), "{name}: {error}");
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_where_they_start() {
    let error = read_html_text(b"<p>\n\xe4\xd5</p>").unwrap_err();
    assert_eq!(*error.problem, Problem::NotUtf8);
    assert_eq!(error.position, Some(Position { line: 2, column: Some(1) }));
}

#[test]
fn the_target_page_is_complete_escaped_html5() {
    let doc = hostile_document();
    let page = String::from_utf8(write_html_target(&doc)).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"), "{page}");
    assert!(page.contains("<meta charset=\"utf-8\">"));
    assert!(page.contains("<title>كازاخستان &amp; &lt;CSTO&gt;</title>"), "{page}");
    assert!(!page.contains("<script>") && page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(page.contains(
        "<mark class=\"untranslated\" data-segment=\"s3\">[untranslated segment 3: <span lang=\"ar\" dir=\"rtl\">\
         الأمـــــن</span>]</mark>"
    ));
    assert_eq!(page.matches("<p>").count(), 3);
}

#[test]
fn an_arabic_target_page_is_right_to_left() {
    let doc = hostile_document();
    let swapped = tarjuman::formats::BilingualDocument {
        source_lang: doc.target_lang.clone(),
        target_lang: doc.source_lang.clone(),
        ..doc
    };
    let page = String::from_utf8(write_html_target(&swapped)).unwrap();
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"), "{page}");
    assert!(page.contains("<span lang=\"en\" dir=\"ltr\">"), "{page}");
}
