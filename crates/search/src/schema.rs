//! The index's fields and the analyzers that fill them.

use crate::analysis::{is_han, Mode, Segmenter};
use tantivy::schema::{
    BytesOptions, Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions,
    STRING,
};
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

pub const WORDS: &str = "ms_words";
pub const EDGE: &str = "ms_edge";
pub const CJK2: &str = "ms_cjk2";

/// Longest word indexed, in bytes (tantivy's own limit is 40; Chinese words are 3 bytes a
/// character, so this keeps names of up to 30 characters whole).
const MAX_WORD_BYTES: usize = 90;
/// Edge n-grams stop at this many characters (a longer prefix is typed rarely, and the word
/// field still matches the whole word).
const MAX_PREFIX_CHARS: usize = 20;

/// Every field of the index.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub name: Field,
    pub name_exact: Field,
    pub name_prefix: Field,
    pub name_py: Field,
    pub name_pyi: Field,
    pub name_cjk2: Field,
    pub summary: Field,
    pub summary_cjk2: Field,
    pub description: Field,
    pub tags_text: Field,
    pub tags: Field,
    pub category: Field,
    pub category_name: Field,
    pub kind: Field,
    pub developer: Field,
    pub host: Field,
    pub popularity: Field,
    pub released: Field,
    pub payload: Field,
}

fn text(tokenizer: &str, positions: bool) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(if positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            }),
    )
}

/// The schema and its fields.
pub fn build() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let keyword = STRING.set_fast("raw");
    let f = Fields {
        id: b.add_text_field("id", STRING),
        name: b.add_text_field("name", text(WORDS, true)),
        name_exact: b.add_text_field("name_exact", STRING),
        name_prefix: b.add_text_field("name_prefix", text(EDGE, false)),
        name_py: b.add_text_field("name_py", text(EDGE, false)),
        name_pyi: b.add_text_field("name_pyi", text(EDGE, false)),
        name_cjk2: b.add_text_field("name_cjk2", text(CJK2, false)),
        summary: b.add_text_field("summary", text(WORDS, true)),
        summary_cjk2: b.add_text_field("summary_cjk2", text(CJK2, false)),
        description: b.add_text_field("description", text(WORDS, false)),
        tags_text: b.add_text_field("tags_text", text(WORDS, false)),
        tags: b.add_text_field("tags", keyword.clone()),
        category: b.add_text_field("category", keyword.clone()),
        category_name: b.add_text_field("category_name", text(WORDS, false)),
        kind: b.add_text_field("kind", keyword),
        developer: b.add_text_field("developer", text(WORDS, false)),
        host: b.add_text_field("host", STRING),
        popularity: b.add_u64_field("popularity", NumericOptions::default().set_fast()),
        released: b.add_i64_field("released", NumericOptions::default().set_fast()),
        payload: b.add_bytes_field("payload", BytesOptions::default().set_stored()),
    };
    (b.build(), f)
}

/// Registers the analyzers on an index.
pub fn register(index: &tantivy::Index, seg: &Segmenter) {
    let t = index.tokenizers();
    t.register(WORDS, TextAnalyzer::from(WordsTokenizer(seg.clone())));
    t.register(EDGE, TextAnalyzer::from(EdgeTokenizer(seg.clone())));
    t.register(CJK2, TextAnalyzer::from(Cjk2Tokenizer));
}

/// A token stream over tokens computed up front.
pub struct VecTokens {
    tokens: Vec<Token>,
    next: usize,
}

impl VecTokens {
    fn new(tokens: Vec<Token>) -> Self {
        VecTokens { tokens, next: 0 }
    }
}

impl TokenStream for VecTokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn token(text: String, from: usize, to: usize, position: usize) -> Token {
    Token {
        offset_from: from,
        offset_to: to,
        position,
        position_length: 1,
        text,
    }
}

/// The words of a text ([`Segmenter::words`] in index mode), long ones dropped.
#[derive(Clone)]
pub struct WordsTokenizer(pub Segmenter);

impl Tokenizer for WordsTokenizer {
    type TokenStream<'a> = VecTokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        VecTokens::new(
            self.0
                .words(text, Mode::Index)
                .into_iter()
                .filter(|w| w.text.len() <= MAX_WORD_BYTES)
                .enumerate()
                .map(|(i, w)| token(w.text, w.from, w.to, i))
                .collect(),
        )
    }
}

/// Every prefix (1 to 20 characters) of every word, and the whole word however long: what a
/// half-typed last word matches, scored by BM25 like any term.
#[derive(Clone)]
pub struct EdgeTokenizer(pub Segmenter);

impl Tokenizer for EdgeTokenizer {
    type TokenStream<'a> = VecTokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let mut out = Vec::new();
        for (i, w) in self.0.words(text, Mode::Index).into_iter().enumerate() {
            for (n, (end, _)) in w
                .text
                .char_indices()
                .skip(1)
                .chain([(w.text.len(), ' ')])
                .enumerate()
            {
                if n >= MAX_PREFIX_CHARS && end < w.text.len() {
                    // Past the longest prefix only the whole word is kept (a full pinyin
                    // reading such as "shanghaigongjiaochaxun" is longer than that).
                    continue;
                }
                out.push(token(w.text[..end].to_string(), w.from, w.to, i));
            }
        }
        VecTokens::new(out)
    }
}

/// Han unigrams and bigrams: a recall fallback for Chinese words the dictionary does not know.
#[derive(Clone)]
pub struct Cjk2Tokenizer;

impl Tokenizer for Cjk2Tokenizer {
    type TokenStream<'a> = VecTokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokens {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        for (k, &(at, c)) in chars.iter().enumerate() {
            if !is_han(c) {
                continue;
            }
            let end = at + c.len_utf8();
            out.push(token(c.to_string(), at, end, k));
            if let Some(&(_, d)) = chars.get(k + 1).filter(|(_, d)| is_han(*d)) {
                out.push(token(format!("{c}{d}"), at, end + d.len_utf8(), k));
            }
        }
        VecTokens::new(out)
    }
}
