//! Segmentation tables: (name, input, expected sentences), in Arabic and English.

use super::*;

fn sentences(text: &str, lang: &str) -> Vec<String> {
    let lang = LanguageTag::parse(lang).unwrap();
    segment(text, &lang).into_iter().map(|s| s.text).collect()
}

fn check(lang: &str, cases: &[(&str, &str, &[&str])]) {
    for (name, input, expected) in cases {
        assert_eq!(sentences(input, lang), *expected, "{lang}: {name}");
    }
}

#[test]
fn arabic_breaks_and_no_breaks() {
    check(
        "ar",
        &[
            (
                "ellipsis between words",
                "بعد اوكرانيا..روسيا ترسل قواتها.",
                &["بعد اوكرانيا..روسيا ترسل قواتها."],
            ),
            (
                "ellipsis with spaces",
                "وقال ... إن الوضع خطير. ثم غادر.",
                &["وقال ... إن الوضع خطير.", "ثم غادر."],
            ),
            ("omission mark", "يطلبون مني (..) مساعدتهم. وقال", &["يطلبون مني (..) مساعدتهم.", "وقال"]),
            ("dot then question mark", "فهل تعود.؟ نعم تعود.", &["فهل تعود.؟", "نعم تعود."]),
            ("question then exclamation", "حقا؟! نعم", &["حقا؟!", "نعم"]),
            ("tatweel dot inside a word", "أعمال عنـ.ـف دامية. وقال", &["أعمال عنـ.ـف دامية.", "وقال"]),
            ("tatweel dot on one side", "أعمال عن.ـف", &["أعمال عن.ـف"]),
            ("doctor", "قال د. أحمد إن الوضع خطير. وأضاف", &["قال د. أحمد إن الوضع خطير.", "وأضاف"]),
            ("agency initials", "نقلت أ.ف.ب. الخبر. ثم", &["نقلت أ.ف.ب. الخبر.", "ثم"]),
            ("calendar abbreviation", "ولد عام 1950 م. في القاهرة", &["ولد عام 1950 م. في القاهرة"]),
            ("latin initials inside arabic", "قالت U.S. Army إنها", &["قالت U.S. Army إنها"]),
            ("decimal number", "بلغ السعر 3.67 دولار. ثم", &["بلغ السعر 3.67 دولار.", "ثم"]),
            ("arabic decimal separator", "بلغ ٣٫٦٧ دولار", &["بلغ ٣٫٦٧ دولار"]),
            ("arabic comma", "روسيا، وبطلب من الرئيس، قاسم", &["روسيا، وبطلب من الرئيس، قاسم"]),
            ("closing quote stays", "قال “إن الوضع خطير.” ثم غادر.", &["قال “إن الوضع خطير.”", "ثم غادر."]),
            ("quote then dot", "“مساعدتهم بشكل عاجل”. وقال", &["“مساعدتهم بشكل عاجل”.", "وقال"]),
            ("closing bracket stays", "(وهذا صحيح.) ثم", &["(وهذا صحيح.)", "ثم"]),
            ("space forgotten after the stop", "البلاد.وقال الرئيس", &["البلاد.", "وقال الرئيس"]),
            ("guillemets", "قال «انتهى.» ثم", &["قال «انتهى.»", "ثم"]),
        ],
    );
}

#[test]
fn english_breaks_and_no_breaks() {
    check(
        "en",
        &[
            ("title", "Dr. Smith arrived. He left.", &["Dr. Smith arrived.", "He left."]),
            ("initials", "The U.S. Army said so. Then", &["The U.S. Army said so.", "Then"]),
            ("organisation initials", "The U.N. Security Council met.", &["The U.N. Security Council met."]),
            ("decimal", "It rose 3.67 percent. Then", &["It rose 3.67 percent.", "Then"]),
            ("ellipsis mid-sentence", "He paused... and went on.", &["He paused... and went on."]),
            (
                "omission mark",
                "They asked me (...) for help. Then",
                &["They asked me (...) for help.", "Then"],
            ),
            ("question", "Why? Because.", &["Why?", "Because."]),
            ("question and exclamation", "Really?! Yes.", &["Really?!", "Yes."]),
            (
                "closing quote",
                "He said \u{201c}Go.\u{201d} Then he left.",
                &["He said \u{201c}Go.\u{201d}", "Then he left."],
            ),
            ("lower case goes on", "It costs approx. five dollars.", &["It costs approx. five dollars."]),
        ],
    );
}

#[test]
fn unknown_language_uses_the_common_rules() {
    check("fr", &[("plain stops", "Bonjour. Merci.", &["Bonjour.", "Merci."])]);
}

#[test]
fn paragraphs_are_lines() {
    let lang = LanguageTag::parse("ar").unwrap();
    let text = "سطر أول\n\n  سطر ثان. جملة ثالثة\n";
    let got: Vec<_> =
        segment(text, &lang).into_iter().map(|s| (s.index, s.paragraph, s.start, s.end)).collect();
    let second = text.find("سطر ثان").unwrap();
    let third = text.find("جملة").unwrap();
    assert_eq!(
        got,
        [
            (0, 0, 0, "سطر أول".len()),
            (1, 1, second, second + "سطر ثان.".len()),
            (2, 1, third, third + "جملة ثالثة".len())
        ]
    );
}

#[test]
fn bad_rules_say_where() {
    let srx = r#"<srx><header cascade="yes"/><body><languagerules><languagerule languagerulename="x">
<rule><beforebreak>(</beforebreak></rule></languagerule></languagerules>
<maprules><languagemap languagepattern=".*" languagerulename="missing"/></maprules></body></srx>"#;
    assert_eq!(Segmenter::from_srx(srx).unwrap_err().line, 2);
}
