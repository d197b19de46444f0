//! Which language a text is written in, from two kinds of evidence kept as
//! data in `data/langid/`: the script its letters belong to
//! (`scripts.tsv`), and, where a script serves several languages, the share
//! of the text's words found in each language's list of frequent function
//! words (`<code>.txt`).
//!
//! ```
//! use sitrep_sources::langid::detect;
//! assert_eq!(detect("The council said the bridge would reopen on Monday.").code, Some("en"));
//! assert_eq!(detect("Le conseil a dit que le pont rouvrira lundi.").code, Some("fr"));
//! ```

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/langid_files.rs"));

/// How much of a text is read: enough for a stable guess, cheap on long stories.
const SAMPLE_BYTES: usize = 4000;

/// A language guess.
#[derive(Debug, Clone, PartialEq)]
pub struct Guess {
    /// ISO 639-1 code; None when the text gives too little evidence.
    pub code: Option<&'static str>,
    pub name: Option<&'static str>,
    /// Share of the words (or letters, for a single-language script) that
    /// support the guess.
    pub score: f64,
}

struct Script {
    ranges: Vec<(u32, u32)>,
    languages: Vec<&'static str>,
    name: &'static str,
}

struct Model {
    scripts: Vec<Script>,
    words: HashMap<&'static str, HashSet<String>>,
    names: HashMap<&'static str, &'static str>,
}

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(|| {
        let mut m = Model {
            scripts: Vec::new(),
            words: HashMap::new(),
            names: HashMap::new(),
        };
        for (file, body) in LANGID_FILES {
            let data_lines = || body.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
            match *file {
                "scripts.tsv" => {
                    for line in data_lines() {
                        let mut cols = line.split('\t');
                        let (Some(name), Some(ranges), Some(langs)) = (cols.next(), cols.next(), cols.next()) else {
                            continue;
                        };
                        let ranges = ranges
                            .split_whitespace()
                            .filter_map(|r| {
                                let (a, b) = r.split_once('-')?;
                                Some((u32::from_str_radix(a, 16).ok()?, u32::from_str_radix(b, 16).ok()?))
                            })
                            .collect();
                        m.scripts.push(Script {
                            ranges,
                            languages: langs.split_whitespace().collect(),
                            name,
                        });
                    }
                }
                "names.tsv" => {
                    for line in data_lines() {
                        if let Some((code, name)) = line.split_once('\t') {
                            m.names.insert(code.trim(), name.trim());
                        }
                    }
                }
                f if f.ends_with(".txt") => {
                    let code = &f[..f.len() - 4];
                    // the header names the language: "# French: ..."
                    if let Some(name) = body
                        .lines()
                        .next()
                        .and_then(|l| l.strip_prefix("# "))
                        .and_then(|l| l.split(':').next())
                    {
                        m.names.insert(code, name.trim());
                    }
                    m.words
                        .insert(code, data_lines().flat_map(str::split_whitespace).map(str::to_lowercase).collect());
                }
                _ => {}
            }
        }
        m
    })
}

fn script_of(m: &Model, c: char) -> Option<usize> {
    let v = u32::from(c);
    m.scripts.iter().position(|s| s.ranges.iter().any(|&(a, b)| (a..=b).contains(&v)))
}

/// Guesses the language of a text. Short or ambiguous texts get no code.
pub fn detect(text: &str) -> Guess {
    let m = model();
    let end = (0..=SAMPLE_BYTES.min(text.len()))
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    let sample = &text[..end];
    let mut counts = vec![0usize; m.scripts.len()];
    for c in sample.chars().filter(|c| c.is_alphabetic()) {
        if let Some(s) = script_of(m, c) {
            counts[s] += 1;
        }
    }
    let letters: usize = counts.iter().sum();
    let none = Guess {
        code: None,
        name: None,
        score: 0.0,
    };
    let Some((best, &n)) = counts.iter().enumerate().max_by_key(|&(_, n)| *n) else {
        return none;
    };
    if n < 8 {
        return none;
    }
    let script = &m.scripts[best];
    let share = n as f64 / letters.max(1) as f64;
    // Japanese writes Han characters among kana: any real share of kana decides.
    if script.name == "han" {
        if let Some(k) = m.scripts.iter().position(|s| s.name == "kana") {
            if counts[k] * 10 >= n {
                return named(m, "ja", (counts[k] + n) as f64 / letters.max(1) as f64);
            }
        }
    }
    if script.languages.len() == 1 {
        return named(m, script.languages[0], share);
    }
    by_words(m, sample, &script.languages)
}

fn named(m: &Model, code: &str, score: f64) -> Guess {
    let code = m
        .names
        .get_key_value(code)
        .map(|(k, _)| *k)
        .or_else(|| m.words.get_key_value(code).map(|(k, _)| *k));
    Guess {
        code,
        name: code.and_then(|c| m.names.get(c).copied()),
        score,
    }
}

/// The language whose function words cover the largest share of the
/// text's words. Single letters weigh half (they are also variables,
/// initials and the `s` of "Arm's"). A guess needs a weight of two from at
/// least two different list words, and a tenth of the text's words. English
/// keeps the text unless another language finds half as much again: a
/// foreign story coded by mistake yields little, an English one skipped by
/// mistake loses its events.
fn by_words(m: &Model, sample: &str, candidates: &[&'static str]) -> Guess {
    let words: Vec<String> = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let weigh = |lang: &str| -> (f64, usize) {
        let Some(list) = m.words.get(lang) else { return (0.0, 0) };
        let found: Vec<&str> = words.iter().map(String::as_str).filter(|w| list.contains(*w)).collect();
        let weight = found.iter().map(|w| if w.chars().count() == 1 { 0.5 } else { 1.0 }).sum();
        (weight, found.iter().collect::<HashSet<_>>().len())
    };
    let mut best: Option<(&'static str, f64)> = None;
    for &lang in candidates {
        let (weight, distinct) = weigh(lang);
        if distinct >= 2 && weight >= 2.0 && best.is_none_or(|(_, w)| weight > w) {
            best = Some((lang, weight));
        }
    }
    let Some((mut lang, mut weight)) = best else {
        return Guess {
            code: None,
            name: None,
            score: 0.0,
        };
    };
    if lang != "en" && candidates.contains(&"en") {
        let (en, _) = weigh("en");
        if en * 1.5 >= weight {
            (lang, weight) = ("en", en);
        }
    }
    if weight * 10.0 < words.len() as f64 {
        return Guess {
            code: None,
            name: None,
            score: 0.0,
        };
    }
    named(m, lang, weight / words.len() as f64)
}

/// Why a document is not for the English coder, or None when it is English
/// or its language cannot be told.
pub fn not_english(text: &str) -> Option<String> {
    let g = detect(text);
    match g.code {
        Some(code) if code != "en" => Some(format!("language {} ({code}), not English", g.name.unwrap_or(code))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One plain sentence for each language with a word list or a script of its own.
    const SENTENCES: &[(&str, &str)] = &[
        ("en", "Police said two people were killed when a bus hit a wall on the main road."),
        ("fr", "Selon la police, deux personnes ont été tuées dans un accident sur la route."),
        (
            "de",
            "Die Polizei sagte, dass zwei Menschen bei dem Unfall auf der Straße gestorben sind.",
        ),
        ("es", "La policía dijo que dos personas murieron en el accidente de la carretera."),
        (
            "pt",
            "A polícia disse que duas pessoas morreram no acidente na estrada, segundo o jornal.",
        ),
        ("it", "La polizia ha detto che due persone sono morte nell'incidente sulla strada."),
        ("nl", "De politie zei dat twee mensen zijn omgekomen bij het ongeluk op de weg."),
        (
            "sv",
            "Polisen sade att två personer dog i olyckan på vägen och att bilen inte stannade.",
        ),
        (
            "da",
            "Politiet sagde, at to personer døde i ulykken på vejen, og at bilen ikke havde lys.",
        ),
        (
            "nb",
            "Politiet sa at to personer døde i ulykken på veien, og at bilen ikke hadde lys.",
        ),
        (
            "pl",
            "Policja powiedziała, że dwie osoby zginęły w wypadku na drodze, który był bardzo groźny.",
        ),
        (
            "cs",
            "Policie uvedla, že při nehodě na silnici zemřeli dva lidé a že auto jelo rychle.",
        ),
        (
            "ro",
            "Poliția a spus că două persoane au murit în accidentul de pe drum și că nu au fost alți răniți.",
        ),
        (
            "tr",
            "Polis, yolda meydana gelen kazada iki kişinin öldüğünü ve bir kişinin yaralandığını söyledi, ama daha çok bilgi yok.",
        ),
        (
            "id",
            "Polisi mengatakan bahwa dua orang tewas dalam kecelakaan di jalan yang sangat ramai itu.",
        ),
        (
            "vi",
            "Cảnh sát nói rằng hai người đã chết trong vụ tai nạn trên đường và có nhiều người bị thương.",
        ),
        ("hu", "A rendőrség szerint két ember meghalt a balesetben, és az autó nem állt meg."),
        ("fi", "Poliisin mukaan kaksi ihmistä kuoli onnettomuudessa, ja auto ei pysähtynyt."),
        (
            "sw",
            "Polisi walisema kwamba watu wawili walikufa katika ajali hiyo ya barabarani, lakini dereva alikimbia.",
        ),
        (
            "tl",
            "Sinabi ng pulis na dalawang tao ang namatay sa aksidente sa kalsada ayon sa ulat.",
        ),
        (
            "ru",
            "Полиция сообщила, что два человека погибли в аварии на дороге, и что водитель был пьян.",
        ),
        (
            "uk",
            "Поліція повідомила, що дві людини загинули в аварії на дорозі, і що водій був п'яний.",
        ),
        (
            "bg",
            "Полицията каза, че двама души са загинали при катастрофата на пътя и че шофьорът е избягал.",
        ),
        (
            "sr",
            "Полиција је рекла да су две особе погинуле у несрећи на путу и да је возач био пијан.",
        ),
        (
            "ar",
            "قالت الشرطة إن شخصين قتلا في حادث على الطريق بعد أن فقد السائق السيطرة على السيارة.",
        ),
        ("fa", "پلیس گفت که دو نفر در این تصادف در جاده کشته شدند و راننده فرار کرد."),
        (
            "ur",
            "پولیس نے کہا کہ سڑک پر حادثے میں دو افراد ہلاک ہو گئے اور ڈرائیور فرار ہو گیا۔",
        ),
        ("el", "Η αστυνομία είπε ότι δύο άνθρωποι σκοτώθηκαν στο τροχαίο στον δρόμο."),
        ("he", "המשטרה אמרה ששני אנשים נהרגו בתאונה בכביש הראשי."),
        ("hi", "पुलिस ने कहा कि सड़क दुर्घटना में दो लोगों की मौत हो गई।"),
        ("bn", "পুলিশ জানিয়েছে সড়ক দুর্ঘটনায় দুজন মানুষ মারা গেছেন।"),
        ("pa", "ਪੁਲਿਸ ਨੇ ਕਿਹਾ ਕਿ ਸੜਕ ਹਾਦਸੇ ਵਿੱਚ ਦੋ ਲੋਕਾਂ ਦੀ ਮੌਤ ਹੋ ਗਈ।"),
        ("ta", "சாலை விபத்தில் இரண்டு பேர் உயிரிழந்ததாக காவல்துறை தெரிவித்தது."),
        ("th", "ตำรวจกล่าวว่ามีผู้เสียชีวิตสองคนในอุบัติเหตุบนถนน"),
        ("ka", "პოლიციამ თქვა, რომ ავარიას ორი ადამიანი ემსხვერპლა."),
        ("hy", "Ոստիկանությունը հայտնել է, որ ճանապարհին վթարից երկու մարդ է մահացել։"),
        ("am", "ፖሊስ በመንገድ አደጋ ሁለት ሰዎች መሞታቸውን አስታውቋል።"),
        ("my", "လမ်းမတော်တဆမှုတွင် လူနှစ်ဦး သေဆုံးခဲ့ကြောင်း ရဲက ပြောသည်။"),
        ("km", "ប៉ូលិសបាននិយាយថា មនុស្សពីរនាក់បានស្លាប់ក្នុងគ្រោះថ្នាក់ចរាចរណ៍។"),
        ("ko", "경찰은 도로 사고로 두 명이 숨졌다고 밝혔다."),
        ("ja", "警察によると、道路の事故で二人が死亡した。"),
        ("zh", "警方表示，两人在公路交通事故中死亡，司机已经逃跑。"),
    ];

    #[test]
    fn each_language_is_told_by_a_sentence() {
        let mut wrong = Vec::new();
        for (want, s) in SENTENCES {
            let g = detect(s);
            if g.code != Some(*want) {
                wrong.push(format!("{want}: got {:?} ({:.2}) for {s}", g.code, g.score));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn every_language_in_the_data_has_a_test_sentence() {
        let m = model();
        let tested: HashSet<&str> = SENTENCES.iter().map(|(c, _)| *c).collect();
        for s in &m.scripts {
            for l in &s.languages {
                assert!(tested.contains(l), "no test sentence for {l}");
            }
        }
    }

    #[test]
    fn english_news_with_many_names_stays_english() {
        let s = "KABUL, March 3 - Taliban officials in Kandahar met Pakistani envoys on Sunday, \
                 a spokesman for the ministry said, after clashes near Torkham and Chaman.";
        assert_eq!(detect(s).code, Some("en"));
        assert_eq!(not_english(s), None);
    }

    #[test]
    fn one_word_repeated_is_not_a_language() {
        // single-letter variables look like Czech "v" and "a"
        assert_eq!(
            detect("let v = vec![1, 2]; check(v); v.push(3); assert_eq!(v.len(), 3);").code,
            None
        );
    }

    #[test]
    fn too_little_text_gives_no_guess() {
        assert_eq!(detect("Kabul").code, None);
        assert_eq!(detect("12 345 678").code, None);
        assert_eq!(detect("").code, None);
    }

    #[test]
    fn a_non_english_story_says_why_it_is_skipped() {
        let why = not_english("Selon la police, deux personnes ont été tuées dans un accident sur la route.").unwrap();
        assert_eq!(why, "language French (fr), not English");
    }
}
