#!/usr/bin/python3
"""gen_archive.py ROOT OUTDIR [FIRST_YEAR] [YEARS] [ASSOCIATIONS] [QUESTIONS_PER_YEAR]: the search benchmark's archive.

Writes OUTDIR/cycle-YEAR.json (one cnap cycle file a year, for `cnap cycle import`), OUTDIR/queries.txt
(class TAB query, what bench_search times) and OUTDIR/archive.txt (what was generated).
Defaults: 2014, 10 years, 44 associations in 4 WGs, 10,000 questions a year.

The text is made of the sample's own Japanese (data/sample/2023.json), recombined: questions and answers
from the sample's question and answer sentences mixed half and half with sentences of a small grammar of
調査票 words (so 目標, 削減, 原単位, CO2 and 根拠 appear at their own, different frequencies); each
association's item texts from one of the five sample associations' texts, its headings, lists, tables and
notes kept and its plain paragraphs refilled with sample sentences to 0.9-1.1 times their length (13k-43k
characters an association, as in the sample). Three rare terms, absent from all of that, are then added
to exactly 1, 12 and 120 texts chosen at random. Fixed seed: every run writes the same bytes.
"""
import json
import os
import random
import re
import sys

root, out = sys.argv[1], sys.argv[2]
first_year = int(sys.argv[3]) if len(sys.argv) > 3 else 2014
n_years = int(sys.argv[4]) if len(sys.argv) > 4 else 10
n_assoc = int(sys.argv[5]) if len(sys.argv) > 5 else 44
per_year = int(sys.argv[6]) if len(sys.argv) > 6 else 10000
rng = random.Random(20261213)
last_year = first_year + n_years - 1

RARE = [("ケミカルルーピング", 1), ("人工光合成", 12), ("メタネーション", 120)]
QUERIES = [("1 character", "目"), ("1 character", "量"),
           ("2 characters", "根拠"), ("2 characters", "目標"), ("2 characters", "削減"),
           ("3+ characters", "原単位"), ("3+ characters", "生産活動量"), ("3+ characters", "カーボンニュートラル"),
           ("ASCII", "CO2"), ("ASCII", "BAT"),
           ("rare", RARE[0][0]), ("rare", RARE[1][0]), ("rare", RARE[2][0]),
           ("2 words", "目標 根拠"), ("2 words", "削減 見通し")]
WGS = [("kagaku", "化学・非鉄金属WG"), ("denshi", "電子・電機・産業機械等WG"),
       ("shigen", "資源・エネルギーWG"), ("seikatsu", "流通・サービス・生活WG")]
INDUSTRIES = ["鉄鋼", "化学", "製紙", "セメント", "電機・電子", "自動車", "自動車部品", "産業機械", "工作機械",
              "建設機械", "ベアリング", "石油", "ガス", "板硝子", "石灰", "ゴム", "印刷", "染色", "化学繊維",
              "製薬", "乳業", "清涼飲料", "ビール", "製粉", "製糖", "冷凍食品", "伸銅", "アルミニウム", "電線",
              "鉱業", "石灰石鉱業", "衛生設備機器", "造船", "鉄道車両", "航空機", "半導体", "光学機器", "計量器",
              "家具", "紙器", "プラスチック", "塗料", "肥料", "レンズ"]

sample = json.load(open(os.path.join(root, "data/sample/2023.json")))
template = json.load(open(os.path.join(root, "data/templates/2023.json")))["templates"][0]
item_keys = [i["key"] for i in template["items"]]


def sentences(text):
    """The sentences of a text (split after 。 and at line ends), without list marks."""
    for line in text.split("\n"):
        line = line.strip().lstrip("・").strip()
        for s in re.findall(r"[^。]+。?", line):
            if len(s) >= 8:
                yield s


# A plain paragraph's sentence must not start like a heading, a list, a note, a table or an escape.
SPECIAL_START = re.compile(r"^([・\-*#\[|\\※注【（(]|[0-9０-９①-⑳]|https?:)")
q_pool = [s for q in sample["questions"] for s in sentences(q["text"])]
a_pool = [s for q in sample["questions"] if "answer" in q for s in sentences(q["answer"]["text"])]
texts_by_style = [{t["item"]: t["text"] for t in p["submissions"][0]["texts"]} for p in sample["participations"]]
t_pool = []
for style in texts_by_style:
    for text in style.values():
        for block in text.split("\n\n"):
            if not SPECIAL_START.match(block) and "|" not in block and "[" not in block:
                t_pool.extend(s for s in sentences(block) if not SPECIAL_START.match(s))

# A small grammar of the questions and answers of a follow-up review.
NOUNS = [("生産活動量", 3), ("エネルギー原単位", 3), ("CO2排出量", 4), ("CO2原単位", 2), ("目標水準", 2),
         ("2030年度目標", 3), ("削減目標", 2), ("削減見込量", 1), ("電力排出係数", 2), ("省エネ設備投資", 2),
         ("BAT", 1), ("再生可能エネルギー", 2), ("燃料転換", 1), ("廃熱回収", 1), ("要因分析", 1), ("進捗率", 2),
         ("バウンダリー調整", 1), ("業務部門", 1), ("運輸部門", 1), ("低炭素製品", 1), ("国際貢献", 1),
         ("革新的技術", 1), ("水素", 1), ("カーボンニュートラル", 2), ("サプライチェーン", 1), ("参加企業数", 1),
         ("カバー率", 1), ("見通し", 2), ("実績値", 2), ("基準年度", 1)]
noun_words, noun_weights = [n for n, _ in NOUNS], [w for _, w in NOUNS]
CHANGES = ["増加", "減少", "悪化", "改善"]
Q_FORMS = ["{a}の{b}について、{c}をご説明ください。",
           "{a}が前年度から{chg}した要因を、{b}の観点からお示しください。",
           "{a}の算定の根拠となる{b}を明らかにしてください。",
           "{y}年度の{a}の見通しと、{b}との関係をご教示ください。",
           "{a}に関して、{b}の取組状況と今後の{c}を記載願います。",
           "{a}の目標の妥当性について、{b}を踏まえたお考えを伺います。"]
A_FORMS = ["{a}については、{b}の影響により{chg}しました。",
           "{y}年度は{a}と{b}を進め、{n}万t-CO2の削減を見込んでいます。",
           "ご指摘の{a}の根拠は、{b}の実績に基づいています。",
           "今後も{a}と{b}の両面から取り組んでまいります。",
           "{a}の{b}は{n}％であり、目標の達成に向けて{c}を継続します。"]


def grammar(forms, year):
    a, b, c = rng.choices(noun_words, noun_weights, k=3)
    return rng.choice(forms).format(a=a, b=b, c=c, chg=rng.choice(CHANGES), y=year - 1 - rng.randint(0, 2),
                                    n=f"{rng.randint(1, 99)}.{rng.randint(0, 9)}")


def question_text(year):
    return "".join(rng.choice(q_pool) if rng.random() < 0.5 else grammar(Q_FORMS, year)
                   for _ in range(rng.choice([1, 2, 2, 3, 4])))


def answer_text(year):
    return "\n".join("・" + (rng.choice(a_pool) if rng.random() < 0.5 else grammar(A_FORMS, year))
                     for _ in range(rng.choice([1, 2, 3, 4, 5, 6])))


def refill(block, scale):
    """A plain paragraph rewritten with sample sentences to about scale times its length; other blocks kept."""
    if SPECIAL_START.match(block) or "|" in block or "[" in block:
        return block
    want, out = len(block) * scale, ""
    while not out or len(out) + 30 < want:  # stop near the length, not a sentence past it
        out += rng.choice(t_pool)
    return out


def item_texts(style, scale):
    texts = []
    for key in item_keys:
        src = texts_by_style[style].get(key)
        if src:
            texts.append({"item": key, "text": "\n\n".join(refill(b, scale) for b in src.split("\n\n"))})
    return texts


def era(year):
    return f"令和{'元' if year == 2019 else year - 2018}年度" if year >= 2019 else f"平成{year - 1988}年度"


def status_of(year):
    """A question's status and its answer's (None: no answer). Past cycles are published; the last is under way."""
    r = rng.random()
    if year < last_year:
        return ("withdrawn", None) if r < 0.03 else ("published", "accepted")
    for upto, qs, ans in [(0.05, "draft", None), (0.10, "submitted", None), (0.15, "approved", None),
                          (0.27, "sent", None), (0.40, "sent", "draft"), (0.60, "answered", "submitted")]:
        if r < upto:
            return qs, ans
    return "accepted", "accepted"


associations = [{"code": f"a{i + 1:02d}", "name": f"日本{INDUSTRIES[i % len(INDUSTRIES)]}工業会",
                 "industry": INDUSTRIES[i % len(INDUSTRIES)]} for i in range(n_assoc)]
wg_of = [WGS[i % len(WGS)][0] for i in range(n_assoc)]
style_of = [i % len(texts_by_style) for i in range(n_assoc)]
users = ([{"login": "jimukyoku", "name": "事務局 太郎", "role": "secretariat"}] +
         [{"login": f"rev-{code}", "name": f"審査 {k + 1}郎", "role": "reviewer", "wgs": [code]}
          for k, (code, _) in enumerate(WGS)] +
         [{"login": f"{a['code']}-staff", "name": f"担当 {a['code']}", "role": "association", "association": a["code"]}
          for a in associations])

cycles = []
for year in range(first_year, last_year + 1):
    parts = [{"wg": wg_of[i], "association": a["code"], "template": "standard",
              "submissions": [{"version": 1, "submitted_on": f"{year}-09-29",
                               "texts": item_texts(style_of[i], rng.uniform(0.9, 1.1))}]}
             for i, a in enumerate(associations)]
    questions = []
    for k in range(per_year):
        i = k % n_assoc
        qs, ans = status_of(year)
        q = {"ref": f"q{k + 1}", "wg": wg_of[i], "association": associations[i]["code"], "no": k // n_assoc + 1,
             "item": rng.choice(item_keys), "page": rng.randint(1, 40), "submission_version": 1,
             "text": question_text(year), "author": f"rev-{wg_of[i]}", "status": qs}
        if ans:
            q["answer"] = {"text": answer_text(year), "author": f"{associations[i]['code']}-staff", "status": ans}
        questions.append(q)
    cycles.append({"format": "cnap-cycle", "format_version": 1,
                   "cycle": {"year": year, "actual_fiscal_year": year - 1, "name": f"{era(year)}フォローアップ"},
                   "templates": [dict(template, name=f"{era(year)} 調査票")],
                   "wgs": [{"code": c, "name": n} for c, n in WGS], "associations": associations,
                   "participations": parts, "users": users, "questions": questions})


def bodies():
    """Every searchable string, with a setter: question texts, answer texts, item texts."""
    for c in cycles:
        for q in c["questions"]:
            yield q, "text"
            if "answer" in q:
                yield q["answer"], "text"
        for p in c["participations"]:
            for t in p["submissions"][0]["texts"]:
                yield t, "text"


for term, _ in RARE:
    found = sum(term in o[k] for o, k in bodies())
    assert found == 0, f"{term} already in the generated text ({found})"
all_bodies = list(bodies())
for term, n in RARE:
    for o, k in rng.sample(all_bodies, n):
        o[k] += ("\n\n" if "item" in o else "") + f"{term}の活用も検討している。"
for term, n in RARE:
    assert sum(term in o[k] for o, k in all_bodies) == n

os.makedirs(out, exist_ok=True)
for c in cycles:
    with open(os.path.join(out, f"cycle-{c['cycle']['year']}.json"), "w") as f:
        json.dump(c, f, ensure_ascii=False)
with open(os.path.join(out, "queries.txt"), "w") as f:
    for cls, q in QUERIES:
        f.write(f"{cls}\t{q}\n")
n_q = sum(len(c["questions"]) for c in cycles)
n_a = sum("answer" in q for c in cycles for q in c["questions"])
text_chars = [sum(len(t["text"]) for t in p["submissions"][0]["texts"]) for c in cycles for p in c["participations"]]
with open(os.path.join(out, "archive.txt"), "w") as f:
    f.write(f"archive_cycles {first_year}-{last_year}\n")
    f.write(f"archive_associations {n_assoc} in {len(WGS)} WGs\n")
    f.write(f"archive_questions {n_q}\narchive_answers {n_a}\n")
    n_items = sum(len(p["submissions"][0]["texts"]) for c in cycles for p in c["participations"])
    f.write(f"archive_texts {len(text_chars)} surveys, {n_items:,} item texts, "
            f"{min(text_chars):,}-{max(text_chars):,} characters a survey, {sum(text_chars):,} in all\n")
    qa_chars = sum(len(q["text"]) + len(q.get("answer", {}).get("text", "")) for c in cycles for q in c["questions"])
    f.write(f"archive_qa_characters {qa_chars:,}\n")
