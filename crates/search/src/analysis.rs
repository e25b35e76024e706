//! Text analysis shared by indexing, querying and highlighting: words (jieba in search mode for
//! Chinese, alphanumeric runs for everything else), the typo budget, pinyin of names.

use jieba_rs::Jieba;
use pinyin::ToPinyinMulti;
use std::sync::{Arc, RwLock};

/// One word of a text: lowercased, with its byte range in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub from: usize,
    pub to: usize,
}

/// Han characters (CJK unified ideographs and their extensions, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2EBEF | 0x30000..=0x3134F)
}

/// True when `s` has at least one Han character.
pub fn has_han(s: &str) -> bool {
    s.chars().any(is_han)
}

/// How many typos a query word of this many characters may have (Meilisearch's rule, which the
/// HOST-API contract adopts): none up to 4 characters, 1 for 5 to 8, 2 from 9. CJK never.
pub fn typo_budget(word: &str) -> u8 {
    if has_han(word) {
        return 0;
    }
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

/// The segmenter: jieba's dictionary plus every mini-program name, so a name is one word.
#[derive(Clone)]
pub struct Segmenter {
    jieba: Arc<RwLock<Jieba>>,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Segmenter")
    }
}

impl Default for Segmenter {
    /// The process's segmenter: jieba's dictionary takes a moment to load and is the same for
    /// every index, so indexes share it (the names one index adds help every other).
    fn default() -> Self {
        static SHARED: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
        SHARED
            .get_or_init(|| Segmenter {
                jieba: Arc::new(RwLock::new(Jieba::new())),
            })
            .clone()
    }
}

/// Whether to cut Chinese runs into every dictionary word they contain (indexing: recall) or
/// into the single most likely segmentation (queries: one group per word the user meant).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Index,
    Query,
}

impl Segmenter {
    /// Adds the Chinese words of a name (and the whole name when it is a Chinese run) to the
    /// dictionary, so the name segments as one word. Cheap when they are known already.
    pub fn learn_name(&self, name: &str) {
        let runs = han_runs(name);
        if runs.is_empty() {
            return;
        }
        let missing: Vec<&str> = {
            let j = self
                .jieba
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            runs.into_iter()
                .filter(|r| r.chars().count() > 1 && !j.has_word(r))
                .collect()
        };
        if !missing.is_empty() {
            let mut j = self
                .jieba
                .write()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for w in missing {
                j.add_word(w, Some(50_000), None);
            }
        }
    }

    /// The words of `text`, in order. Chinese runs go through jieba (no HMM: the same text always
    /// segments the same way); other runs split on anything not alphanumeric, and a run joined
    /// by `-`, `.` or `'` also yields its joined form ("to-do" → "to", "do", "todo").
    pub fn words(&self, text: &str, mode: Mode) -> Vec<Word> {
        let mut out = Vec::new();
        let j = self
            .jieba
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (start, run, han) in runs(text) {
            if han {
                let toks = match mode {
                    Mode::Index => j.cut_for_search(run, false),
                    Mode::Query => j.cut(run, false),
                };
                for t in toks {
                    out.push(Word {
                        text: t.word.to_string(),
                        from: start + t.byte_start,
                        to: start + t.byte_end,
                    });
                }
            } else {
                latin_words(run, start, &mut out);
            }
        }
        out
    }
}

/// Maximal runs of `text`: (byte offset, run, is Han). Runs of neither Han nor alphanumeric
/// characters (spaces, punctuation) are dropped, except joiners inside a Latin run.
fn runs(text: &str) -> Vec<(usize, &str, bool)> {
    let mut out = Vec::new();
    let mut cur: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let class = if is_han(c) {
            Some(true)
        } else if c.is_alphanumeric() || (cur.is_some_and(|(_, h)| !h) && is_joiner(c)) {
            Some(false)
        } else {
            None
        };
        match (cur, class) {
            (Some((_, h)), Some(k)) if h == k => {}
            (Some((s, h)), _) => {
                out.push((s, &text[s..i], h));
                cur = class.map(|k| (i, k));
            }
            (None, Some(k)) => cur = Some((i, k)),
            (None, None) => {}
        }
    }
    if let Some((s, h)) = cur {
        out.push((s, &text[s..], h));
    }
    out
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '.' | '\'' | '’' | '_')
}

/// The alphanumeric parts of a Latin run (lowercased), plus the joined form when there are
/// several parts.
fn latin_words(run: &str, start: usize, out: &mut Vec<Word>) {
    let mut parts = Vec::new();
    let mut s = None;
    for (i, c) in run.char_indices() {
        if c.is_alphanumeric() {
            s.get_or_insert(i);
        } else if let Some(b) = s.take() {
            parts.push((b, i));
        }
    }
    if let Some(b) = s {
        parts.push((b, run.len()));
    }
    for &(a, b) in &parts {
        out.push(Word {
            text: run[a..b].to_lowercase(),
            from: start + a,
            to: start + b,
        });
    }
    if parts.len() > 1 {
        let (first, last) = (parts[0].0, parts[parts.len() - 1].1);
        let joined: String = parts
            .iter()
            .map(|&(a, b)| run[a..b].to_lowercase())
            .collect();
        out.push(Word {
            text: joined,
            from: start + first,
            to: start + last,
        });
    }
}

/// The Han runs of a text.
pub fn han_runs(text: &str) -> Vec<&str> {
    runs(text)
        .into_iter()
        .filter_map(|(_, r, h)| h.then_some(r))
        .collect()
}

/// At most this many readings of a name are indexed (heteronyms multiply).
const MAX_READINGS: usize = 16;

/// The pinyin of a name's Chinese runs: for each run, every reading (heteronyms expanded, at
/// most [`MAX_READINGS`]) joined ("jisuanqi") and its syllables ("ji", "suan", "qi"); and the
/// initials ("jsq"). Empty when the name has no Han character.
pub fn name_pinyin(name: &str) -> (Vec<String>, Vec<String>) {
    let mut full = Vec::new();
    let mut initials = Vec::new();
    for run in han_runs(name) {
        let mut readings: Vec<(String, String)> = vec![(String::new(), String::new())];
        for c in run.chars() {
            // ü is typed as v on pinyin keyboards (lü → lv).
            // Readings that differ only in tone are one without the tone marks: kept once, or
            // they would fill the reading budget with copies (上: shàng, shǎng).
            let mut options: Vec<String> = Vec::new();
            for p in c.to_pinyin_multi().into_iter().flatten() {
                let plain = p.plain().replace('ü', "v");
                if !options.contains(&plain) {
                    options.push(plain);
                }
            }
            if options.is_empty() {
                continue;
            }
            let mut next = Vec::new();
            for (f, i) in &readings {
                for o in &options {
                    if next.len() < MAX_READINGS {
                        next.push((format!("{f}{o}"), format!("{i}{}", &o[..1])));
                    }
                }
            }
            for o in &options {
                if !full.contains(o) {
                    full.push(o.clone());
                }
            }
            readings = next;
        }
        for (f, i) in readings {
            if !f.is_empty() && !full.contains(&f) {
                full.push(f);
            }
            if !i.is_empty() && !initials.contains(&i) {
                initials.push(i);
            }
        }
    }
    (full, initials)
}

/// The optimal string alignment distance (Damerau–Levenshtein with adjacent transpositions),
/// over characters.
pub fn damerau(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[n][m]
}

/// The name as the exact-match field holds it: lowercased, whitespace collapsed.
pub fn normalize_name(s: &str) -> String {
    s.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(ws: &[Word]) -> Vec<&str> {
        ws.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget("calc"), 0);
        assert_eq!(typo_budget("snake"), 1);
        assert_eq!(typo_budget("currency"), 1);
        assert_eq!(typo_budget("calculator"), 2);
        assert_eq!(typo_budget("计算器计算器计算器"), 0);
    }

    #[test]
    fn latin_words_split_and_join() {
        let s = Segmenter::default();
        let w = s.words("To-Do list, Café 2048!", Mode::Index);
        assert_eq!(texts(&w), ["to", "do", "todo", "list", "café", "2048"]);
        assert_eq!(&"To-Do list, Café 2048!"[w[4].from..w[4].to], "Café");
    }

    #[test]
    fn chinese_is_segmented_never_dropped() {
        let s = Segmenter::default();
        // 28 Han characters (84 bytes): tantivy's default analyzer would drop it as one token.
        let long = "中国农业发展银行上海分行欢迎您使用我们的网上银行服务谢谢光临";
        let w = s.words(long, Mode::Index);
        assert!(w.len() > 5, "{:?}", texts(&w));
        assert!(texts(&w).contains(&"银行"), "{:?}", texts(&w));
        let mixed = s.words("汇率换算 Currency", Mode::Query);
        assert!(texts(&mixed).contains(&"currency"));
    }

    #[test]
    fn names_become_dictionary_words() {
        let s = Segmenter::default();
        s.learn_name("公交查询");
        let w = s.words("公交查询", Mode::Query);
        assert_eq!(texts(&w), ["公交查询"]);
        let w = s.words("上海公交查询", Mode::Index);
        assert!(texts(&w).contains(&"公交查询"), "{:?}", texts(&w));
    }

    #[test]
    fn readings_differing_only_in_tone_count_once() {
        let (full, ini) = name_pinyin("上海公交查询");
        assert!(
            full.contains(&"shanghaigongjiaochaxun".to_string()),
            "{full:?}"
        );
        assert!(ini.contains(&"shgjcx".to_string()), "{ini:?}");
        let (full, ini) = name_pinyin("重庆银行查询");
        assert!(
            full.contains(&"chongqingyinhangchaxun".to_string()),
            "{full:?}"
        );
        assert!(ini.contains(&"cqyhcx".to_string()), "{ini:?}");
    }

    #[test]
    fn pinyin_full_and_initials() {
        let (full, ini) = name_pinyin("计算器");
        assert!(full.contains(&"jisuanqi".to_string()), "{full:?}");
        assert!(full.contains(&"suan".to_string()));
        assert!(ini.contains(&"jsq".to_string()), "{ini:?}");
        // A heteronym: 行 is both xing and hang.
        let (full, _) = name_pinyin("银行");
        assert!(full.contains(&"yinhang".to_string()), "{full:?}");
        assert!(full.contains(&"yinxing".to_string()), "{full:?}");
        assert_eq!(name_pinyin("Calculator"), (vec![], vec![]));
    }

    #[test]
    fn damerau_counts_a_transposition_once() {
        assert_eq!(damerau("calculator", "calculater"), 1);
        assert_eq!(damerau("calculator", "clacuator"), 2);
        assert_eq!(damerau("snake", "snaek"), 1);
        assert_eq!(damerau("", "ab"), 2);
    }
}
