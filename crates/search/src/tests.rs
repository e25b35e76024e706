use super::*;

fn doc(id: &str, name: &str, summary: &str, tags: &[&str], category: &str, pop: u64) -> Doc {
    Doc {
        id: id.into(),
        name: name.into(),
        summary: summary.into(),
        description: format!("{name}. {summary}"),
        tags: tags.iter().map(|t| (*t).to_string()).collect(),
        category: Some(category.into()),
        category_name: Some(category.into()),
        kind: if category == "games" {
            "game"
        } else {
            "program"
        }
        .into(),
        developer_id: "org1".into(),
        developer: "Ministore Labs".into(),
        icon: None,
        hosts: vec![ANY_HOST.into(), "h1".into()],
        popularity: pop,
        released_at: 0,
        places: vec![],
    }
}

fn engine() -> Engine {
    let e = Engine::new().unwrap();
    let mut shop = doc(
        "mp_coffee",
        "Coffee Corner",
        "Order ahead and pick up",
        &["coffee"],
        "shopping",
        5,
    );
    shop.places = vec![Place {
        name: "People's Square".into(),
        address: "1 Renmin Ave".into(),
        lat: 31.2304,
        lon: 121.4737,
        opening_hours: String::new(),
    }];
    let mut far = doc(
        "mp_bakery",
        "Bakery",
        "Fresh bread",
        &["bread"],
        "shopping",
        1,
    );
    far.places = vec![Place {
        name: "Pudong".into(),
        address: String::new(),
        lat: 31.2200,
        lon: 121.5440,
        opening_hours: String::new(),
    }];
    let mut hidden = doc(
        "mp_other_host",
        "Calculator Pro",
        "Only on host h2",
        &[],
        "utilities",
        0,
    );
    hidden.hosts = vec!["h2".into()];
    e.replace_all(vec![
        doc(
            "mp_calculator",
            "Calculator",
            "A fast, friendly calculator",
            &["math", "tools"],
            "utilities",
            100,
        ),
        doc(
            "mp_calcpad",
            "CalcPad Notes",
            "Notes that calculate as you type",
            &["notes"],
            "productivity",
            900,
        ),
        doc(
            "mp_jisuanqi",
            "计算器",
            "科学计算器，支持历史记录",
            &["计算"],
            "utilities",
            10,
        ),
        doc(
            "mp_currency",
            "Currency Converter",
            "Convert between 12 currencies",
            &["money", "exchange"],
            "finance",
            50,
        ),
        doc(
            "mp_huilv",
            "汇率换算",
            "实时汇率，货币换算",
            &["汇率"],
            "finance",
            40,
        ),
        doc(
            "mp_snake",
            "Snake",
            "The classic snake game",
            &["arcade"],
            "games",
            30,
        ),
        doc(
            "mp_tanchishe",
            "贪吃蛇",
            "经典贪吃蛇游戏",
            &["游戏"],
            "games",
            20,
        ),
        doc(
            "mp_bus",
            "公交查询",
            "上海公交实时到站",
            &["交通"],
            "travel",
            5,
        ),
        doc("mp_bank", "银行网点", "附近的银行", &["银行"], "finance", 1),
        shop,
        far,
        hidden,
    ])
    .unwrap();
    e
}

fn ids(e: &Engine, q: &str) -> Vec<String> {
    let r = e
        .search(&Request {
            host: ANY_HOST.into(),
            q: q.into(),
            limit: 10,
            ..Request::default()
        })
        .unwrap();
    r.hits.into_iter().map(|h| h.doc.id).collect()
}

fn first(e: &Engine, q: &str) -> String {
    ids(e, q).into_iter().next().unwrap_or_default()
}

#[test]
fn exact_prefix_and_typos() {
    let e = engine();
    assert_eq!(first(&e, "calculator"), "mp_calculator");
    assert_eq!(first(&e, "Calculator"), "mp_calculator");
    assert!(ids(&e, "calc").contains(&"mp_calculator".to_string()));
    assert_eq!(first(&e, "calculater"), "mp_calculator");
    assert_eq!(first(&e, "clacuator"), "mp_calculator");
    assert_eq!(first(&e, "currency conv"), "mp_currency");
    assert_eq!(first(&e, "curency"), "mp_currency");
    // Four letters: no typo allowed.
    assert!(
        ids(&e, "snak").contains(&"mp_snake".to_string()),
        "prefix still works"
    );
    assert!(!ids(&e, "snek").contains(&"mp_snake".to_string()));
}

#[test]
fn an_exact_name_beats_popularity() {
    let e = engine();
    // CalcPad is far more popular, and "calc" prefixes both.
    let r = ids(&e, "calculator");
    assert_eq!(r[0], "mp_calculator");
}

#[test]
fn chinese_and_pinyin() {
    let e = engine();
    assert_eq!(first(&e, "计算器"), "mp_jisuanqi");
    assert_eq!(first(&e, "计"), "mp_jisuanqi");
    assert_eq!(first(&e, "汇率"), "mp_huilv");
    assert_eq!(first(&e, "贪吃蛇"), "mp_tanchishe");
    assert_eq!(first(&e, "公交"), "mp_bus");
    assert_eq!(first(&e, "jisuanqi"), "mp_jisuanqi");
    assert_eq!(first(&e, "jisu"), "mp_jisuanqi");
    assert_eq!(first(&e, "jsq"), "mp_jisuanqi");
    assert_eq!(first(&e, "huilv"), "mp_huilv");
    assert_eq!(first(&e, "yinhang"), "mp_bank");
    assert_eq!(first(&e, "gjcx"), "mp_bus");
}

#[test]
fn host_filter_and_removal() {
    let e = engine();
    assert!(!ids(&e, "calculator pro").contains(&"mp_other_host".to_string()));
    let r = e
        .search(&Request {
            host: "h2".into(),
            q: "calculator".into(),
            limit: 10,
            ..Request::default()
        })
        .unwrap();
    assert_eq!(r.total, 1);
    e.apply(&["mp_snake".to_string()], vec![]).unwrap();
    assert!(!ids(&e, "snake").contains(&"mp_snake".to_string()));
    assert_eq!(e.len(), 11);
}

#[test]
fn facets_count_all_matches() {
    let e = engine();
    let r = e
        .search(&Request {
            host: ANY_HOST.into(),
            q: String::new(),
            limit: 2,
            facets: true,
            ..Request::default()
        })
        .unwrap();
    assert_eq!(r.total, 11);
    assert_eq!(r.hits.len(), 2);
    let f = r.facets.unwrap();
    let finance = f.category.iter().find(|c| c.value == "finance").unwrap();
    assert_eq!(finance.count, 3);
    assert_eq!(f.kind.iter().find(|c| c.value == "game").unwrap().count, 2);
    // Browsing without text: most popular first.
    assert_eq!(r.hits[0].doc.id, "mp_calcpad");
}

#[test]
fn did_you_mean() {
    let e = engine();
    let r = e
        .search(&Request {
            host: ANY_HOST.into(),
            q: "currancy exchang".into(),
            limit: 10,
            ..Request::default()
        })
        .unwrap();
    assert!(r.total >= 1);
    let r = e
        .search(&Request {
            host: ANY_HOST.into(),
            q: "snkae gmae".into(),
            limit: 10,
            ..Request::default()
        })
        .unwrap();
    assert_eq!(r.suggestion.as_deref(), Some("snake game"), "{r:?}");
}

#[test]
fn nearby_nearest_first() {
    let e = engine();
    let near = |r: f64| {
        e.search(&Request {
            host: ANY_HOST.into(),
            near: Some((31.2310, 121.4740, r)),
            limit: 10,
            ..Request::default()
        })
        .unwrap()
    };
    let r = near(2.0);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].doc.id, "mp_coffee");
    assert!(r.hits[0].distance_km.unwrap() < 0.2);
    let r = near(20.0);
    let got: Vec<_> = r.hits.iter().map(|h| h.doc.id.as_str()).collect();
    assert_eq!(got, ["mp_coffee", "mp_bakery"]);
    assert!(near(0.01).hits.is_empty());
}

#[test]
fn highlights_in_results() {
    let e = engine();
    let r = e
        .search(&Request {
            host: ANY_HOST.into(),
            q: "conv".into(),
            limit: 1,
            highlight: true,
            ..Request::default()
        })
        .unwrap();
    let h = &r.hits[0];
    assert!(
        h.name_marked.iter().any(|s| s.hit && s.text == "Converter"),
        "{h:?}"
    );
}

#[test]
fn suggest_returns_names() {
    let e = engine();
    let s = e.suggest(ANY_HOST, "cur", 8).unwrap();
    assert_eq!(s[0].name, "Currency Converter");
    assert!(e.suggest(ANY_HOST, "  ", 8).unwrap().is_empty());
}

#[test]
fn docs_by_id_keep_the_order_asked() {
    let e = engine();
    let ids = ["mp_snake", "mp_nope", "mp_calculator", "mp_other_host"].map(String::from);
    let got: Vec<String> = e
        .docs(ANY_HOST, &ids)
        .unwrap()
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(got, ["mp_snake", "mp_calculator"]);
}

#[test]
fn a_full_pinyin_longer_than_the_longest_prefix_still_matches() {
    let e = Engine::new().unwrap();
    e.replace_all(vec![
        doc("mp_sh", "上海公交查询助手", "", &[], "travel", 0),
        doc("mp_bj", "北京公交查询", "", &[], "travel", 0),
    ])
    .unwrap();
    // 28 letters: longer than the 20-character prefixes.
    assert_eq!(first(&e, "shanghaigongjiaochaxunzhushou"), "mp_sh");
    assert_eq!(first(&e, "beijinggongjiaochaxun"), "mp_bj");
    assert_eq!(first(&e, "shgjcxzs"), "mp_sh");
}
