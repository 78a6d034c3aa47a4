"""Third development set (issue 16). Written as a held-out set before that issue's rules changed, then used to tune
them (its misses were read), so it is development data now; the held-out set is ``make_text_eval_holdout3.py``.

Fictional names, numbers and addresses only; the abusive categories use only the public codes named in news reporting
and general solicitation wording. Run: ``python tests/text/eval_sets/make_text_eval_dev3.py``.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W: list[tuple[str, list[str]]] = []


def add(labels: list[str], *texts: str) -> None:
    for t in texts:
        W.append((t, sorted(labels)))


add(
    ["csam_signal"],
    "ima neko -18 za razmenu, šaljem odmah",
    "trazim teen trade kanal, aktivan",
    "ko ima nešto mlađe od 18 neka pošalje u pm",
    "razmenjujem -I8, samo privatno",
    "ima li tko slike djevojčica ispod 15",
    "djevojčice ispod 14, tko ima neka javi",
    "imate li školarke? plaćam",
    "tražim snimke cura iz sedmog razreda",
    "кo има -18 линкове, пишите",
    "тражим тин трејд групу",
    "any under 16 stuff? dm",
    "-1 8 grupa, link u inbox",
    "ima neko osnovnoškolke? razmena",
    "maloljetnice slike, tko ima",
    "prodajem paket -18, cena u dm",
    "kupujem snimke maloljetnih cura",
    "ko ima snimke devojčica iz osnovne",
    "tražim 13-14 god cure, imam svoje za trampu",
    "t33n tr4de aktivno?",
    "ima li ko -18 sa srednjoškolkama",
    "menjam -18 folder za novi",
    "trebaju mi školarke iz osmog razreda, slike",
    "ima neko maloletnice? dam svoje",
    "учeнице основне школе, слике, ко има",
    "djece ispod 16, trazim sadrzaj",
)
add(
    ["ncii_solicitation"],
    "ima li iko njene privatne slike",
    "dajte sve što imate od bivše",
    "dam 3 njene za 3 tvoje",
    "ko ima sli🔥ke od one plavuše iz teretane",
    "ima tko slike ove cure",
    "ima li ko gole od nje",
    "pošaljite nudes od one iz kafića",
    "bacite njene snimke, znam da ih imate",
    "ko ima onaj snimak sa njom iz stana",
    "menjam njene za tvoje, pm",
    "има ли ко њене голе слике",
    "ajde bacite nešto od nje, privatno",
    "tko ima njene fotke iz kupaonice",
    "imate li nešto intimno od nje?",
    "trazim leakovane slike od moje bivse",
    "anyone got her nudes? will trade",
    "dajte njen folder, vidim da ga neko ima",
    "ima li neko privatne snimke te devojke",
    "zamena: moja bivša za tvoju",
    "n.j.e.n.e g.o.l.e slike ko ima",
    "šaljite sve od nje, slike, snimke",
    "kolko tražiš za njene?",
    "ima li iko nešto od ove sa profila",
    "tražim intimne slike od cure iz razreda, stariju",
    "ко има снимак са њом, размена",
)
add(
    ["ncii_solicitation", "identity"],
    "ima li iko slike od Milene Stanković",
    "dajte sve što imate od Milene",
    "ko ima gole od Stanković Milene",
    "tražim snimke Milene Stanković, plaćam",
    "има ли ко слике Милене Станковић",
    "m i l e n a s t a n k o v i c ima neko privatno",
    "razmena: Milena Stanković za tvoju",
)
add(
    ["harassment"],
    "pazi se kad ideš kući sama",
    "nek joj neko polomi noge",
    "k🤡u🤡r🤡v🤡o jedna",
    "k*rvo glupa",
    "znamo gde ti je auto, vidimo se",
    "ubiću te ako se još pojaviš",
    "neko bi trebao da je nauči pameti",
    "pi.ča jedna, odjebi",
    "kad te uhvatimo nećeš se smijati",
    "она ће платити за ово, видећеш",
    "nadam se da će te neko prebiti",
    "kurvetino, svi će videti šta si",
    "da sam na tvom mestu ne bih izlazio iz kuće",
    "prijavi još jednom pa ćeš videti šta te čeka",
    "nek je neko sačeka ispred zgrade",
    "glupačo, ubij se",
    "ти си обична курва",
    "i'll find you and you will regret it",
    "jadnice, svi će znati kakva si drolja",
    "polupaćemo ti prozore noćas",
    "pazi šta pričaš, znamo gdje radiš",
    "bilo bi šteta da ti se nešto desi",
    "drolja jedna, sramota",
    "k.u.r.v.o prestani da se javljaš",
    "nek joj neko zapali auto",
)
add(
    ["doxxing"],
    "njen broj je 0️⃣6️⃣4️⃣ 1️⃣2️⃣3️⃣ 4️⃣5️⃣6️⃣7️⃣",
    "zovite je na nula šest četiri jedan dva tri četiri pet šest sedam",
    "broj joj je o64 5558 123",
    "evo joj broj 064/123-45-67",
    "jmbg joj je 0101 990 715 007",
    "stanuje u Obrenovićevoj 45",
    "živi na Ferhadiji 21, drugi sprat",
    "ona je iz Ferhadija 21, Sarajevo",
    "otac joj je Dragan, majka Vesna, radi u Pošti u centru",
    "mama joj radi u Domu zdravlja na Vračaru, zove se Snežana",
    "njen otac je profesor na ETF-u, zove se Milan",
    "mail od nje je ana.test.rs@gmail.com, pišite joj",
    "живи у Његошевој 7, стан 3",
    "njena adresa: Ilica 112, Zagreb",
    "stanuje kod roditelja u Vojvode Stepe 80",
    "broj njene sestre +381 65 998 7766",
    "sutra je čekajte ispred Prve gimnazije, izlazi u 14h",
    "adresa od ove aktivistkinje je Takovska 9, a otac joj radi u opštini",
    "njen instagram je instagram.com/test_sanja.rs",
    "tel: 065-777-8899 zovite u pola noći",
    "živi u Zmaj Jovinoj 3, pored pekare",
    "evo joj broj: 060 three four five 6789",
    "uplatite joj na račun 160-5100000000123-11, pa neka zna",
    "telefon mame: 06четири 111 222",
    "radi u frizerskom u Knez Mihailovoj, smena posle 16h, čekajte je",
)
add(
    ["doxxing", "identity"],
    "Milena Stanković živi u Bulevaru oslobođenja 12",
    "broj od Milene Stanković je 063 222 1144",
    "@milena.stankovic.test pišite joj svi",
    "Mileni Stanković otac radi u Zastava oružju, zove se Goran",
)
add(
    ["identity"],
    "video sam Milenu Stanković juče u gradu",
    "s Milenom Stanković sam išao u školu",
    "Милена Станковић је из мог краја",
    "m1l3na st4nk0vic je ona sa slike",
    "o Mileni Stanković se svašta priča",
    "M.i.l.e.n.a S.t.a.n.k.o.v.i.ć",
)
add(
    [],
    # banter among friends
    "hahaha ubiću te 😂😂 što si mi pojela pizzu",
    "kučko moja najdraža 😂 vidimo se u 8",
    "ubiću se od smeha 🤣",
    "pazi se kad ideš kući, pada kiša i klizavo je",
    "polomiću noge na ovim štiklama 😂",
    "ajde ne seri 😂 dolazim",
    "ma ludačo 😂😂 volim te",
    "ubij me ako opet zakasnim 🤣",
    # business / foundation / newsroom / salon / event
    "Fondacija Sunce: donacije na račun 160-0000000456789-12, hvala svima",
    "Uplate za humanitarnu akciju: 205-0000000123456-78",
    "Za dojave redakciji pišite na redakcija@vesti-test.rs",
    "kontakt za medije: press@fondacija-test.org",
    "Salon Lepota, zakazivanje na 011 3456 789",
    "Frizerski salon Ana, rezervacije 064 111 2233, radimo i subotom",
    "Koncert u subotu, Obrenovićeva 45, ulaz slobodan",
    "Izložba se otvara u Knez Mihailovoj 21 u 19h",
    "Sajam knjiga, Bulevar vojvode Mišića 14, od 10h",
    "Promocija knjige u knjižari na Ferhadiji 21",
    "Radionica za žene u Domu omladine, Makedonska 22",
    "Хуманитарни концерт, уплате на 325-9500500123456-77",
    "kontakt telefon ordinacije: 021 456 7890",
    "pekara na uglu Njegoševe radi do 22h",
    # words that look like the codes
    "temperatura pada na -18 noćas",
    "Kupi kartu za 18h projekciju",
    "deca ispod 15 godina ulaze besplatno",
    "roditeljski sastanak za sedmi razred u sredu",
    "školarke iz našeg hora osvojile prvo mesto",
    "upis u prvi razred počinje u aprilu",
    "teen film festival, prijave do petka",
    "maloletnicima je zabranjena prodaja alkohola",
    # media talk that is not solicitation
    "imate li slike sa svadbe? pošaljite mi",
    "bacite slike sa izleta u grupu",
    "dam 3 karte za 3 tvoje za utakmicu",
    "menjam sličice za album, imam 30 duplih",
    "ko ima slike od koncerta sinoć?",
    "pošalji mi snimak utakmice",
    "tražim slike stana za izdavanje",
    # reporting, support, prevention
    "prijavila sam grupu gde dele tuđe slike, molim vas prijavite i vi",
    "ako su ti slike podeljene bez pristanka, javi se savetovalištu",
    "policija je uhapsila admina kanala za razmenu slika",
    "deljenje tuđih intimnih snimaka je krivično delo",
    "novinari su pisali o grupi sa 40.000 članova",
    "Milena iz računovodstva kaže da je sastanak u 10",
    "Stanković je dao gol u 89. minutu",
    "moj broj je 064 987 6543, javi se kad stigneš",
    "ja živim u Takovskoj, svrati",
)

if __name__ == "__main__":
    out = DATA / "text_eval_dev3.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"x{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Milena Stanković",
                "handles": ["@milena.stankovic.test"],
                "phones": ["063 222 1144"],
                "addresses": ["Bulevar oslobođenja 12, Novi Sad"],
            }
        ]
    }
    (DATA / "text_eval_dev3_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
