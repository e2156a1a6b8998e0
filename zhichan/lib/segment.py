"""Chinese word segmentation for search and text similarity (jieba, search mode).

Search mode also emits the shorter words inside a long one (锂离子电池 → 离子, 电池, 锂离子电池), so
a demand that says 电池 finds a patent that says 锂离子电池. Tokens are lower-cased; punctuation,
single characters that carry no meaning alone and the boilerplate of patent texts are dropped
(they occur in nearly every abstract and would only slow the search).
"""

import re
import threading

import jieba

jieba.setLogLevel(60)  # it logs the dictionary load at INFO on every process
_ready = threading.Lock()
_loaded = False

WORD = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]")
# Words of patent boilerplate and function words (chosen by reading abstracts: they occur in most).
STOPWORDS = frozenset(
    """一种 本 发明 本发明 实用 新型 实用新型 本实用新型 外观 外观设计 设计 本外观设计 公开 公开了 了 属于 技术 领域 技术领域
    其 包括 包含 和 及 与 或 的 所述 涉及 提供 具有 一个 通过 以及 等 用于 其中 由 在 上 下 中 为 是 有 该 将 可 使 对
    并 且 从 至 到 设有 设置 相连 连接 解决 问题 目的 现有 现有技术 能够 进行 采用 实现 一 二 三 多个 若干""".split()
)


def initialize() -> None:
    """Load the dictionary once per process (about a second); forked workers inherit it."""
    global _loaded
    with _ready:
        if not _loaded:
            jieba.initialize()
            _loaded = True


def tokens(text: str) -> list[str]:
    """The searchable words of a text, in order, with repeats (term frequency counts)."""
    if not text:
        return []
    initialize()
    found = []
    for word in jieba.cut_for_search(text.lower(), HMM=False):
        word = word.strip()
        if len(word) < 1 or word in STOPWORDS or not WORD.search(word):
            continue
        found.append(word)
    return found


def terms(text: str) -> list[str]:
    """The distinct searchable words of a text, in first-seen order (for queries)."""
    return list(dict.fromkeys(tokens(text)))
