#!/usr/bin/env python3
"""The search benchmark's data and checks (called by scripts/bench.sh).

  bench_search.py generate DIR      a synthetic catalogue of N listings (BENCH_SEARCH_DOCS,
                                    default 100000; English and Chinese names and descriptions)
                                    as SQL for psql, and a fixed query set (exact, prefix,
                                    typos, Chinese, pinyin), each with the listing it targets
  bench_search.py relevance DIR URL AUTH PSQL_URL
                                    MRR and recall@3 of the query set for Ministore's search
                                    (HTTP) and for PostgreSQL (tsvector + GIN, pg_trgm + GIN),
                                    printed as JSON
Deterministic (seeded), standard library only.
"""
import json
import os
import random
import subprocess
import sys
import urllib.parse
import urllib.request
import uuid

EN_ADJ = ["Quick", "Smart", "Easy", "Happy", "Daily", "Simple", "Pocket", "Super", "Little", "Bright",
          "Swift", "Handy", "Clever", "Calm", "Lucky", "Golden", "Urban", "Green", "Cosy", "Bold",
          "Tiny", "Magic", "Fresh", "Open", "True", "Rapid", "Noble", "Sunny", "Royal", "Neat",
          "Prime", "Crisp", "Vivid", "Merry", "Silver", "Nimble", "Zesty", "Jolly", "Mighty", "Gentle"]
EN_NOUN = ["Budget", "Weather", "Parking", "Coffee", "Recipe", "Travel", "Fitness", "Music", "Photo",
           "Calendar", "Reading", "Garden", "Language", "Currency", "Ticket", "Flight", "Hotel",
           "Grocery", "Pharmacy", "Taxi", "Metro", "Library", "Cinema", "Bakery", "Laundry",
           "Wallet", "Insurance", "Pizza", "Sushi", "Yoga", "Chess", "Puzzle", "Trivia", "Quiz",
           "Podcast", "News", "Courier", "Bicycle", "Camping", "Fishing", "Museum", "Concert",
           "Dentist", "Vaccine", "Bank", "Invoice", "Payroll", "Mortgage", "Pet", "Florist"]
EN_KIND = ["Planner", "Tracker", "Finder", "Helper", "Guide", "Pay", "Booking", "Assistant", "Manager",
           "Scanner", "Timer", "Journal", "Diary", "Checker", "Converter", "Calculator", "Organizer",
           "Reminder", "Studio", "Club", "Market", "Express", "Center", "Hub", "Pro", "Lite", "Go",
           "Plus", "Now", "Box", "Mate", "Buddy", "Map", "Radar", "Coach", "Notes", "Lab", "Deals",
           "Store", "Desk", "Spot", "Point", "Zone", "Line", "Link", "Board", "Kit", "Book", "Log", "Cast"]
# (word, pinyin syllables) so the pinyin of a generated name is known.
ZH_PLACE = [("上海", "shang hai"), ("北京", "bei jing"), ("深圳", "shen zhen"), ("广州", "guang zhou"),
            ("杭州", "hang zhou"), ("成都", "cheng du"), ("南京", "nan jing"), ("武汉", "wu han"),
            ("西安", "xi an"), ("苏州", "su zhou"), ("天津", "tian jin"), ("重庆", "chong qing"),
            ("青岛", "qing dao"), ("厦门", "xia men"), ("长沙", "chang sha"), ("", "")]
ZH_TOPIC = [("公交", "gong jiao"), ("天气", "tian qi"), ("记账", "ji zhang"), ("快递", "kuai di"),
            ("停车", "ting che"), ("地铁", "di tie"), ("外卖", "wai mai"), ("电影", "dian ying"),
            ("酒店", "jiu dian"), ("机票", "ji piao"), ("健身", "jian shen"), ("音乐", "yin yue"),
            ("医院", "yi yuan"), ("药店", "yao dian"), ("银行", "yin hang"), ("保险", "bao xian"),
            ("菜谱", "cai pu"), ("旅游", "lv you"), ("租房", "zu fang"), ("招聘", "zhao pin"),
            ("翻译", "fan yi"), ("词典", "ci dian"), ("象棋", "xiang qi"), ("围棋", "wei qi"),
            ("汇率", "hui lv"), ("计算", "ji suan"), ("日历", "ri li"), ("相册", "xiang ce"),
            ("打车", "da che"), ("咖啡", "ka fei")]
ZH_FUNC = [("查询", "cha xun"), ("助手", "zhu shou"), ("大全", "da quan"), ("管家", "guan jia"),
           ("指南", "zhi nan"), ("工具", "gong ju"), ("通", "tong"), ("宝", "bao"), ("在线", "zai xian"),
           ("服务", "fu wu"), ("预订", "yu ding"), ("中心", "zhong xin")]
CATEGORIES = [("finance", "Finance"), ("utilities", "Utilities"), ("games", "Games"),
              ("lifestyle", "Lifestyle"), ("travel", "Travel"), ("shopping", "Shopping"),
              ("productivity", "Productivity")]
EN_FILL = ["fast", "friendly", "offline", "secure", "free", "your", "every", "day", "city", "with",
           "and", "for", "the", "in", "a", "minutes", "simple", "plans", "reminders", "history"]
ZH_FILL = ["方便", "快捷", "安全", "免费", "实时", "一键", "随时", "附近", "生活", "服务", "查看", "记录"]


def esc(s):
    return s.replace("\\", "\\\\").replace("\t", " ").replace("\n", " ")


def pg_array(items):
    return "{" + ",".join('"' + i.replace('"', "") + '"' for i in items) + "}"


def generate(out_dir):
    n = int(os.environ.get("BENCH_SEARCH_DOCS", "100000"))
    rnd = random.Random(42)
    os.makedirs(out_dir, exist_ok=True)
    orgs = [(str(uuid.UUID(int=rnd.getrandbits(128))), f"bench-org-{i}", f"Bench Studio {i}") for i in range(200)]
    docs = []
    for i in range(n):
        cat = CATEGORIES[i % len(CATEGORIES)][0]
        if i % 10 < 7:
            a, b, c = EN_ADJ[i % 40], EN_NOUN[(i // 40) % 50], EN_KIND[(i // 2000) % 50]
            name = f"{a} {b} {c}"
            if i >= 100000:
                name += f" {i // 100000}"
            tags = [b.lower(), c.lower(), cat]
            summary = f"{a} {b.lower()} {c.lower()} " + " ".join(rnd.choice(EN_FILL) for _ in range(8))
            desc = summary + ". " + " ".join(rnd.choice(EN_FILL + [b.lower(), c.lower()]) for _ in range(25))
            doc = {"id": f"mp_b{i}", "name": name, "lang": "en", "words": [a, b, c]}
        else:
            p, t, f = ZH_PLACE[i % 16], ZH_TOPIC[(i // 16) % 30], ZH_FUNC[(i // 480) % 12]
            name = p[0] + t[0] + f[0]
            syllables = " ".join(w[1] for w in (p, t, f)).split()
            pinyin = "".join(syllables)
            # One letter per character, as pinyin keyboards take them (计算器 → jsq).
            initials = "".join(x[0] for x in syllables)
            tags = [t[0], f[0], cat]
            summary = name + "：" + "".join(rnd.choice(ZH_FILL) for _ in range(6))
            desc = summary + "。" + "".join(rnd.choice(ZH_FILL + [t[0]]) for _ in range(20))
            doc = {"id": f"mp_b{i}", "name": name, "lang": "zh", "parts": [p, t, f],
                   "pinyin": pinyin, "initials": initials}
        doc.update({"summary": summary, "desc": desc, "tags": tags, "cat": cat,
                    "kind": "game" if cat == "games" else "program", "org": orgs[i % len(orgs)][0]})
        docs.append(doc)

    with open(os.path.join(out_dir, "load.sql"), "w") as w:
        w.write("SET session_replication_role = replica;\n")  # no change-feed rows for the load
        w.write("INSERT INTO host_apps (id, app_key, name, secret_hash) VALUES "
                "('00000000-0000-0000-0000-0000000000b1', 'ha_bench', 'Bench host', "
                "encode(sha256('bench-secret'), 'hex'));\n")
        w.write("INSERT INTO blobs (sha256, size, content_type) VALUES "
                f"('{'b' * 64}', 1, 'application/zip');\n")
        for slug, name in CATEGORIES:
            w.write(f"INSERT INTO categories (slug, name) VALUES ('{slug}', '{name}') ON CONFLICT DO NOTHING;\n")
        w.write("COPY organizations (id, slug, name) FROM stdin;\n")
        for o in orgs:
            w.write("\t".join(o) + "\n")
        w.write("\\.\n")
        w.write("CREATE TEMP TABLE bench_in (id text, org uuid, name text, kind text, cat text, tags text[], summary text, description text);\n")
        w.write("COPY bench_in FROM stdin;\n")
        for d in docs:
            w.write("\t".join([d["id"], d["org"], esc(d["name"]), d["kind"], d["cat"], pg_array(d["tags"]),
                               esc(d["summary"]), esc(d["desc"])]) + "\n")
        w.write("\\.\n")
        w.write("""INSERT INTO mini_programs (id, org_id, name, kind, category_id, tags, summary, description_md)
  SELECT b.id, b.org, b.name, b.kind, c.id, b.tags, b.summary, b.description FROM bench_in b JOIN categories c ON c.slug = b.cat;
INSERT INTO versions (id, mp_id, version, v_major, v_minor, v_patch, state, package_sha, size)
  SELECT gen_random_uuid(), id, '1.0.0', 1, 0, 0, 'released', repeat('b', 64), 1 FROM bench_in;
INSERT INTO releases (mp_id, host_app_id, stable_version_id, released_at)
  SELECT v.mp_id, '00000000-0000-0000-0000-0000000000b1', v.id, now() - (random() * interval '365 days') FROM versions v
  WHERE v.mp_id LIKE 'mp_b%';
-- Popularity: launches over the last 30 days for one listing in five.
INSERT INTO events (host_app_id, id, type, mp_id, user_id, ts)
  SELECT '00000000-0000-0000-0000-0000000000b1', gen_random_uuid(), 'launch', b.id, 'u' || g, now() - interval '1 day'
  FROM bench_in b, generate_series(1, 3) g WHERE (substr(b.id, 5)::int % 5) = 0;
SET session_replication_role = origin;
-- PostgreSQL's own search over the same rows, as well as it allows: a weighted tsvector with a
-- GIN index (prefix matching with :*), and trigram GIN indexes for typos and Chinese.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE bench_docs AS
  SELECT m.id, m.name, m.summary, m.tags, c.slug AS category, m.kind,
         setweight(to_tsvector('simple', m.name), 'A') || setweight(to_tsvector('simple', array_to_string(m.tags, ' ')), 'B')
           || setweight(to_tsvector('simple', m.summary), 'C') || setweight(to_tsvector('simple', m.description_md), 'D') AS tsv
  FROM mini_programs m JOIN categories c ON c.id = m.category_id WHERE m.id LIKE 'mp_b%';
CREATE INDEX bench_docs_tsv ON bench_docs USING gin (tsv);
CREATE INDEX bench_docs_trgm ON bench_docs USING gin (name gin_trgm_ops);
ANALYZE;
""")

    rq = random.Random(7)
    queries = []  # (kind, query, target id)

    def typo(word):
        w = list(word.lower())
        k = rq.randrange(1, len(w) - 1)
        w[k], w[k + 1] = w[k + 1], w[k]
        return "".join(w)

    en = [d for d in docs if d["lang"] == "en"]
    zh = [d for d in docs if d["lang"] == "zh"]
    for d in rq.sample(en, 50):
        queries.append(("exact", d["name"], d["id"]))
    for d in rq.sample(en, 40):
        a, b, c = d["words"]
        queries.append(("prefix", f"{a} {b} {c[:3]}", d["id"]))
    for d in rq.sample(en, 40):
        a, b, c = d["words"]
        longest = max((b, c), key=len)
        q = f"{a} {typo(b) if longest == b and len(b) >= 5 else b} {typo(c) if longest == c and len(c) >= 5 else c}"
        queries.append(("typo", q, d["id"]))
    for d in rq.sample(zh, 40):
        queries.append(("chinese", d["name"], d["id"]))
    for d in rq.sample(zh, 20):
        queries.append(("pinyin", d["pinyin"], d["id"]))
    for d in rq.sample([z for z in zh if len(z["initials"]) >= 3], 10):
        queries.append(("pinyin_initials", d["initials"], d["id"]))
    # Generated Chinese names repeat (5,760 combinations): any listing with the same name (or
    # pinyin) is a right answer.
    same = {}
    for d in docs:
        same.setdefault(d["name"], []).append(d["id"])
        if d["lang"] == "zh":
            same.setdefault("py:" + d["pinyin"], []).append(d["id"])
            same.setdefault("ini:" + d["initials"], []).append(d["id"])
    by_id = {d["id"]: d for d in docs}
    def targets(kind, t):
        d = by_id[t]
        if kind == "pinyin":
            return same["py:" + d["pinyin"]]
        if kind == "pinyin_initials":
            return same["ini:" + d["initials"]]
        return same[d["name"]]
    with open(os.path.join(out_dir, "queries.json"), "w") as w:
        json.dump([{"kind": k, "q": q, "targets": targets(k, t)} for k, q, t in queries], w, ensure_ascii=False)
    # URL lists for the load generator.
    with open(os.path.join(out_dir, "suggest.urls"), "w") as w:
        for _, q, _ in queries:
            w.write(f"/api/v1/miniprograms/suggest?q={urllib.parse.quote(q)}\n")
    with open(os.path.join(out_dir, "search.urls"), "w") as w:
        for _, q, _ in queries:
            w.write(f"/api/v1/miniprograms?q={urllib.parse.quote(q)}&facets=category,kind,tags\n")
    # The same queries for pgbench (one per line, numbered).
    with open(os.path.join(out_dir, "queries.sql"), "w") as w:
        w.write("CREATE TABLE IF NOT EXISTS bench_queries (n int PRIMARY KEY, q text, tsq tsquery);\nTRUNCATE bench_queries;\n")
        for i, (_, q, _) in enumerate(queries, 1):
            w.write(f"INSERT INTO bench_queries VALUES ({i}, $q${q}$q$, {pg_tsquery_sql(q)});\n")
    print(json.dumps({"documents": n, "queries": len(queries)}))


def pg_tsquery_sql(q):
    """Every word, the last one as a prefix: as close to as-you-type as tsquery gets."""
    words = [w for w in "".join(ch if ch.isalnum() else " " for ch in q).lower().split() if w]
    if not words:
        return "NULL"
    parts = [f"{w}" for w in words[:-1]] + [f"{words[-1]}:*"]
    return "to_tsquery('simple', $t$" + " & ".join(parts) + "$t$)"


# The PostgreSQL query: full-text matches (ranked by ts_rank_cd) or trigram-similar names.
PG_SEARCH = """SELECT d.id FROM bench_docs d, bench_queries b
WHERE b.n = {n} AND (d.tsv @@ b.tsq OR d.name % b.q)
ORDER BY (ts_rank_cd(d.tsv, b.tsq) + similarity(d.name, b.q)) DESC LIMIT 10"""


def relevance(out_dir, base, auth, psql_url):
    queries = json.load(open(os.path.join(out_dir, "queries.json")))
    def score(ranks):
        n = len(ranks)
        return {"mrr": round(sum(1 / (r + 1) for r in ranks if r is not None) / n, 3),
                "recall_at_3": round(sum(1 for r in ranks if r is not None and r < 3) / n, 3)}
    ours, pg = [], []
    by_kind = {}
    for i, item in enumerate(queries, 1):
        url = f"{base}/api/v1/miniprograms?q={urllib.parse.quote(item['q'])}&limit=10"
        req = urllib.request.Request(url, headers={"Authorization": auth})
        ids = [x["id"] for x in json.load(urllib.request.urlopen(req))["items"]]
        out = subprocess.run(["psql", psql_url, "-At", "-c", PG_SEARCH.format(n=i)], capture_output=True, text=True)
        pids = out.stdout.split()
        def rank(got):
            return next((k for k, x in enumerate(got) if x in item["targets"]), None)
        r1, r2 = rank(ids), rank(pids)
        ours.append(r1)
        pg.append(r2)
        k = by_kind.setdefault(item["kind"], ([], []))
        k[0].append(r1)
        k[1].append(r2)
    print(json.dumps({
        "queries": len(queries),
        "ministore": score(ours),
        "postgresql": score(pg),
        "by_kind": {k: {"ministore": score(a), "postgresql": score(b)} for k, (a, b) in by_kind.items()},
    }))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2])
    elif sys.argv[1] == "relevance":
        relevance(*sys.argv[2:6])
    elif sys.argv[1] == "pg-query":
        print(PG_SEARCH.format(n=":r"))
