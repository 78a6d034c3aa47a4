"""Report text in English and Serbian (Latin script), and number formatting for each."""

from __future__ import annotations

from datetime import date, datetime

from tragac.text.labels import label as pii_label

LANGS = ("sr", "en")

TEXT: dict[str, tuple[str, str]] = {
    # key: (English, Serbian)
    "report_title": ("Monitoring report", "Izveštaj o praćenju"),
    "subtitle": (
        "Image-based sexual abuse in monitored messaging groups",
        "Seksualno zlostavljanje putem fotografija u praćenim grupama za dopisivanje",
    ),
    "generated": ("Generated", "Napravljeno"),
    "period": ("Period", "Period"),
    "page": ("Page", "Strana"),
    "of": ("of", "od"),
    "contents": ("Contents", "Sadržaj"),
    "no_data": ("No data for this period.", "Nema podataka za ovaj period."),
    # overview
    "overview": ("Overview", "Pregled"),
    "sources_monitored": ("Sources monitored", "Praćeni izvori"),
    "total_messages": ("Messages", "Poruke"),
    "per_day_short": ("Per day", "Dnevno"),
    "avg_per_day": ("Average messages per day", "Prosečno poruka dnevno"),
    "busiest_day": ("Busiest day", "Najaktivniji dan"),
    "largest_group": ("Largest group by members", "Najveća grupa po broju članova"),
    "active_authors": ("Distinct active authors", "Različiti aktivni autori"),
    "media_posted": ("Media posted (posts with a picture or video)", "Objavljeni mediji (poruke sa slikom ili videom)"),
    "distinct_media": ("Distinct media files", "Različite medijske datoteke"),
    "reposted_share": ("Media re-posted in two or more groups", "Mediji ponovo objavljeni u dve ili više grupa"),
    "messages_per_day_all": ("Messages per day, all sources", "Poruke po danu, svi izvori"),
    "members_basis_snapshots": ("member-count snapshots", "snimci broja članova"),
    "members_basis_metadata": ("the group's own member count", "broj članova koji grupa prijavljuje"),
    "members_basis_joins": ("recorded joins minus leaves", "zabeleženi ulasci umanjeni za izlaske"),
    "members_basis_none": ("not known", "nepoznato"),
    "members": ("members", "članova"),
    "messages_word": ("messages", "poruka"),
    # per source
    "per_source": ("Per source", "Po izvoru"),
    "source": ("Source", "Izvor"),
    "platform": ("Platform", "Platforma"),
    "kind": ("Type", "Vrsta"),
    "authors": ("Authors", "Autori"),
    "first_msg": ("First", "Prva"),
    "last_msg": ("Last", "Poslednja"),
    "media": ("Media", "Mediji"),
    "joins": ("Joins", "Ulasci"),
    "leaves": ("Leaves", "Izlasci"),
    "members_now": ("Members", "Članovi"),
    "messages_per_day": ("Messages per day", "Poruke po danu"),
    "members_over_time": ("Members over time", "Članovi kroz vreme"),
    "members_note": (
        "Members over time come from member-count snapshots where live collection took them; otherwise from the "
        "joins and leaves recorded in the export, which start at zero when monitoring began and are a lower bound.",
        "Broj članova kroz vreme potiče iz snimaka broja članova kada ih je beležilo praćenje uživo; inače iz "
        "ulazaka i izlazaka zabeleženih u izvozu, koji kreću od nule na početku praćenja i predstavljaju donju "
        "granicu.",
    ),
    # asked
    "asked": ("What is asked for", "Šta se traži"),
    "flags_per_day": ("Detections per day by category", "Detekcije po danu prema kategoriji"),
    "top_categories": ("Most frequent lexicon categories", "Najčešće kategorije rečnika"),
    "top_terms": ("Most frequent lexicon terms", "Najčešći termini iz rečnika"),
    "term": ("Term", "Termin"),
    "term_id": ("Term id", "Oznaka termina"),
    "category": ("Category", "Kategorija"),
    "count": ("Count", "Broj"),
    "messages_flagged": ("Messages", "Poruke"),
    "solicitation_patterns": ("Solicitation patterns", "Obrasci traženja"),
    "rule": ("Rule", "Pravilo"),
    "terms_note": (
        "Terms from the public seed lexicon are shown as written; terms from private lexicons appear only as their "
        "ids, so that the report does not teach anyone how to evade detection.",
        "Termini iz javnog osnovnog rečnika prikazani su kako su napisani; termini iz privatnih rečnika prikazani su "
        "samo oznakom, da izveštaj ne bi nikoga naučio kako da izbegne otkrivanje.",
    ),
    "examples": ("Examples (redacted)", "Primeri (zacrnjeni)"),
    "examples_note": (
        "Personal data (names, phone numbers, ID numbers, addresses, usernames, links) and watched identities are "
        "masked. Authors appear only as stable pseudonyms.",
        "Lični podaci (imena, brojevi telefona, JMBG, adrese, korisnička imena, linkovi) i zaštićene osobe su "
        "zamaskirani. Autori se pojavljuju samo pod stalnim pseudonimima.",
    ),
    "author": ("Author", "Autor"),
    "date": ("Date", "Datum"),
    "message": ("Message", "Poruka"),
    "no_flags": (
        "No detections in this period (or the text-signal stage has not run).",
        "Nema detekcija u ovom periodu (ili faza analize teksta nije pokrenuta).",
    ),
    # spread
    "spread": ("Spread of re-posted media", "Širenje ponovo objavljenih medija"),
    "spread_note": (
        "Each row is one picture or video and its near-duplicates (re-sized, re-compressed, greyscale, watermarked). "
        "Only hashes and counts are shown, never an image.",
        "Svaki red je jedna slika ili video i njihove skoro-identične kopije (promenjene veličine, ponovo "
        "kompresovane, crno-bele, sa vodenim žigom). Prikazani su samo heševi i brojevi, nikada slika.",
    ),
    "spread_exact_note": (
        "The spread stage has not run: rows group exact copies (same SHA-256) only.",
        "Faza širenja nije pokrenuta: redovi grupišu samo identične kopije (isti SHA-256).",
    ),
    "cluster": ("Cluster", "Klaster"),
    "hash": ("Hash (PDQ / SHA-256 prefix)", "Heš (PDQ / početak SHA-256)"),
    "variants": ("Variants", "Varijante"),
    "sightings": ("Posts", "Objave"),
    "groups": ("Groups", "Grupe"),
    "first_seen": ("First seen", "Prvi put viđeno"),
    "timeline": ("Timeline", "Vremenska linija"),
    "no_spread": ("No media was posted in two or more groups.", "Nijedan medij nije objavljen u dve ili više grupa."),
    # network
    "network": ("Network of groups", "Mreža grupa"),
    "network_note": (
        "Groups are linked when one forwards messages from another and when they post the same pictures or videos "
        "(line width: number of forwards plus shared media). Colours are communities (Louvain).",
        "Grupe su povezane kada jedna prosleđuje poruke druge i kada objavljuju iste slike ili video snimke "
        "(debljina linije: broj prosleđivanja plus zajednički mediji). Boje su zajednice (Louvain).",
    ),
    "community": ("Community", "Zajednica"),
    "forwards": ("Forwards", "Prosleđivanja"),
    "shared_media": ("Shared media", "Zajednički mediji"),
    "links": ("Strongest links", "Najjače veze"),
    "no_links": ("No links between the groups in this period.", "Nema veza među grupama u ovom periodu."),
    # doxxing
    "doxxing": ("Doxxing", "Objavljivanje ličnih podataka"),
    "doxxing_note": (
        "How many messages exposed personal data of a person, by type. The values themselves are never shown.",
        "Koliko je poruka otkrilo lične podatke neke osobe, po vrsti. Same vrednosti se nikada ne prikazuju.",
    ),
    "data_type": ("Type of data", "Vrsta podatka"),
    "identity_mentions": ("Messages naming a watched identity", "Poruke koje pominju zaštićenu osobu"),
    "all_doxxing": ("All doxxing messages", "Sve poruke sa ličnim podacima"),
    "no_doxxing": (
        "No doxxing detected in this period.",
        "U ovom periodu nije otkriveno objavljivanje ličnih podataka.",
    ),
    # method
    "method": ("Method and limits", "Metod i ograničenja"),
    "what_monitored": ("What was monitored", "Šta je praćeno"),
    "how_detection": ("How detection works", "Kako radi otkrivanje"),
    "precision": ("Precision of the text detectors", "Preciznost detektora teksta"),
    "limits": ("What hashes cannot catch", "Šta heševi ne mogu da otkriju"),
    "stages_run": ("Analysis stages that recorded progress", "Faze analize sa zabeleženim napretkom"),
    "no_evaluation": (
        "No evaluation of the text detectors is recorded for this installation, so no precision figure is given.",
        "Za ovu instalaciju nije zabeležena evaluacija detektora teksta, pa preciznost nije navedena.",
    ),
    "detector": ("Detector", "Detektor"),
    "precision_col": ("Precision", "Preciznost"),
    "recall_col": ("Recall", "Odziv"),
    "support": ("Cases", "Slučajevi"),
    "yes": ("yes", "da"),
    "no": ("no", "ne"),
    # charts
    "max": ("max", "najviše"),
}

# What kind of source a row is (the export's chat "type", or a watched website).
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    "public_supergroup": ("public supergroup", "javna supergrupa"),
    "private_supergroup": ("private supergroup", "privatna supergrupa"),
    "public_group": ("public group", "javna grupa"),
    "private_group": ("private group", "privatna grupa"),
    "public_channel": ("public channel", "javni kanal"),
    "private_channel": ("private channel", "privatni kanal"),
    "personal_chat": ("personal chat", "lično ćaskanje"),
    "bot_chat": ("bot chat", "ćaskanje sa botom"),
    "saved_messages": ("saved messages", "sačuvane poruke"),
    "website": ("website", "veb-sajt"),
    "comments": ("comments", "komentari"),  # the platforms' downloads (docs/platforms.md)
    "timeline": ("posts", "objave"),
    "thread": ("thread", "nit"),
    "unknown": ("unknown", "nepoznato"),
}

MEDIA_KINDS: dict[str, tuple[str, str]] = {
    "image": ("image", "slika"),
    "video": ("video", "video"),
    "animation": ("animation", "animacija"),
    "other": ("other", "ostalo"),
}

# Lexicon categories and roles, for the "most frequent lexicon categories" rows (``category/role``). The English
# report keeps the identifiers analysts know from flags; the Serbian one names them.
LEXICON_PARTS_SR: dict[str, str] = {
    "cue": "signalne reči",
    "csam_signal": "zlostavljanje dece",
    "ncii_solicitation": "intimni snimci",
    "harassment": "uznemiravanje",
    "doxxing": "lični podaci",
    "age": "uzrast",
    "channel": "kanal ili link",
    "code": "šifra",
    "code_weak": "slaba šifra",
    "directed": "obraćanje",
    "directed3": "o trećoj osobi",
    "insult_strong": "teška uvreda",
    "insult_weak": "uvreda",
    "intimate": "intimni sadržaj",
    "media": "slike i snimci",
    "minor": "maloletnici",
    "minor_weak": "deca",
    "news": "vesti",
    "of_her": "od nje",
    "offer": "ponuda",
    "person": "osoba",
    "pii_cue": "najava ličnih podataka",
    "rate": "ocenjivanje",
    "relation": "srodstvo",
    "request": "zahtev",
    "service": "usluge",
    "sexual_violence": "seksualno nasilje",
    "threat": "pretnja",
}

CATEGORY_NAMES: dict[str, tuple[str, str]] = {
    "csam_signal": ("possible child abuse material requested", "moguće traženje materijala zlostavljanja dece"),
    "ncii_match": ("known victim's media", "medij poznate žrtve"),
    "identity": ("watched identity named", "pomenuta zaštićena osoba"),
    "doxxing": ("personal data exposed", "otkriveni lični podaci"),
    "ncii_solicitation": ("intimate images requested or traded", "traženje ili razmena intimnih snimaka"),
    "harassment": ("harassment", "uznemiravanje"),
}

# Kinds of personal data are labelled by the one vocabulary in tragac.text.labels (also used by masks, detectors,
# exports and the web); the report counts with its plural forms.


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._i = 0 if lang == "en" else 1

    def __call__(self, key: str) -> str:
        pair = TEXT.get(key)
        return pair[self._i] if pair else key

    def category(self, key: str | None) -> str:
        pair = CATEGORY_NAMES.get(key or "")
        return pair[self._i] if pair else (key or "—")

    def source_kind(self, key: str | None) -> str:
        pair = SOURCE_KINDS.get(key or "")
        return pair[self._i] if pair else (key or "—").replace("_", " ")

    def media_kind(self, key: str | None) -> str:
        pair = MEDIA_KINDS.get(key or "")
        return pair[self._i] if pair else (key or "—")

    def lexicon_category(self, key: str | None) -> str:
        """``cue/request`` as the Serbian report names it ("signalne reči / zahtev"); unknown parts (a private
        lexicon's namespace) stay as written, since they are identifiers, and so does the English report."""
        if not key:
            return "—"
        if self.lang == "en" or "/" not in key:
            return key
        return " / ".join(LEXICON_PARTS_SR.get(p, p) for p in key.split("/"))

    def doxx(self, key: str | None) -> str:
        """The plural label of a kind of personal data (``phone`` → "phone numbers" / "brojevi telefona")."""
        return pii_label(key, self.lang, many=True)

    def pii(self, key: str | None) -> str:
        """The singular label of a kind of personal data, as masks show it."""
        return pii_label(key, self.lang)

    def n(self, value: float | int | None, digits: int = 0) -> str:
        if value is None:
            return "—"
        s = f"{value:,.{digits}f}"
        if self.lang == "sr":
            s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return s

    def pct(self, value: float | None) -> str:
        return "—" if value is None else f"{self.n(100 * value, 1)} %"

    def day(self, value: date | datetime | None) -> str:
        if value is None:
            return "—"
        d = value.date() if isinstance(value, datetime) else value
        return d.isoformat() if self.lang == "en" else d.strftime("%d.%m.%Y.")
