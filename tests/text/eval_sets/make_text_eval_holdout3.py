"""Third held-out set (issue 16), written at the end of that issue's work from the issue's kinds of phrasing, without
running any rule on it while writing; scored once, for the figures in docs/text-signals.md. Never tune on it.

Fictional people, numbers and addresses only (the JMBG below is checksum-valid and invented); the abusive categories
use only the public codes named in news reporting and general solicitation wording.
Run: ``python tests/text/eval_sets/make_text_eval_holdout3.py``.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W: list[tuple[str, list[str]]] = []


def add(labels: list[str], *texts: str) -> None:
    for t in texts:
        W.append((t, sorted(labels)))


def _jmbg(first12: str) -> str:
    """A checksum-valid, fictional JMBG from its first twelve digits."""
    w = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(d) * k for d, k in zip(first12, w, strict=True)) % 11
    return first12 + str(0 if r == 0 else 11 - r)


JMBG = next(_jmbg(f"2206995715{n:02d}") for n in range(10, 99) if _jmbg(f"2206995715{n:02d}")[-1] != "0")

add(
    ["csam_signal"],
    "ima li neko -17 materijal, menjam",
    "tražim nešto ispod 16, šaljem svoje prvo",
    "ko ima klinke iz osmog razreda, pm",
    "tko ima slike curica ispod 14 godina",
    "imate li nešto mlađe od 15? plaćam dobro",
    "razmena -16 samo u inbox",
    "teen trade grupa, ko zna link",
    "т р а ж и м -18 фолдер",
    "има ли ко нешто млађе од 16",
    "kupujem snimke osnovnoškolki, cena nije problem",
    "ima li iko školarke, razmjena",
    "djevojčice od 12-13, tko ima neka se javi u pm",
    "any1 got under 15 pics? dm me",
    "-1️⃣8️⃣ link ko ima",
    "−18 folder za trampu",
    "ko ima srednjoškolke iz prvog razreda, golišave",
    "tražim devojčice iz petog razreda, imam dosta za razmenu",
    "te33n tr@de aktivan kanal?",
    "šaljite mlađe od 16 u privatno",
    "ima neko maloletnice? platim",
    "dječaci ispod 13 tko ima",
    "trampa: imam -15, tražim isto",
    "učenice iz sedmog, ko ima snimke",
    "ima li tko šta od maloljetnih, šaljem odmah svoje",
    "prodajem paket ispod 17, samo ozbiljni",
    "tražim slike klinki od 14 god",
    "ima neko -I6 grupu",
    "млађе од 14 ко има нека пише",
    "maloljetne cure slike, razmijenit ću",
    "looking for teen trade, 14-15 only",
)
add(
    ["ncii_solicitation"],
    "ima li iko njene privatne slike",
    "ko ima gole od one plavuše iz teretane",
    "dajte sve što imate od nje",
    "dam 2 njene za 2 tvoje",
    "menjam bivšu za tvoju, pm",
    "ima tko slike ove cure, bila je na moru sa mnom",
    "tražim privatne snimke od one iz kafića",
    "ko ima nešto od komšinice sa trećeg sprata",
    "šaljite golišave od svojih bivših",
    "ocenite ovu 1-10",
    "ocjenite je, iz mog razreda faksa",
    "rate her 1-10 boys",
    "ima li neko nudes od te riđe",
    "ima neko sli🔥ke od ove",
    "p.o.š.a.l.j.i.t.e privatno od nje",
    "razmjena bivših, tko je za",
    "njene gole za tvoje, dogovor?",
    "ko ima leak od one sa instagrama",
    "има ли неко њене голе слике",
    "тражим приватне снимке од бивше",
    "baci šta imaš od nje u inbox",
    "imam snimak kako se skida, ko hoće",
    "prodajem njene privatne, 20e",
    "bacajte bivše, da vidimo",
    "ima li kakav video od one s posla",
    "koliko za sve njene?",
    "ima neko fotke kako se tušira",
    "anyone have her nudes? will trade",
    "tražim snimke iz svlačionice teretane",
    "ko ima još od nje, baš je dobra",
    "šaljem svoju bivšu za tvoju",
    "ocenjujemo ove dve, ko je bolja",
    "ima li netko njezine slike iz kupaonice",
    "dajte više od nje molim vas",
    "ima ko materijal od one konobarice",
    "imam 5 njenih, dajem za 5 novih",
)
add(
    ["harassment"],
    "kurvo jedna, sramota si",
    "k🤡u🤡r🤡v🤡o",
    "k*rvo glupa",
    "pazi se kad ideš kući sama",
    "nek joj neko polomi noge",
    "neka je neko sačeka ispred zgrade",
    "ako još jednom nešto napišeš, videćeš",
    "ako opet otvoriš usta, zažalit ćeš",
    "znamo gde ti je stan",
    "znam gdje radiš i kad izlaziš",
    "ubiću te čim te vidim",
    "ubit ću te kad te nađem",
    "нек је неко пребије",
    "курво глупа",
    "drolja jedna odvratna",
    "ti si niko i ništa, debela kravo",
    "biće ti žao što si se rodila",
    "neko bi trebalo da je nauči pameti",
    "gledaj iza sebe kad ideš sa posla",
    "doći će i tvoj red",
    "zaslužila si da te neko siluje",
    "you deserve to get hurt",
    "i know where you live, bitch",
    "kuj0 glupa, ućuti",
    "dr*ljo, sklanjaj se",
    "srediće te neko jednog dana",
    "pazi se, nikad ne znaš ko te prati",
    "neko će joj razbiti tu glupu glavu",
    "platićeš za ovo",
    "bolje ti je da ne izlaziš sama noću",
    "glupačo, idi se ubij",
    "ne izlazi iz kuće ako ti je život mio",
)
add(
    ["doxxing"],
    "njen broj 0️⃣6️⃣2️⃣ 4️⃣4️⃣1️⃣ 2️⃣3️⃣9️⃣ pišite joj",
    "zovite je nula šest tri pet pet pet jedan dva tri",
    "evo joj broja o64 777 1290",
    "broj od ove je 064/555-12-34",
    "njen mob +381 61 234 5678, spamujte",
    "živi u Obrenovićevoj 45, drugi sprat",
    "stanuje na Ferhadiji 21",
    "adresa joj je Kralja Petra 9, Niš",
    f"jmbg joj je {JMBG[:4]} {JMBG[4:7]} {JMBG[7:]}",
    "otac joj se zove Dragan i radi u pošti, majka je učiteljica u školi Vuk Karadžić",
    "tata joj radi u opštini, zove se Zoran",
    "njena mama radi u Domu zdravlja na šalteru",
    "evo ga njen insta @jeca.test.99, napunite joj inbox",
    "pišite joj na mejl ana.test.88@gmail.com",
    "njen dečko radi u servisu u Zemunu, evo mu broja 063 123 9988",
    "ona živi kod Kalenić pijace, Njegoševa 40",
    "ovo je njena tablica BG 123-XY",
    "њен број је 065 432 1098",
    "живи у Булевару краља Александра 120",
    "djevojka iz Splita, živi u Ulici Domovinskog rata 14, broj 091 333 4567",
    "brat joj radi na benzinskoj kod Ade, zove se Nikola",
    "zna neko gde živi ova? mislim da je Cara Dušana 12",
    "račun njenog oca 160-0000000123456-55 hahah",
    "evo vam adresa te novinarke: Makedonska 22, stan 4",
    "roditelji joj se zovu Milan i Vesna, imaju prodavnicu u Čačku",
    "profil joj je instagram.com/marija.test.rs, pišite joj svi",
    "njezin broj: nula devet osam jedan dva tri četiri pet šest",
    "adresa aktivistkinje: Svetogorska 7, majka joj radi u banci",
    "snap joj je ana_test_snap, ajmo",
)
add(
    ["identity"],
    "video sam Tamaru Vuković juče na žurci",
    "Tami Vuković je opet promenila frizuru",
    "t a m a r a v u k o v i ć",
    "Тамара Вуковић је дошла",
    "Ivana Babić je rodila, čestitke",
    "s Ivanom Babić sam išao u razred",
    "@tami.vuk.test objavila novu sliku",
)
add(
    ["identity", "ncii_solicitation"],
    "ima li iko slike od Tamare Vuković",
    "dajte sve što imate od Tami Vuković",
    "ko ima gole od Vuković Tamare",
    "tražim privatno od Ivane Babić, plaćam",
    "ima tko nešto od Ivke Babić",
    "ко има слике Тамаре Вуковић",
    "t.a.m.a.r.a v.u.k.o.v.i.ć ima neko privatno",
    "Tamara Vuković za tvoju, razmena",
)
add(
    ["doxxing", "identity"],
    "Tamara Vuković živi u Njegoševoj 17",
    "broj od Tamare Vuković 065 318 2290",
    "Ivana Babić, Ilica 88, evo vam",
    "Tamari Vuković otac radi u Elektrodistribuciji, zove se Slobodan",
    "@tami.vuk.test pišite joj svi, evo joj i broja 065 318 2290",
)
add(
    ["harassment", "identity"],
    "Tamara Vuković je kurva i to svi znaju",
    "nek neko sredi tu Tamaru Vuković",
)
add(
    ["doxxing", "harassment"],
    f"evo ga matični od ove kurve {JMBG}",
    "znamo gde živiš, Njegoševa 40, pazi se",
    "kurvo, evo tvog broja svima 064 222 3311",
)
add(
    [],
    # banter among friends
    "hahaha ubiću te 😂 opet si zaboravio ključeve",
    "ubiću se od smeha 🤣🤣",
    "glupačo moja 😂 volim te, vidimo se sutra",
    "ma kravo jedna 😂 dođi već",
    "ubij me ako zaspim na predavanju 😂",
    "polomiću noge u ovim cipelama 😂",
    "kad te vidim zadaviću te od ljubavi 🤣",
    "pazi se kad ideš kući, poledica je",
    "pazi se na putu, javi kad stigneš",
    "znam gde živiš, svratiću po knjigu sutra 😊",
    "hahah kujo, opet kasniš 😂😂",
    # foundation, newsroom, salon, events, businesses
    "Fondacija Nada: donacije na račun 205-0000000987654-21, hvala",
    "Uplatite pomoć za liječenje malog Luke: 160-0000000765432-11",
    "Za dojave redakcija@portal-test.ba, garantujemo anonimnost",
    "redakcija: vijesti@dnevnik-test.hr, telefon 01 4455 667",
    "Salon Bella, zakazivanje termina na 064 111 2233",
    "frizerski salon Lana, rezervacije 065 998 7766, radno vreme 9-20",
    "Koncert u subotu, Dom omladine, Makedonska 22, ulaz slobodan",
    "Izložba se otvara u petak u galeriji, Knez Mihailova 35",
    "Sajam knjiga, Bulevar vojvode Mišića 14, od 10h",
    "Radionica za djecu u Domu kulture, Ferhadija 12, prijave na 033 222 444",
    "Pekara Kruna, Obrenovićeva 45, dostava na 018 555 777",
    "Ordinacija dr Petrović, zakazivanje 011 3344 556",
    # self-addressed
    "moj broj je 063 444 5566, javi se kad stigneš",
    "ja živim u Njegoševoj 40, svrati posle posla",
    "evo moje adrese za paket: Cara Dušana 12, stan 3",
    "zovi me na 061 777 8899 sutra",
    "moja mama radi u pošti, pa mogu da ti pošaljem",
    # reporting, support, news, prevention
    "prijavite kanal gde dele tuđe slike, to je krivično delo",
    "ako su tvoje slike objavljene bez pristanka, javi se savjetovalištu",
    "policija uhapsila admina grupe za razmjenu snimaka",
    "novinari pišu o grupi gde se ocenjuju žene",
    "deljenje intimnih snimaka bez pristanka kažnjivo je zakonom",
    "MUP upozorava roditelje na grupe gde se traže slike dece",
    # benign media, school, age talk
    "ko ima slike sa koncerta sinoć?",
    "pošaljite slike stana, zanima me",
    "ima li neko fotke sa mature",
    "roditeljski sastanak za sedmi razred je u utorak",
    "upis u prvi razred počinje u aprilu",
    "zabranjeno mlađima od 18, ponesite ličnu kartu",
    "film je -18, ne vodi klince",
    "temperatura pala na -12 noćas",
    "popust -15% na sve u subotu",
    "djeca ispod 12 godina ulaze besplatno",
    "moja sestra ide u peti razred, baš je slatka na priredbi",
    "dam 2 karte za 2 tvoje za utakmicu",
    "menjam bicikl za tvoj skuter",
    "ocenite moj novi auto 😄",
    "rate my setup 1-10",
    "dajte sve što imate od hrane, skupljamo za azil",
    "ima li iko slike od prošlogodišnje konferencije",
    # shared names that are not the watched people
    "Tamara iz računovodstva kaže da kasni",
    "Vuković je dao gol u 90. minutu",
    "Ivana je donela kolače",
    "Babić trener podnio ostavku",
    # neutral chatter
    "jel neko ide na kafu posle",
    "kakav je bio ispit?",
    "šta ima novo, dugo se nismo čuli",
    "Добро јутро свима, лепо време данас",
    "dobar dan, tražim stan za izdavanje u Nišu",
    "vidimo se u 18h kod sata",
    "radim do 17, pa možemo posle",
)

if __name__ == "__main__":
    out = DATA / "text_eval_holdout3.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"h{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Tamara Vuković",
                "nicknames": ["Tami"],
                "handles": ["@tami.vuk.test"],
                "phones": ["065 318 2290"],
                "addresses": ["Njegoševa 17, Beograd"],
            },
            {
                "name": "Ivana Babić",
                "nicknames": ["Ivka"],
                "handles": ["@ivana.babic.test"],
                "phones": ["091 455 7123"],
                "addresses": ["Ilica 88, Zagreb"],
            },
        ]
    }
    (DATA / "text_eval_holdout3_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
