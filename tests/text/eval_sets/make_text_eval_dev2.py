"""Development set for issue 16: the kinds of misses the issue lists, in new wording, both scripts, Croatian and
Bosnian variants, and hard negatives. Rules are tuned on this set (and text_eval.jsonl), never on the held-out ones.

Fictional names, numbers and addresses only. Run: ``python tests/text/eval_sets/make_text_eval_dev2.py``.
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
    "ima tko nešto mlađe od 16, šaljem svoje",
    "kupujem sadržaj mlađih od 18",
    "-I7 folder, ko hoće",
    "razmena -l8 u privatnoj",
    "tražim slike djevojčica ispod 14",
    "imate li djevojčice ispod 13? pm",
    "ima li ko slike srednjoškolki, plaćam",
    "prodajem snimke osnovnoškolki",
    "ko ima školarke iz šestog razreda",
    "tražim ucenice iz osmog razreda, razmena",
    "ко има школарке, плаћам",
    "maloljetne cure slike tko ima",
    "šaljem -18 paket za tvoj",
    "ima li iko nesto ispod 16 godina",
)
add(
    ["ncii_solicitation"],
    "ima li iko njene gole",
    "ima tko gole od ove iz razreda",
    "ima li tko njene slike iz kade",
    "dajte sve što imate od ove plavuše",
    "dajte šta god imate od nje",
    "dam 2 njene za 2 tvoje",
    "menjam 5 njenih za 5 tvojih",
    "dajem svoju bivšu za tvoju, razmena",
    "ko ima fo🔥tke od one iz marketa",
    "ima neko sl💦ike od komšinice",
    "бацајте све што имате од ње",
    "ima li iko privatno od one sa fakulteta",
    "tražim njen snimak iz spavaće",
    "pošalji mi njene gole, platiću",
    "anyone have her pics from the party? trade",
    "ima tko nudes od ove cure",
    "koliko za njen folder?",
)
add(
    ["ncii_solicitation", "identity"],
    "ima li iko slike od Jelene Marković",
    "dajte sve od Jelene Marković što imate",
    "ко има слике Јелене Марковић",
    "tražim nešto od Markovićeve Jelene, slike",
)
add(
    ["harassment"],
    "pazi se kad se vraćaš sama noću",
    "nek mu neko slomi ruke",
    "neka joj neko razbije facu",
    "bolje ti je da ćutiš, znamo gde ti je stan",
    "k😈u😈r😈v😈a jedna",
    "k*rva obična",
    "dr*lja",
    "ona će zažaliti što se rodila",
    "neko treba da je prebije",
    "da se meni pita, neko bi je davno sredio",
    "ako još jednom napišeš nešto, videćeš",
    "pazi šta radiš, doći će i tvoj red",
    "nek je neko čeka ispred faksa",
    "обична си курва",
    "she deserves to get hurt",
    "bit će ti žao, znamo gdje radiš",
)
add(
    ["doxxing"],
    "broj joj je 0️⃣6️⃣5️⃣ 9️⃣8️⃣7️⃣ 6️⃣5️⃣4️⃣3️⃣",
    "zovite je nula šest pet devet osam sedam šest pet četiri",
    "mob o63 4445 556",
    "njen broj 065/432-10-98",
    "jmbg: 1503 990 710 002",
    "stanuje u Nemanjinoj 14",
    "živi u Karađorđevoj 88, treći sprat",
    "ona je na Titovoj 5, kod pijace",
    "otac joj se zove Zoran, a majka radi u banci na Slaviji",
    "tata joj radi u gradskoj upravi, zove se Dejan",
    "roditelji joj se zovu Petar i Ljiljana, rade u bolnici",
    "живи у Карађорђевој 88",
    "adresa njene mame: Vukovarska 17, Split",
    "njen mail je test.ivana@gmail.com, spamujte",
)
add(
    [],
    "haha ubiću te 😂 opet si mi uzeo punjač",
    "kravo 😂😂 vidimo se sutra",
    "lud si bre 🤣 volim te",
    "pazi se na putu, javi kad stigneš",
    "slomiću se od umora danas",
    "Udruženje Nada prima donacije na račun 160-0000000987654-21",
    "Donacije za lečenje: 205-0000000654321-09, hvala",
    "dojave za redakciju: desk@novine-test.rs",
    "pišite uredništvu na info@portal-test.ba",
    "Salon Bella, zakažite na 063 555 1212",
    "Kozmetički salon, termini na 011 222 3333",
    "Festival u petak, Nemanjina 14, ulaz besplatan",
    "Predstava u subotu u Domu kulture, Titova 5",
    "Otvaranje galerije na Ilici 55 u 18h",
    "roditeljski za osmi razred u petak",
    "školarke su pobedile na takmičenju",
    "djeca ispod 12 godina ne plaćaju ulaz",
    "dam 2 karte za 2 tvoje, koncert",
    "menjam 5 sličica za 5 tvojih",
    "dajte sve slike sa rođendana u grupu",
    "ko ima slike sa ekskurzije?",
    "temperatura -17 u Sjenici",
    "moj broj je 061 555 0000 ako treba nešto",
    "ja stanujem u Nemanjinoj, dođi",
    "Marković je dao dva gola",
)

# second round: more variants of the misses the issue lists
add(
    ["doxxing"],
    "stanuje na Baščaršiji 12, iznad radnje",
    "ona živi u Maršala Tita 40, Sarajevo",
    "nađite je, Dositejeva 8, drugi ulaz",
    "živi kod bake na Korzu 3",
    "njena mama se zove Gordana i radi u vrtiću Lane",
    "brat joj radi na pumpi kod mosta, zove se Stefan",
    "otac joj je Milan, radi kao taksista",
    "jmbg od nje: 2511 985 711 005",
    "broj: 06 1 23 45 678, javite joj se",
    "njen broj je +387 61 234 567",
    "broj je nula šest jedan, dva tri četiri, pet šest sedam osam",
    "njen mob je 064.555.4433",
)
add(
    [],
    "Humanitarna žurka u subotu, Baščaršija 12, ulaz slobodan",
    "Dositejeva 8 je zatvorena zbog radova",
    "Redakcija portala: kontakt@portal-test.hr",
    "Za termine u salonu zovite 061 234 5678",
    "mama mi radi u vrtiću, pa ne mogu danas",
    "moj otac radi kao taksista, zove se Milan",
    "fondacija prikuplja pomoć, račun 160-0000000111222-33",
    "koncert na Korzu 3 u 20h",
)
add(
    ["harassment"],
    "gledaj iza sebe kad izlaziš noću",
    "nek ga neko pretuče ispred kluba",
    "neko bi trebao da ti polomi prste",
    "ako ne obrišeš, požalićeš",
    "znamo gdje ti je stan, čuvaj se",
    "ona neće dugo, videćete",
    "k💀u💀r💀v💀a",
    "d.r.o.l.j.o",
    "ku*ac ti je mozak, ku*vo",
)
add(
    [],
    "hahaha kurvo 😂 ajde dolazi",
    "čuvaj se, hladno je napolju",
    "gledaj iza sebe kad parkiraš, tesno je",
    "ako ne obrišeš poruku, nema veze",
)
add(
    ["identity"],
    "J e l e n a  M a r k o v i ć",
)

if __name__ == "__main__":
    out = DATA / "text_eval_dev2.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"d{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    print(len(W), "messages written to", out)
