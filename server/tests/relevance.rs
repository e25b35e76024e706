//! Search relevance, measured: a labelled query set over the demo catalogue (exact names,
//! prefixes, typos, Chinese, pinyin, what things do), scored as MRR and recall@3. The figures
//! are printed (`cargo test -p server --test relevance -- --nocapture`) and must stay above
//! the floors below.

mod common;
mod fixtures;

use ministore_search::{Request, ANY_HOST};
use sqlx::PgPool;

/// (query, the mini-programs that are a right answer; the first found counts).
const LABELLED: &[(&str, &[&str])] = &[
    // Exact names.
    ("calculator", &["mp_calculator"]),
    ("Snake", &["mp_snake"]),
    ("sudoku", &["mp_sudoku"]),
    ("2048", &["mp_2048"]),
    ("pomodoro", &["mp_pomodoro"]),
    ("weather", &["mp_weather", "mp_tianqi"]),
    ("coffee corner", &["mp_coffee"]),
    ("to-do", &["mp_todo"]),
    ("todo", &["mp_todo"]),
    ("quick notes", &["mp_notes"]),
    ("hotel finder", &["mp_hotels"]),
    ("train times", &["mp_trains"]),
    ("flight status", &["mp_flights"]),
    ("qr scanner", &["mp_qrscan"]),
    ("movie tickets", &["mp_movies"]),
    ("recipe box", &["mp_recipes"]),
    // Prefixes (typing).
    ("calc", &["mp_calculator"]),
    ("curr", &["mp_currency"]),
    ("pharm", &["mp_pharmacy"]),
    ("sudo", &["mp_sudoku"]),
    ("habit", &["mp_habits"]),
    ("groc", &["mp_grocery", "mp_freshmart"]),
    ("mahj", &["mp_mahjong"]),
    ("pomo", &["mp_pomodoro"]),
    ("supermar", &["mp_freshmart"]),
    ("bake", &["mp_bakery"]),
    ("flig", &["mp_flights"]),
    ("currency conv", &["mp_currency"]),
    // Typos.
    ("calculater", &["mp_calculator"]),
    ("clacuator", &["mp_calculator"]),
    ("curency", &["mp_currency"]),
    ("pharmacie", &["mp_pharmacy"]),
    ("sudoko", &["mp_sudoku"]),
    ("weahter", &["mp_weather", "mp_tianqi"]),
    ("recipies", &["mp_recipes"]),
    ("groceris", &["mp_grocery", "mp_freshmart"]),
    ("mahjongg", &["mp_mahjong"]),
    ("hotles", &["mp_hotels"]),
    ("tickts", &["mp_movies"]),
    ("bakry", &["mp_bakery"]),
    ("snaek", &["mp_snake"]),
    // Chinese.
    ("计算器", &["mp_jisuanqi"]),
    ("计算", &["mp_jisuanqi"]),
    ("计", &["mp_jisuanqi"]),
    ("汇率", &["mp_huilv"]),
    ("贪吃蛇", &["mp_tanchishe"]),
    ("公交", &["mp_gongjiao"]),
    ("天气", &["mp_tianqi"]),
    ("天气预报", &["mp_tianqi"]),
    ("记账", &["mp_jizhang"]),
    ("快递", &["mp_kuaidi"]),
    ("停车", &["mp_tingche", "mp_parking"]),
    ("地铁", &["mp_ditie"]),
    ("外卖", &["mp_waimai"]),
    ("五子棋", &["mp_wuziqi"]),
    ("二维码", &["mp_qrscan"]),
    ("扫码", &["mp_qrscan"]),
    ("麻将", &["mp_mahjong"]),
    ("小笼包", &["mp_waimai"]),
    // Pinyin, full and initials, and prefixes of them.
    ("jisuanqi", &["mp_jisuanqi"]),
    ("jsq", &["mp_jisuanqi"]),
    ("jisu", &["mp_jisuanqi"]),
    ("huilv", &["mp_huilv"]),
    ("hlhs", &["mp_huilv"]),
    ("tanchishe", &["mp_tanchishe"]),
    ("tcs", &["mp_tanchishe"]),
    ("gongjiao", &["mp_gongjiao"]),
    ("gjcx", &["mp_gongjiao"]),
    ("tianqi", &["mp_tianqi"]),
    ("tqyb", &["mp_tianqi"]),
    ("jizhang", &["mp_jizhang"]),
    ("kuaidi", &["mp_kuaidi"]),
    ("tingche", &["mp_tingche"]),
    ("ditie", &["mp_ditie"]),
    ("waimai", &["mp_waimai"]),
    ("wuziqi", &["mp_wuziqi"]),
    ("wzq", &["mp_wuziqi"]),
    // What it does (tags, summaries).
    ("bus", &["mp_gongjiao"]),
    ("subway", &["mp_ditie"]),
    ("gomoku", &["mp_wuziqi"]),
    ("budget", &["mp_jizhang"]),
    ("parcel tracking", &["mp_kuaidi"]),
    ("bills", &["mp_billpay"]),
    ("atm", &["mp_bank"]),
    ("focus timer", &["mp_pomodoro"]),
    ("shopping list", &["mp_grocery"]),
    ("medicine", &["mp_pharmacy"]),
    ("exchange rate", &["mp_currency", "mp_huilv"]),
    ("puzzle", &["mp_sudoku", "mp_2048", "mp_mahjong"]),
    ("split the bill", &["mp_splitter", "mp_tip"]),
];

/// Floors: a change that ranks worse than this fails.
const MIN_MRR: f64 = 0.95;
const MIN_RECALL_AT_3: f64 = 0.97;

#[sqlx::test(migrations = "../migrations")]
async fn labelled_queries_rank_the_right_mini_program_first(pool: PgPool) {
    assert!(LABELLED.len() >= 60);
    let settings = fixtures::demo_data(&pool).await;
    let srv = common::spawn_with(pool, settings).await;
    let mut rr_sum = 0.0;
    let mut at3 = 0usize;
    let mut misses = vec![];
    for (q, want) in LABELLED {
        let req = Request {
            host: ANY_HOST.into(),
            q: (*q).to_string(),
            limit: 10,
            ..Request::default()
        };
        let r = srv.search.engine.search(&req).unwrap();
        let ids: Vec<&str> = r.hits.iter().map(|h| h.doc.id.as_str()).collect();
        let rank = ids.iter().position(|id| want.contains(id));
        match rank {
            Some(i) => {
                rr_sum += 1.0 / (i as f64 + 1.0);
                if i < 3 {
                    at3 += 1;
                } else {
                    misses.push(format!("{q}: rank {} ({ids:?})", i + 1));
                }
            }
            None => misses.push(format!("{q}: not in the top 10 ({ids:?})")),
        }
    }
    let n = LABELLED.len() as f64;
    let mrr = rr_sum / n;
    let recall3 = at3 as f64 / n;
    println!(
        "relevance over {} labelled queries: MRR {mrr:.3}, recall@3 {recall3:.3}",
        LABELLED.len()
    );
    for m in &misses {
        println!("  below the top 3: {m}");
    }
    assert!(mrr >= MIN_MRR, "MRR {mrr:.3} < {MIN_MRR}: {misses:#?}");
    assert!(
        recall3 >= MIN_RECALL_AT_3,
        "recall@3 {recall3:.3} < {MIN_RECALL_AT_3}: {misses:#?}"
    );
}
