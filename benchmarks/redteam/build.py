"""Build benchmarks/redteam/out/cases.jsonl: real article bodies + realistic scraped junk.

Each case is assembled from blocks; a block is either content (kept in `expected`)
or junk (J, only in `text`) or a modified block (M: text version, expected version).
Blocks are joined with a blank line, as articles.jsonl paragraphs are.
"""

from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1].parent / "shared"
OUT = HERE / "out"
OUT.mkdir(exist_ok=True)
import json

ARTS = [json.loads(l) for l in open(str(SHARED / "data" / "articles.jsonl"))]


class J(str):
    """junk block: in text, not in expected"""


class M:
    def __init__(self, text, expected):
        self.text, self.expected = text, expected


def art(i, drop=()):
    d = ARTS[i]
    ps = d["body"].split("\n\n")
    ps = [p for k, p in enumerate(ps) if k not in drop and (k - len(ps)) not in drop]
    return d["title"], ps, d["lang"], d["id"]


CASES = []


def mk(cid, cat, i, blocks, title=None, drop=(), trap=False, note=""):
    t0, _ps, lang, aid = art(i, drop)
    title = t0 if title is None else title
    text, exp = [], []
    for b in blocks:
        if isinstance(b, M):
            text.append(b.text)
            if b.expected is not None:
                exp.append(b.expected)
        elif isinstance(b, J):
            text.append(str(b))
        else:
            text.append(b)
            exp.append(b)
    CASES.append(
        {
            "id": cid,
            "category": cat,
            "title": title,
            "lang": lang,
            "source": aid,
            "text": "\n\n".join(text),
            "expected": "\n\n".join(exp),
            "trap": trap,
            "note": note,
        }
    )


def body(i, drop=()):
    return art(i, drop)[1]


def T(i):
    return ARTS[i]["title"]


def ins(ps, where):
    """where: {index_after_which: [blocks]}; -1 = before first paragraph; 'end' = after last"""
    out = list(where.get(-1, []))
    for k, p in enumerate(ps):
        out.append(p)
        out.extend(where.get(k, []))
    out.extend(where.get("end", []))
    return out


# ---------------------------------------------------------------- headline repeats
i = 36
mk("hl_plain_line2", "headline", i, [T(i), J(T(i))] + body(i))

i = 3
mk(
    "hl_byline_first",
    "headline",
    i,
    ["By Alex Sherman, CNBC", "Published Mon, Nov 18 2019 6:02 PM EST", T(i), J(T(i))] + body(i),
    note="byline + date precede the title; the repeated title must go, the byline stays",
)

i = 101
mk("hl_breaking_prefix", "headline", i, [T(i), J("BREAKING: " + T(i))] + body(i))

i = 217
mk("hl_watch_prefix_mid", "headline", i, ins([T(i)] + body(i), {2: [J("WATCH: " + T(i))]}))

i = 1
mk("hl_opinion_prefix", "headline", i, [T(i), J("Opinion | " + T(i))] + body(i))

i = 147
mk("hl_site_suffix", "headline", i, [T(i), J(T(i) + " | Reuters")] + body(i))

i = 165
mk("hl_uppercase", "headline", i, [T(i), J(T(i).upper())] + body(i))

i = 193
mk("hl_inline_doubled", "headline", i, [T(i), J(T(i) + ". " + T(i) + ".")] + body(i))

i = 186
mk(
    "hl_mid_article_sticky",
    "headline",
    i,
    ins([T(i)] + body(i), {7: [J(T(i))]}),
    note="sticky header text captured mid-article",
)

i = 76
mk(
    "hl_quote_variant",
    "headline",
    i,
    [T(i), J(T(i).replace("'", "\u2019"))] + body(i),
    note="title repeated with curly apostrophe",
)

i = 143
mk("hl_ru_date_first", "headline", i, ["12 июня 2018, 14:35", T(i), J(T(i))] + body(i))

i = 262
mk("hl_ja_repeat", "headline", i, [T(i), J(T(i))] + body(i))

i = 243
mk("hl_ar_repeat_end", "headline", i, [T(i)] + body(i) + [J(T(i))])

i = 229
mk(
    "hl_kicker_first",
    "headline",
    i,
    ["World News", T(i), J(T(i).replace("'", ""))] + body(i),
    note="section kicker first; the title is repeated with its quote marks stripped",
)

# ---------------------------------------------------------------- related cue lines (English forms)
i = 153
mk(
    "rel_brackets",
    "related_en",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {4: [J("[Related] Assange Lawyers Say He Is Too Ill to Face Extradition Hearing")]},
    ),
)

i = 7
mk(
    "rel_triangle_readmore",
    "related_en",
    i,
    ins([T(i)] + body(i), {5: [J("► READ MORE: Disney+ Hits 10 Million Sign-Ups in First Day")]}),
)

i = 35
mk(
    "rel_also_read_dash_then_headline",
    "related_en",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {4: [J("— ALSO READ —"), J("Alibaba’s Singles Day sales top $38 billion, a new record")]},
    ),
    note="cue on its own line, linked headline on the next line",
)

i = 139
mk(
    "rel_pipe_three",
    "related_en",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {
            10: [
                J(
                    "RELATED: Epstein autopsy findings disputed | Who were Jeffrey Epstein’s powerful friends? | Barr vows accountability over jail failures"
                )
            ]
        },
    ),
)

i = 117
mk(
    "rel_related_articles_block",
    "related_en",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {
            "end": [
                J("Related Articles"),
                J("Migrant children held in Texas facility say they lacked food and water"),
                J("CDC says three children died of flu after border detention"),
                J("Judge orders medical screening at border patrol stations"),
            ]
        },
    ),
)

i = 87
mk(
    "rel_emoji_arrows",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {
            3: [J("👉 Also read: Teen Vaping Illness Cases Climb Past 2,000")],
            9: [J("➡️ See also: What Happens to Your Brain When You Stop Using Cannabis")],
        },
    ),
)

i = 213
mk(
    "rel_uppercase_see_also",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {6: [J("SEE ALSO: Scientists Map the Brain Network That Switches Consciousness On")]},
    ),
)

i = 176
mk(
    "rel_you_may_also_like",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {
            12: [J("You may also like: 7 money mistakes people make in their 30s")],
            30: [J("Recommended: The FIRE movement explained in 5 charts")],
        },
    ),
)

i = 89
mk(
    "rel_more_colon_abc",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {5: [J("MORE: Sondland’s phone call with Trump overheard in Kyiv restaurant, aide testifies")]},
    ),
)

i = 252
mk(
    "rel_long_headline",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {
            3: [
                J(
                    'Related: Rex Tillerson says he was "never asked" to make a deal with Russia, despite months of speculation about his close ties to Vladimir Putin and the Kremlin'
                )
            ]
        },
    ),
)

i = 169
mk(
    "rel_chevrons_dont_miss",
    "related_en",
    i,
    ins([T(i)] + body(i, drop=(24,)), {8: [J(">> Don’t miss: Anthony Davis scores 40 as Lakers beat Suns")]}),
)

i = 238
mk(
    "rel_trending_now",
    "related_en",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {4: [J("Trending Now: Mark Hamill Reveals the Star Wars Scene He Fought to Change")]},
    ),
)

# ---------------------------------------------------------------- related cue lines (other languages)
i = 20
mk(
    "rel_id_baca_juga",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            3: [J("Baca juga: Hukum Mencintai Sesuatu Secara Berlebihan Menurut Islam")],
            9: [J("BACA JUGA : Kisah Sahabat Nabi yang Memaafkan Musuhnya")],
        },
    ),
)

i = 78
mk(
    "rel_id_cue_then_headline",
    "related_intl",
    i,
    ins([T(i)] + body(i), {6: [J("Baca Juga:"), J("Perbedaan Syiah dan Sunni dalam Tata Cara Sholat")]}),
)

i = 184
mk(
    "rel_cs_prectete",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {
            5: [J("Přečtěte si také: Souček po výhře nad Villou: Tohle je nejlepší West Ham, jaký pamatuju")],
            14: [J("Čtěte také: Coufal hlásí návrat do sestavy, Moyes ho chválí")],
        },
    ),
)

i = 93
mk(
    "rel_ja_awasete",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            5: [J("あわせて読みたい"), J("iPhoneの「脱獄」は違法？弁護士がわかりやすく解説")],
            10: [J("【関連記事】中古スマホ販売で気をつけたい3つの法律")],
        },
    ),
)

i = 243
mk(
    "rel_ar_iqra",
    "related_intl",
    i,
    ins([T(i)] + body(i), {2: [J("اقرأ أيضا: مجلس الأمن يعقد جلسة طارئة لبحث الوضع في سوريا")]}),
)

i = 15
mk(
    "rel_hi_yah_bhi",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            10: [J("यह भी पढ़ें: दिल्ली में प्रदूषण का स्तर फिर खतरनाक श्रेणी में पहुंचा")],
            30: [J("ALSO READ | Delhi’s odd-even scheme: What is allowed and what is not")],
        },
    ),
)

i = 8
mk(
    "rel_pl_tr_nl_mixed",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            4: [J("Czytaj też: Nadal wygrywa i Hiszpania wciąż w grze o Puchar Davisa")],
            12: [J("Ayrıca okuyun: Davis Kupası finallerinde ilk gün sonuçları")],
            20: [J("Lees ook: Nederland verliest van Kazachstan in Davis Cup")],
        },
    ),
    note="Polish, Turkish, Dutch cue lines (syndicated multilingual page)",
)

i = 123
mk(
    "rel_vi_sv",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            3: [J("Xem thêm: Giá điện mặt trời tại Hàn Quốc giảm mạnh trong năm 2019")],
            7: [J("Läs också: Solceller blir billigare – så påverkas elpriset")],
        },
    ),
)

i = 11
mk(
    "rel_ko_gwanryeon",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)), {4: [J("▶ 관련기사 : 엘제이, 류화영과 열애설 부인 후 사진 공개 논란")]}
    ),
)

i = 247
mk(
    "rel_zh_xiangguan",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {5: [J("相关阅读：梁振英僭建风波始末")], 9: [J("【延伸阅读】香港立法会不信任动议能否通过？")]},
    ),
)

i = 257
mk(
    "rel_es_lea_tambien",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            1: [J("Lea también: El juez Castro imputa a la Infanta Cristina por delito fiscal")],
            4: [J("Te puede interesar: Las claves del caso Nóos en cinco puntos")],
        },
    ),
)

i = 198
mk(
    "rel_pt_leia_tambem",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {2: [J("LEIA TAMBÉM: Bolsonaro diz que não vai receber seleção antes da Copa América")]},
    ),
)

i = 202
mk(
    "rel_de_lesen_sie_auch",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            1: [J("Lesen Sie auch: Passwortmanager im Test: Die besten Tools für Mac und iPhone")],
            3: [J("Mehr zum Thema:"), J("Zwei-Faktor-Authentifizierung einrichten – so geht’s")],
        },
    ),
)

i = 210
mk(
    "rel_fr_lire_aussi_nbsp",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {0: [J("» Lire aussi\u00a0: Népal\u00a0: le bilan du séisme dépasse les 5\u00a0000 morts")]},
    ),
)

i = 255
mk(
    "rel_lv_lasiet",
    "related_intl",
    i,
    ins([T(i)] + body(i), {2: [J("Lasiet arī: Zemes nogruvums Norvēģijā aprok vairākas mājas")]}),
)

i = 258
mk(
    "rel_th_an_phoem",
    "related_intl",
    i,
    ins([T(i)] + body(i), {2: [J("อ่านข่าวที่เกี่ยวข้อง : พบศพลอยแม่น้ำโขง 2 ศพ คาดเป็นผู้ลี้ภัยการเมือง")]}),
)

i = 179
mk(
    "rel_ru_chitaite_upper",
    "related_intl",
    i,
    ins(
        [T(i)] + body(i),
        {
            3: [J("ЧИТАЙТЕ ТАКЖЕ: Кремлевская диета: меню на неделю и таблица баллов")],
            10: [J("По теме:"), J("Кето-диета: польза и вред для здоровья")],
        },
    ),
)

# ---------------------------------------------------------------- share / social widgets
i = 50
ps = body(i)
mk(
    "share_glued_end_sentence",
    "share_social",
    i,
    [T(i)] + ps[:4] + [M(ps[4] + "Share this article Facebook Twitter LinkedIn Email", ps[4])] + ps[5:],
    note="share widget glued to the end of a sentence (no space)",
)

i = 158
ps = body(i)
mk(
    "share_glued_short_article",
    "share_social",
    i,
    [T(i), M(ps[0] + " Share on Facebook Share on Twitter Share on WhatsApp", ps[0])],
)

i = 112
mk(
    "share_jetpack_block",
    "share_social",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Share this:"),
                J("Twitter"),
                J("Facebook"),
                J("LinkedIn"),
                J("Email"),
                J("Like this:"),
                J("Like Loading..."),
            ]
        },
    ),
)

i = 152
mk("share_top_icons", "share_social", i, [T(i), J("Facebook Twitter Pinterest WhatsApp Email")] + body(i))

i = 80
mk(
    "share_follow_us",
    "share_social",
    i,
    ins(
        [T(i)] + body(i),
        {"end": [J("Follow us on Twitter, Facebook and Instagram for the latest news and updates.")]},
    ),
)

i = 130
mk(
    "share_follow_x_reporter",
    "share_social",
    i,
    ins([T(i)] + body(i), {"end": [J("Follow @anniepalmer on X. Got a tip? Email us at tips@cnbc.com.")]}),
)

i = 85
mk(
    "share_click_to_share",
    "share_social",
    i,
    ins(
        [T(i)] + body(i),
        {
            6: [
                J("Click to share on Twitter (Opens in new window)"),
                J("Click to share on Facebook (Opens in new window)"),
            ]
        },
    ),
)

# ---------------------------------------------------------------- ads
i = 82
mk(
    "ad_advertisement_lines",
    "ads",
    i,
    ins([T(i)] + body(i), {3: [J("Advertisement")], 10: [J("Advertisement")], 18: [J("ADVERTISEMENT")]}),
)

i = 108
mk(
    "ad_story_continues",
    "ads",
    i,
    ins(
        [T(i)] + body(i),
        {5: [J("Story continues below advertisement")], 12: [J("Continue reading the main story")]},
    ),
)

i = 137  # NASA picks SpaceX
mk(
    "ad_scroll_to_continue",
    "ads",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {4: [J("Scroll to continue with content")], 12: [J("- Advertisement -")]},
    ),
)

i = 54
mk("ad_de_anzeige", "ads", i, ins([T(i)] + body(i), {6: [J("Anzeige")], 20: [J("ANZEIGE")]}))

i = 209
ps = body(i)
mk(
    "ad_glued_advertisement",
    "ads",
    i,
    [T(i)] + ps[:3] + [M(ps[3] + "Publicité", ps[3])] + ps[4:],
    note="French “Publicité” glued to the end of a paragraph",
)

# ---------------------------------------------------------------- newsletter prompts
i = 171
mk(
    "nl_en_signup",
    "newsletter",
    i,
    ins(
        [T(i)] + body(i),
        {7: [J("Sign up for our daily newsletter to get the best of CNN delivered to your inbox.")]},
    ),
)

i = 62
mk(
    "nl_en_multiline_form",
    "newsletter",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Get the Guardian’s award-winning long reads sent direct to you every Saturday morning"),
                J("Sign up"),
                J("By signing up you agree to our Terms of Use and Privacy Policy."),
            ]
        },
    ),
)

i = 233
mk(
    "nl_fr",
    "newsletter",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {
            10: [
                J(
                    "Inscrivez-vous à notre newsletter pour recevoir chaque semaine nos recommandations séries."
                )
            ]
        },
    ),
)

i = 128
mk(
    "nl_de",
    "newsletter",
    i,
    ins([T(i)] + body(i), {"end": [J("Jetzt Newsletter abonnieren und keine News mehr verpassen!")]}),
)

i = 207
mk(
    "nl_es",
    "newsletter",
    i,
    ins(
        [T(i)] + body(i),
        {
            5: [
                J(
                    "Suscribite a nuestro newsletter y recibí las noticias más importantes del día en tu correo."
                )
            ]
        },
    ),
)

i = 143
mk(
    "nl_ru_telegram",
    "newsletter",
    i,
    ins(
        [T(i)] + body(i),
        {"end": [J("Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать главные новости!")]},
    ),
)

i = 241
mk(
    "nl_ja_mailmag",
    "newsletter",
    i,
    ins([T(i)] + body(i), {"end": [J("メールマガジンの登録はこちら（無料）")]}),
)

# ---------------------------------------------------------------- copyright / cookie
i = 57
mk(
    "cr_foo_media",
    "legal_footer",
    i,
    ins([T(i)] + body(i), {"end": [J("© 2024 Foo Media. All rights reserved.")]}),
)

i = 261
mk(
    "cr_copyright_symbol_yonhap",
    "legal_footer",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    "Copyright © 2019 Yonhap News Agency. All rights reserved. Unauthorized reproduction and redistribution prohibited."
                )
            ]
        },
    ),
)

i = 59
mk(
    "cr_ap_material",
    "legal_footer",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    "Copyright 2019 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed."
                )
            ]
        },
    ),
)

i = 61
mk(
    "cookie_banner",
    "legal_footer",
    i,
    ins(
        [T(i)] + body(i),
        {
            -1: [
                J(
                    "We use cookies to ensure you get the best experience on our website. By continuing to browse the site, you agree to our use of cookies. Accept"
                )
            ]
        },
    ),
)

i = 249
mk(
    "cr_zh_banquan",
    "legal_footer",
    i,
    ins([T(i)] + body(i, drop=(-1,)), {"end": [J("版权所有 © 新华网 未经书面授权禁止转载")]}),
)

i = 172
mk(
    "cr_ja_copyright",
    "legal_footer",
    i,
    ins(
        [T(i)] + body(i),
        {"end": [J("Copyright © 2018 ITmedia Inc. All Rights Reserved. 記事の無断転載を禁じます。")]},
    ),
)

# ---------------------------------------------------------------- author bios
i = 81
mk(
    "bio_reporter_at",
    "bio",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    "John Smith is a reporter at Business Insider covering politics and national security. He previously worked at The Buffalo News."
                )
            ]
        },
    ),
)

i = 84
mk(
    "bio_writes_about",
    "bio",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Signe Dean writes about health, medicine and the odd corners of biology for ScienceAlert.")
            ]
        },
    ),
)

i = 28
mk(
    "bio_about_the_author",
    "bio",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    "About the author: Tom Winter is a Manchester-based cycling journalist and the founder of Urban Bike Review. Follow him on Instagram @tomwinterrides."
                )
            ]
        },
    ),
)

i = 156
mk(
    "bio_freelance_follow",
    "bio",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    'Mike Wall is a senior writer at Space.com and the author of "Out There" (Grand Central Publishing, 2018). Follow him on Twitter @michaeldwall.'
                )
            ]
        },
    ),
)

i = 253
mk(
    "bio_mid_then_teaser",
    "bio",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J(
                    "Jennifer Brett covers breaking news and pop culture for FOX 13. Reach her at jbrett@fox13now.com."
                ),
                J("More from FOX 13"),
                J("Utah lawmakers unveil plan to cut gas tax"),
                J("Salt Lake City police seek suspect in Sugar House robbery"),
                J("Snowstorm expected to hit Wasatch Front this weekend"),
                J("Jazz rally late to beat Pelicans in overtime"),
            ]
        },
    ),
)

# ---------------------------------------------------------------- teaser lists
i = 88
mk(
    "teaser_more_from_site",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("More from The Verge"),
                J("Google Stadia review: the future of gaming is not here yet"),
                J("Microsoft’s xCloud game streaming comes to Windows PCs"),
                J("The best gaming headsets you can buy right now"),
                J("Apple Arcade is adding new games every week"),
            ]
        },
    ),
)

i = 2
mk(
    "teaser_most_read_numbered",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Most Read"),
                J("1. Tesla unveils its Cybertruck electric pickup"),
                J("2. Ford reveals Mustang Mach-E electric SUV in Los Angeles"),
                J("3. Porsche Taycan 4S: First drive review"),
                J("4. The 10 best-selling cars in America this year"),
                J("5. Why dealers hate selling electric cars"),
            ]
        },
    ),
)

i = 165
mk(
    "teaser_you_might_also_like_snippets",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("You Might Also Like"),
                J(
                    "Taylor Swift says Scooter Braun is blocking her from performing old songs at AMAs. The singer posted a lengthy statement on Thursday night asking fans for help […]"
                ),
                J(
                    "Kelly Clarkson sides with Taylor Swift in masters feud. The talk show host offered some advice on Twitter […]"
                ),
                J(
                    "Big Machine denies Taylor Swift’s claims about AMA performance. The label said it never told the singer she could not perform […]"
                ),
            ]
        },
    ),
)

i = 210
mk(
    "teaser_fr_sur_le_meme_sujet",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Sur le même sujet"),
                J("Népal : les secours face à l’urgence dans les villages isolés"),
                J("Séisme au Népal : la France envoie une équipe de secouristes"),
                J("Katmandou : les images de la ville dévastée"),
            ]
        },
    ),
)

i = 198
mk(
    "teaser_pt_mais_lidas",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Mais lidas"),
                J("Bolsonaro anuncia Sergio Moro como ministro da Justiça"),
                J("Palmeiras é campeão brasileiro pela décima vez"),
                J("Tite convoca seleção para amistosos contra Uruguai e Camarões"),
            ]
        },
    ),
)

i = 200
mk(
    "teaser_zh_cainixihuan",
    "teaser",
    i,
    ins(
        [T(i)] + body(i, drop=(-1,)),
        {
            "end": [
                J("猜你喜欢"),
                J("宇航员在太空如何洗澡？"),
                J("国际空间站上的一天是怎样度过的"),
                J("火星之旅需要准备什么？专家这样说"),
            ]
        },
    ),
)

# ---------------------------------------------------------------- duplicates
i = 147
ps = body(i)
mk("dup_para_exact_later", "duplicate", i, [T(i)] + ps[:14] + [J(ps[3])] + ps[14:])

i = 3
ps = body(i)
edit = ps[2].replace("said", "stated", 1).replace("the", "the", 1)
src = ps[2]
ed = src.replace(" said", " stated", 1)
ed = ed.replace("investigation", "probe", 1)
mk(
    "dup_para_small_edits",
    "duplicate",
    i,
    [T(i)] + ps[:10] + [J(ed)] + ps[10:],
    note="paragraph re-inserted with 1-2 words swapped (content-farm spin)",
)

i = 131  # feather duvet
ps = body(i)
lead = ps[0]
cut = lead[: lead.rfind(" ", 0, 160)] + "..."
mk(
    "dup_lead_truncated_end",
    "duplicate",
    i,
    [T(i)] + ps + [J(cut)],
    note="meta description (truncated lead with ...) appended at the end",
)

i = 168
ps = body(i)
cut = ps[1][: ps[1].rfind(" ", 0, 120)] + " […]"
mk(
    "dup_lead_truncated_bracket",
    "duplicate",
    i,
    [T(i)] + ps + [J(T(i)), J(cut)],
    note="title + truncated lead re-appear at the end (teaser card of the article itself)",
)

i = 21
ps = body(i)
cap = "Apple’s current 13-inch MacBook Pro uses the butterfly keyboard. (Photo: Apple)"
mk(
    "dup_caption_twice",
    "duplicate",
    i,
    [T(i), ps[0], cap, J(cap)] + ps[1:],
    note="image caption printed twice (alt text + figcaption)",
)

i = 170
ps = body(i)
s1 = ps[1]
first_sent = s1.split(". ")[0] + "."
assert first_sent != s1
mk(
    "dup_sentence_doubled",
    "duplicate",
    i,
    [T(i), ps[0], M(first_sent + " " + s1, s1)] + ps[2:],
    note="first sentence of a paragraph printed twice in a row",
)

i = 213
ps = body(i)
ed = (
    ps[6]
    .replace("do not yet know", "still do not know", 1)
    .replace("a team of researchers", "a group of scientists", 1)
)
assert ed != ps[6]
mk(
    "dup_para_spun_far",
    "duplicate",
    i,
    [T(i)] + ps + [J(ed)],
    note="a body paragraph re-appears at the end with synonyms swapped",
)

i = 260
ps = body(i)
mk(
    "dup_block_of_two_repeated",
    "duplicate",
    i,
    [T(i)] + ps[:8] + [J(ps[2]), J(ps[3])] + ps[8:],
    note="two consecutive paragraphs repeated (pagination overlap)",
)

i = 254
ps = body(i)
mk("dup_ko_para_repeat", "duplicate", i, [T(i)] + ps + [J(ps[1])])

i = 248
ps = body(i)
mk("dup_zh_para_repeat", "duplicate", i, [T(i)] + ps[:7] + [J(ps[2])] + ps[7:])

# ---------------------------------------------------------------- traps (must stay untouched)
i = 39
mk(
    "trap_ru_interview_repeated_questions",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="real interview: the same questions are asked to each of 20+ bloggers",
)
i = 60
mk(
    "trap_meal_plan_repeated_lines",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="real meal plan: same pre-workout lines for every day",
)
i = 163
mk(
    "trap_deals_feature_bullets",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="real deals page: product feature bullets repeated for each AirPods model",
)
i = 104
mk(
    "trap_arrest_list_charges",
    "trap_real_repeats",
    i,
    [T(i)] + body(i, drop=(4,)),
    trap=True,
    note="list of six people with overlapping charge lists (real)",
)
i = 9
mk(
    "trap_two_tweets_same_account",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="two embedded tweets from the same account on the same day: the signature line repeats",
)
i = 24
mk(
    "trap_deals_sign_up_offer",
    "trap_prose_cue",
    i,
    [T(i)] + body(i),
    trap=True,
    note='"Sign up for a Hulu ad-free account for $11.99" is a deal, not a newsletter',
)

i = 43
ps = body(i)
lyr = [
    "Glasgow, Glasgow, there’s no place like home",
    "I’ve been running so long, I forgot where I’m from",
    "Glasgow, Glasgow, there’s no place like home",
]
mk(
    "trap_lyrics_chorus",
    "trap_real_repeats",
    i,
    [T(i)] + ps[:27] + lyr + ps[27:],
    trap=True,
    note="lyrics quoted with the chorus line twice",
)

i = 45
mk(
    "trap_recipe_repeated_steps",
    "trap_real_repeats",
    i,
    [T(i)]
    + body(i, drop=(-1,))
    + [
        "For the spice blend",
        "1 tsp cinnamon",
        "1 tsp nutmeg",
        "Stir well.",
        "For the glaze",
        "1 tsp cinnamon",
        "2 tbsp honey",
        "Stir well.",
    ],
    trap=True,
    note="two sub-recipes share ingredient/step lines",
)

i = 95
ps = body(i)
mk(
    "trap_interview_short_questions",
    "trap_real_repeats",
    i,
    [T(i)]
    + ps[:3]
    + [
        "Q: Why?",
        "A: Because he said the upgrade was a gift from his company, and he only had one seat.",
        "Q: And then?",
        "A: I booked my own ticket in economy and we flew on the same plane.",
        "Q: Why?",
        "A: Because I did not want to make a scene in front of his colleagues.",
        "Q: And then?",
        "A: We did not speak for the whole flight.",
    ]
    + ps[3:],
    trap=True,
)

i = 13
ps = body(i, drop=(-1,))
mk(
    "trap_read_more_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:4]
    + [
        "Read more about the study in Nature Astronomy, where the authors describe how they separated the faint water signal from the much stronger water vapor in Earth’s own atmosphere over 17 nights of observation."
    ]
    + ps[4:],
    trap=True,
)

i = 72
ps = body(i, drop=(-1,))
mk(
    "trap_related_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:9]
    + [
        "Related research on Saturn’s moon Enceladus, published by the Cassini team in 2017, found molecular hydrogen in its plume, a possible sign of hydrothermal activity on the seafloor."
    ]
    + ps[9:],
    trap=True,
)

i = 69
ps = body(i)
mk(
    "trap_emoji_headings",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:5]
    + ["🧠 How it works"]
    + ps[5:12]
    + ["💰 What it costs"]
    + ps[12:20]
    + ["📅 When you can get it"]
    + ps[20:],
    trap=True,
)

i = 94
ps = body(i)
mk(
    "trap_article_about_newsletters",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:12]
    + [
        "The company’s free morning newsletter, which readers can sign up for on each paper’s website, now reaches more than 200,000 subscribers, Reed said, and he wants every paper to have one by next year."
    ]
    + ps[12:],
    trap=True,
)

i = 79
ps = body(i)
mk(
    "trap_copyright_legal_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:4]
    + [
        "Under the deal, Paramount keeps the copyright to the characters, while all rights reserved in Hawley’s original 2018 contract revert to him if the film is not in production by 2021, according to a person familiar with the terms."
    ]
    + ps[4:],
    trap=True,
)

i = 88
ps = body(i)
mk(
    "trap_heading_like_teaser",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:6]
    + ["Why Google Is Betting Big on Game Streaming"]
    + ps[6:12]
    + ["What Stadia Means for Microsoft and Sony"]
    + ps[12:],
    trap=True,
    note="title-case subheadings that look like other articles’ headlines",
)

i = 26
ps = body(i)
mk(
    "trap_follow_and_share_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:4]
    + [
        "Follow-up interviews with neighbors showed that several people had seen the car that night, and one of them shared a doorbell video with detectives that proved crucial."
    ]
    + ps[4:],
    trap=True,
)

i = 36
ps = body(i)
mk(
    "trap_advertisement_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:3]
    + [
        "Advertisement spending by Gulf carriers fell sharply in 2019, analysts said, as airlines shifted budgets to loyalty programs and direct booking."
    ]
    + ps[3:],
    trap=True,
)

i = 213
ps = body(i)
mk(
    "trap_fact_list_short_lines",
    "trap_real_repeats",
    i,
    [T(i)]
    + ps[:10]
    + [
        "Study size: 68 patients",
        "Follow-up: 12 months",
        "Funding: National Institutes of Health",
        "Control group size: 68 patients",
        "Follow-up: 12 months",
    ]
    + ps[10:],
    trap=True,
    note="fact box with a genuinely repeated short line",
)

i = 51
mk(
    "trap_title_variant_first_para",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="real body: its first line is a variant headline — hmm: ambiguous, excluded below",
)

i = 122
mk(
    "trap_section_dividers",
    "trap_real_repeats",
    i,
    [T(i)] + body(i, drop=(-1,)),
    trap=True,
    note='AP "___" dividers between sections repeat 7 times',
)

i = 188  # bbc
mk(
    "trap_bbc_list_and_analysis",
    "trap_prose_cue",
    i,
    [T(i)] + body(i),
    trap=True,
    note='real BBC body with a bullet list and "Analysis: Jon Sopel, BBC News" line',
)

i = 15
mk(
    "trap_embedded_tweets",
    "trap_real_repeats",
    i,
    [T(i)] + body(i),
    trap=True,
    note="embedded tweets with “— Name (@handle) date” signatures",
)


# ---------------------------------------------------------------- batch 2: harder real-world forms
i = 8
mk(
    "hl_title_param_has_site_suffix",
    "headline",
    i,
    [T(i), J(T(i))] + body(i),
    title=T(i) + " | AP News",
    note="title passed from <title> with a site suffix; text line 1 is the bare headline",
)

i = 129
mk(
    "hl_wp_post_appeared_first",
    "headline",
    i,
    [T(i)] + body(i) + [J("The post " + T(i) + " appeared first on Daily Express.")],
    note='WordPress RSS footer "The post <title> appeared first on <site>."',
)

i = 110
ps = body(i)
mk(
    "rel_inline_glued_readmore",
    "related_en",
    i,
    [T(i)]
    + ps[:3]
    + [M(ps[3] + " READ MORE: Doctors baffled by woman who could smell Parkinson’s disease", ps[3])]
    + ps[4:],
    note="cue + linked headline glued to the end of a paragraph",
)

i = 78
ps = body(i)
mk(
    "rel_id_inline_mid_paragraph",
    "related_intl",
    i,
    [
        T(i),
        ps[0],
        M(
            ps[1].split(". ")[0]
            + ". Baca juga: Kisah Perang Jamal antara Aisyah dan Ali. "
            + ". ".join(ps[1].split(". ")[1:]),
            ps[1],
        ),
    ]
    + ps[2:],
    note='Kompas-style "Baca juga:" glued inside a paragraph',
)

i = 59
mk(
    "rel_bullet_related_coverage",
    "related_en",
    i,
    ins(
        [T(i)] + body(i),
        {
            6: [
                J("RELATED COVERAGE"),
                J("• BART rider killed in stabbing at Hayward station"),
                J("• BART board approves new fare gates to curb fare evasion"),
            ]
        },
    ),
)

i = 124
mk(
    "rel_with_read_time",
    "related_en",
    i,
    ins([T(i)] + body(i), {1: [J("Related: NASA studies “torpor” for Mars crews — 3 min read")]}),
)

i = 16
mk(
    "teaser_taboola_promoted",
    "teaser",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Promoted Stories"),
                J("Sponsored Links by Taboola"),
                J("This Is What Happens When You Eat Avocados Every Day"),
                J("Doctors Stunned: Simple Trick Relieves Joint Pain Overnight"),
                J("The 20 Best Cars You Can Buy for Under $25,000"),
            ]
        },
    ),
)

i = 61
mk(
    "wp_comment_form",
    "other_boilerplate",
    i,
    ins(
        [T(i)] + body(i),
        {
            "end": [
                J("Leave a Reply Cancel reply"),
                J("Your email address will not be published. Required fields are marked *"),
                J("Save my name, email, and website in this browser for the next time I comment."),
            ]
        },
    ),
)

i = 157
mk(
    "pagination_lines",
    "other_boilerplate",
    i,
    ins([T(i)] + body(i), {1: [J("Continue reading below")], "end": [J("Page 1 of 2"), J("Next Page »")]}),
)

i = 7
ps = body(i)
q = ps[4].replace("“", '"').replace("”", '"').replace("’", "'")
assert q != ps[4]
mk(
    "dup_para_quote_normalized",
    "duplicate",
    i,
    [T(i)] + ps[:12] + [J(q)] + ps[12:],
    note="repeated paragraph differs only by straight vs curly quotes",
)

i = 20
ps = body(i)
mk(
    "trap_id_baca_juga_prose",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:4]
    + [
        "Baca juga surat Al-Maidah ayat 8 yang menjelaskan bahwa kebencian terhadap suatu kaum tidak boleh membuat kita berlaku tidak adil, bahkan kepada musuh sekalipun."
    ]
    + ps[4:],
    trap=True,
    note='Indonesian "read also [the Quran verse]" as real prose',
)

i = 94
ps = body(i)
mk(
    "trap_source_intro_like_bio",
    "trap_prose_cue",
    i,
    [T(i)]
    + ps[:20]
    + [
        "Penelope Muse Abernathy is a professor at the University of North Carolina who studies news deserts; her research found that GateHouse cut newsroom staff more deeply than its peers after each acquisition."
    ]
    + ps[20:],
    trap=True,
    note='a source introduced "<Name> is a professor at ..." in the body',
)


# remove the ambiguous one
CASES[:] = [c for c in CASES if c["id"] != "trap_title_variant_first_para"]

with open(str(OUT / "cases.jsonl"), "w") as f:
    for c in CASES:
        f.write(json.dumps(c, ensure_ascii=False) + "\n")
ids = [c["id"] for c in CASES]
assert len(ids) == len(set(ids)), [x for x in ids if ids.count(x) > 1]
print(len(CASES), "cases")
