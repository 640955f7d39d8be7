//! Matcher tables: (name, glossary, text, expected matches) on real Arabic strings.

use super::*;
use crate::glossary::model::{Term, TermStatus};
use MatchKind::{Clitic, Exact, Inflected, Variant};
use MatchMode::{Inflected as Inflect, Proper};

type Case<'a> = (&'a str, &'a [(&'a str, MatchMode)], &'a str, &'a [(&'a str, MatchKind, usize)]);

fn glossary(entries: &[(&str, MatchMode)]) -> Vec<Concept> {
    entries
        .iter()
        .map(|(text, mode)| Concept {
            source_terms: vec![Term::preferred(*text)],
            match_mode: *mode,
            ..Concept::default()
        })
        .collect()
}

fn check(cases: &[Case]) {
    for (name, entries, text, expected) in cases {
        let index = TermIndex::build(&glossary(entries));
        let got: Vec<_> = index.find(text).into_iter().map(|m| (m.surface, m.kind, m.concept)).collect();
        let expected: Vec<_> = expected.iter().map(|(s, k, c)| (s.to_string(), *k, *c)).collect();
        assert_eq!(got, expected, "{name}");
    }
}

#[test]
fn proclitics() {
    check(&[
        (
            "lam on the first word",
            &[("منظمة معاهدة الأمن الجماعي", Proper)],
            "التابع لمنظمة معاهدة الأمن الجماعي وفقاً",
            &[("منظمة معاهدة الأمن الجماعي", Clitic, 0)],
        ),
        ("waw", &[("أرمينيا", Proper)], "بيلاروسيا وأرمينيا وطاجيكستان", &[("أرمينيا", Clitic, 0)]),
        (
            "lam then article written lam-lam",
            &[("السلطات", Inflect)],
            "للسلطات الكازاخستانية",
            &[("سلطات", Clitic, 0)],
        ),
        (
            "lam-lam before a word without article",
            &[("يورانيوم", Inflect)],
            "منتج عالمي لليورانيوم ،",
            &[("يورانيوم", Clitic, 0)],
        ),
        (
            "lam before a word starting with lam",
            &[("لبنان", Proper)],
            "زيارة للبنان",
            &[("لبنان", Clitic, 0)],
        ),
        (
            "waw and article",
            &[("الاتحاد السوفيتي", Proper)],
            "والاتحاد السوفيتي",
            &[("الاتحاد السوفيتي", Clitic, 0)],
        ),
        (
            "detached lam before a quote",
            &[("رويترز", Proper)],
            "ذكر صحفيون لـ”رويترز” أن",
            &[("رويترز", Clitic, 0)],
        ),
        (
            "detached ba on a multi-word term",
            &[("مثيري الشغب", Inflect)],
            "وصفتهم بـ”مثيري الشغب”، في",
            &[("مثيري الشغب", Clitic, 0)],
        ),
        (
            "article optional inside a term",
            &[("قوات حفظ السلام", Inflect)],
            "بإرسال قوات حفظ سلام جماعية",
            &[("قوات حفظ سلام", Clitic, 0)],
        ),
        (
            "article added inside a term",
            &[("حقوق إنسان", Inflect)],
            "وحقوق الإنسان",
            &[("حقوق الإنسان", Clitic, 0)],
        ),
        ("exact mode takes no proclitic", &[("تاس", MatchMode::Exact)], "وتاس", &[]),
        ("exact mode", &[("تاس", MatchMode::Exact)], "وكالة “تاس” الروسية", &[("تاس", Exact, 0)]),
        ("alef without hamza", &[("أوكرانيا", Proper)], "بعد اوكرانيا..روسيا", &[("اوكرانيا", Exact, 0)]),
        ("a proclitic must leave the whole term", &[("سلطان", Proper)], "بسلطانة", &[]),
        ("hamza alef is no article", &[("ألماتي", Proper)], "ماتي في مدينة ألماتي", &[("ألماتي", Exact, 0)]),
    ]);
}

#[test]
fn inflections() {
    check(&[
        (
            "plural of the head noun",
            &[("ناقلة جنود مدرعة", Inflect)],
            "دخلت ناقلات جنود مدرعة إلى",
            &[("ناقلات جنود مدرعة", Inflected, 0)],
        ),
        (
            "plural hidden by a tatweel dot",
            &[("إرهابي", Inflect)],
            "على “إرهابيـ.ـين تلقوا",
            &[("إرهابيـ.ـين", Inflected, 0)],
        ),
        (
            "noun hidden by a tatweel dot",
            &[("عنف", Inflect)],
            "أعمال عنـ.ـف داميـ.ـة",
            &[("عنـ.ـف", Exact, 0)],
        ),
        (
            "feminine adjective with article",
            &[("كازاخي", Inflect)],
            "الشرطة الكازاخية",
            &[("كازاخية", Inflected, 0)],
        ),
        ("pronoun after ta marbuta", &[("منظمة", Inflect)], "أعضاء منظمتها", &[("منظمتها", Inflected, 0)]),
        ("names do not inflect", &[("كازاخستان", Proper)], "السلطات الكازاخستانية", &[]),
    ]);
}

#[test]
fn precision() {
    check(&[
        ("Iran is not Iranians", &[("إيران", Proper)], "الإيرانيين", &[]),
        ("Iran is not Iranians even inflected", &[("إيران", Inflect)], "الإيرانيين", &[]),
        ("Qatar is not trains", &[("قطر", Proper)], "القطارات", &[]),
        ("Qatar is not trains even inflected", &[("قطر", Inflect)], "القطارات", &[]),
        ("Egypt is not banking", &[("مصر", Proper)], "المصرفية", &[]),
        ("Egypt is not banking even inflected", &[("مصر", Inflect)], "المصرفية", &[]),
        ("Russia is not Russian", &[("روسيا", Proper)], "التدخل الروسي", &[]),
        ("Kazakhstan is not Kazakh", &[("كازاخستان", Proper)], "الشرطة الكازاخية", &[]),
        (
            "Egypt with a preposition",
            &[("مصر", Proper)],
            "في مصر وبمصر",
            &[("مصر", Exact, 0), ("مصر", Clitic, 0)],
        ),
        ("no match across a comma", &[("روسيا وبطلب", Proper)], "روسيا، وبطلب", &[]),
    ]);
}

#[test]
fn variants() {
    check(&[
        (
            "dropped letter in the middle name",
            &[("قاسم جومارت توكاييف", Proper)],
            "الرئيس الحالي، قاسم جومات توكاييف، الذي",
            &[("قاسم جومات توكاييف", Variant, 0)],
        ),
        (
            "dropped letter in the surname",
            &[("نيد برايس", Proper)],
            "الخارجية، نيد براس، إن",
            &[("نيد براس", Variant, 0)],
        ),
        ("variant with a proclitic", &[("نيد برايس", Proper)], "وقال لنيد براس", &[("نيد براس", Variant, 0)]),
        (
            "exact beats variant",
            &[("نيد برايس", Proper), ("نيد براس", Proper)],
            "نيد براس",
            &[("نيد براس", Exact, 1)],
        ),
        ("one-word names have no variants", &[("روسيا", Proper)], "روسية", &[]),
        ("short words never vary", &[("نيد برايس", Proper)], "نيز برايس", &[]),
        ("one word must match as written", &[("قاسم جومارت", Proper)], "قاسن جومات", &[]),
        ("edits at the end are inflections", &[("قاسم جومارت", Proper)], "قاسم جومارة", &[]),
        ("only names vary", &[("ناقلة جنود", Inflect)], "ناقلة جنوط", &[]),
    ]);
}

#[test]
fn longest_first_and_links() {
    check(&[
        (
            "longer term wins",
            &[("مجلس الأمن", Proper), ("مجلس الأمن الجماعي", Proper)],
            "إن مجلس الأمن الجماعي التابع",
            &[("مجلس الأمن الجماعي", Exact, 1)],
        ),
        (
            "longer term wins when it starts earlier",
            &[("الأمن الجماعي", Proper), ("منظمة معاهدة الأمن الجماعي", Proper)],
            "منظمة معاهدة الأمن الجماعي",
            &[("منظمة معاهدة الأمن الجماعي", Exact, 1)],
        ),
        ("hyphen links words", &[("نور سلطان", Proper)], "نور-سلطان", &[("نور-سلطان", Exact, 0)]),
        (
            "same term twice",
            &[("روسيا", Proper)],
            "روسيا وروسيا",
            &[("روسيا", Exact, 0), ("روسيا", Clitic, 0)],
        ),
        ("latin case folds", &[("Reuters", MatchMode::Exact)], "told REUTERS.", &[("REUTERS", Exact, 0)]),
        ("latin initials", &[("U.S.", MatchMode::Exact)], "the U.S. army", &[("U.S", Exact, 0)]),
    ]);
}

#[test]
fn offsets_are_chars_and_skip_proclitics_with_their_marks() {
    let index = TermIndex::build(&glossary(&[("منظمة", Proper)]));
    let text = "قالت وَلِمُنَظَّمَةِ";
    let found = index.find(text);
    assert_eq!(found.len(), 1);
    let m = &found[0];
    assert_eq!((m.start, m.end, m.surface.as_str()), (9, 20, "مُنَظَّمَةِ"));
    assert_eq!(text.chars().skip(m.start).take(m.end - m.start).collect::<String>(), m.surface);
}

#[test]
fn synonyms_and_forbidden_terms_are_reported() {
    let concepts = [Concept {
        source_terms: vec![
            Term::preferred("نور سلطان نزارباييف"),
            Term { text: "نزار باييف".into(), status: TermStatus::Forbidden },
        ],
        match_mode: Proper,
        ..Concept::default()
    }];
    let found = TermIndex::build(&concepts).find("حكم سلطان نزار باييف (81 عامًا)");
    assert_eq!(found.iter().map(|m| (m.concept, m.term, m.kind)).collect::<Vec<_>>(), [(0, 1, Exact)]);
}

#[test]
fn match_serialises_with_lowercase_kind() {
    let m = Match { concept: 1, term: 0, start: 2, end: 5, surface: "تاس".into(), kind: Clitic };
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"concept":1,"term":0,"start":2,"end":5,"surface":"تاس","kind":"clitic"}"#
    );
}

#[test]
fn index_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<TermIndex>();
}
