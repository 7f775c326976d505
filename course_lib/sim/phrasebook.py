"""Comment templates and slot vocabularies, in Chinese with an English gloss.

A template is ``(lean, label_probs, tag, zh, en)``:

* ``lean`` – the intended sentiment the template is drawn for
  (``positive``, ``neutral``, ``negative``);
* ``label_probs`` – probabilities of the *label* (positive, neutral,
  negative) a human annotator gives it. Clear templates have one label;
  mixed ones ("tastes nice, but a bit expensive") are spread, which is what
  keeps a classifier below perfect even before label noise;
* ``tag`` – ``""``, ``"crisis"`` (much more frequent during the crisis) or
  ``"campaign"`` (only while a campaign runs on the platform);
* ``zh`` / ``en`` – the same comment in Chinese and English, with slots such
  as ``{flavor}`` filled from :data:`SLOTS` with the same index in both.

Plain data; :mod:`course_lib.sim.comments` does the drawing.
"""
from __future__ import annotations

__all__ = ["TEMPLATES", "SLOTS", "PREFIXES", "SUFFIXES", "SENTIMENTS"]

SENTIMENTS = ("positive", "neutral", "negative")

POS = (1.0, 0.0, 0.0)
NEU = (0.0, 1.0, 0.0)
NEG = (0.0, 0.0, 1.0)

TEMPLATES: tuple[tuple[str, tuple[float, float, float], str, str, str], ...] = (
    # ---- positive ------------------------------------------------------------
    ("positive", POS, "", "{flavor}太好喝了{emo_pos}", "The {flavor} is so good {emo_pos}"),
    ("positive", POS, "", "{flavor}{slang_pos}！已经无限回购", "The {flavor} {slang_pos}, already restocked"),
    ("positive", POS, "", "包装好看，口感也很清爽{emo_pos}", "Cute packaging and a really refreshing taste {emo_pos}"),
    ("positive", POS, "", "一点都不难喝，甚至有点上头", "Not bad at all, actually kind of addictive"),
    ("positive", POS, "", "物流超快，第二天就到了👍", "Super fast delivery, arrived the next day 👍"),
    ("positive", POS, "campaign", "{campaign}太划算了，一口气囤了两箱", "The {campaign} is such a good deal, stocked up two cases"),
    ("positive", POS, "", "没想到{flavor}这么好喝，{brand}可以的", "Didn't expect the {flavor} to be this good, well done {brand}"),
    ("positive", POS, "", "客服态度很好，问题很快就解决了", "Customer service was friendly and sorted it out fast"),
    ("positive", POS, "", "{flavor}不甜不腻，刚刚好", "The {flavor} isn't too sweet, just right"),
    ("positive", POS, "", "每天一瓶{flavor}，上班都有动力了{emo_pos}", "A bottle of {flavor} every day keeps me going {emo_pos}"),
    ("positive", POS, "", "推荐给室友了，她也说好喝", "Recommended it to my roommate, she loves it too"),
    ("positive", POS, "", "无糖的也这么好喝，终于找到了", "Sugar-free and still tasty, finally found one"),
    ("positive", POS, "", "冰镇之后更好喝，夏天必备", "Even better ice cold, a summer must-have"),
    ("positive", POS, "", "价格不贵，味道也不输大牌", "Not expensive, and it tastes as good as the big brands"),
    ("positive", POS, "crisis", "{brand}这次处理得挺及时的，点赞", "{brand} handled it quickly this time, respect"),
    ("positive", POS, "", "好评！{emo_pos}{emo_pos}", "Five stars! {emo_pos}{emo_pos}"),
    ("positive", (0.55, 0.35, 0.10), "", "还可以，会再买", "It's fine, might buy again"),
    ("positive", (0.50, 0.30, 0.20), "", "比想象中甜，不过还挺好喝", "Sweeter than I expected, but still pretty good"),
    # ---- neutral -------------------------------------------------------------
    ("neutral", NEU, "", "请问{flavor}在哪里能买到？", "Where can I buy the {flavor}?"),
    ("neutral", NEU, "", "{flavor}和{flavor2}有什么区别", "What's the difference between {flavor} and {flavor2}?"),
    ("neutral", NEU, "", "已下单，等收货", "Ordered, waiting for delivery"),
    ("neutral", NEU, "campaign", "{campaign}什么时候结束？", "When does the {campaign} end?"),
    ("neutral", NEU, "", "在便利店看到过", "Saw it at the convenience store"),
    ("neutral", NEU, "", "打卡{emo_neu}", "Checking in {emo_neu}"),
    ("neutral", NEU, "", "有没有大瓶装的", "Is there a bigger bottle?"),
    ("neutral", NEU, "", "@朋友 你上次说的是这个吗", "@friend is this the one you mentioned?"),
    ("neutral", NEU, "", "一箱有几瓶？", "How many bottles in a case?"),
    ("neutral", NEU, "", "保质期多久", "What's the shelf life?"),
    ("neutral", NEU, "", "看看评论再决定", "Reading the comments before I decide"),
    ("neutral", NEU, "crisis", "听说有漏瓶的情况，是真的吗？", "Heard about the leaking bottles, is it true?"),
    ("neutral", NEU, "", "今天又是{flavor}", "{flavor} again today"),
    ("neutral", (0.30, 0.45, 0.25), "", "口感不错，但是价格有点贵", "Tastes nice, but a bit expensive"),
    ("neutral", (0.25, 0.50, 0.25), "", "不算难喝，也说不上好喝", "Not bad, not great either"),
    ("neutral", (0.20, 0.55, 0.25), "", "味道还行吧，一般般", "Taste is okay, nothing special"),
    ("neutral", (0.35, 0.45, 0.20), "", "{flavor}{emo_neu}", "{flavor} {emo_neu}"),
    # ---- negative ------------------------------------------------------------
    ("negative", NEG, "", "{flavor}不太好喝{emo_neg}", "The {flavor} is not very good {emo_neg}"),
    ("negative", NEG, "", "太甜了，喝了两口就喝不下去了", "Way too sweet, couldn't get past two sips"),
    ("negative", NEG, "", "有点贵，这个价格不值", "Kind of pricey, not worth it at this price"),
    ("negative", NEG, "", "快递太慢了，等了整整一周", "Delivery was so slow, waited a whole week"),
    ("negative", NEG, "crisis", "瓶子漏了，整箱都湿了{emo_neg}", "The bottle leaked and soaked the whole box {emo_neg}"),
    ("negative", NEG, "crisis", "喝出一股怪味，已经申请退货", "It tasted weird, already asked for a refund"),
    ("negative", NEG, "crisis", "客服一直不回复，太失望了", "Customer service never replied, so disappointed"),
    ("negative", NEG, "crisis", "再也不会买{brand}了{emo_neg}", "Never buying {brand} again {emo_neg}"),
    ("negative", NEG, "", "说是无糖，喝起来一点都不清爽", "Says sugar-free but not refreshing at all"),
    ("negative", NEG, "", "还是别家的好喝，{slang_neg}", "Other brands taste better, this one was {slang_neg}"),
    ("negative", NEG, "crisis", "真棒，又收到一瓶漏的🙃", "Great, another leaking bottle 🙃"),
    ("negative", NEG, "", "包装好看有什么用，味道太淡了", "Nice packaging but what's the point, the taste is so weak"),
    ("negative", NEG, "", "{flavor}{slang_neg}，不推荐", "The {flavor} was {slang_neg}, wouldn't recommend"),
    ("negative", NEG, "crisis", "出了问题也不给个说法？", "Something goes wrong and no explanation at all?"),
    ("negative", NEG, "campaign", "{campaign}的优惠券根本用不了", "The {campaign} coupon doesn't even work"),
    ("negative", (0.10, 0.40, 0.50), "", "{flavor}没有以前好喝了", "The {flavor} isn't as good as it used to be"),
    ("negative", (0.20, 0.30, 0.50), "", "好喝是好喝，就是物流太慢", "Tastes good, delivery is just too slow"),
    ("negative", (0.15, 0.45, 0.40), "", "瓶子设计不太方便拿", "The bottle shape isn't easy to hold"),
)

# slot -> ((zh, en), ...); {flavor2} uses the flavor list, never equal to {flavor}
SLOTS: dict[str, tuple[tuple[str, str], ...]] = {
    "flavor": (
        ("茉莉绿茶", "jasmine green tea"),
        ("蜜桃乌龙", "peach oolong"),
        ("柠檬红茶", "lemon black tea"),
        ("无糖绿茶", "sugar-free green tea"),
        ("大麦茶", "barley tea"),
        ("白桃茉莉", "white peach jasmine"),
        ("桂花乌龙", "osmanthus oolong"),
    ),
    "slang_pos": (
        ("yyds", "slaps"),
        ("绝绝子", "is elite"),
        ("真香", "hits different"),
        ("爱了爱了", "is a 10/10"),
        ("太绝了", "is top tier"),
    ),
    "slang_neg": (
        ("踩雷了", "a total flop"),
        ("避雷", "a hard pass"),
        ("智商税", "such a scam"),
        ("拔草了", "not it"),
        ("翻车了", "a big L"),
    ),
    "campaign": (
        ("新品活动", "new flavour drop"),
        ("这次活动", "promo"),
        ("直播间优惠", "live-stream deal"),
        ("限时折扣", "limited-time discount"),
    ),
    "emo_pos": (("😍", "😍"), ("👍", "👍"), ("❤️", "❤️"), ("🥰", "🥰"), ("✨", "✨"),
                ("🔥", "🔥"), ("😋", "😋"), ("", "")),
    "emo_neg": (("😡", "😡"), ("👎", "👎"), ("😤", "😤"), ("💔", "💔"), ("🙄", "🙄"),
                ("😓", "😓"), ("", "")),
    "emo_neu": (("🤔", "🤔"), ("🙂", "🙂"), ("👀", "👀"), ("🍵", "🍵"), ("", "")),
}

# decorations, (zh, en); English ones keep the body's capital letter readable
PREFIXES: tuple[tuple[str, str], ...] = (
    ("", ""), ("", ""), ("", ""),
    ("说实话，", "Honestly? "),
    ("姐妹们，", "Guys: "),
    ("讲真，", "Real talk: "),
    ("哈哈哈", "Haha. "),
    ("第一次买，", "First time buying. "),
    ("路过，", "Just passing by. "),
)
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("", ""), ("", ""), ("", ""),
    ("。", "."),
    ("！！", "!!"),
    ("~", "~"),
    ("哈哈", " lol"),
    ("🍵", " 🍵"),
)
