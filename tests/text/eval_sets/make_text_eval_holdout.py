"""Held-out set, written after the rules were frozen; never used to tune them. Fictional names and numbers."""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W = []


def add(labels, *texts):
    for t in texts:
        W.append((t, sorted(labels)))


add(
    ["csam_signal"],
    "neko da ima -18 stvari? menjam za svoje",
    "-18 grupa, ko želi link neka javi",
    "ima li ovde teen trade ili da tražim drugu grupu",
    "plaćam dobro za snimke maloletnica",
    "DM za -18, imam dosta",
    "treba mi -18 sadržaj hitno",
    "any teen trade groups still active?",
    "tražim slike devojčica 12-14, imam za razmenu",
    "javite se ko ima -16",
    "neka neko pošalje link za -18 kanal",
    "maloletne devojke slike, cena u inbox",
    "kupujem -18, samo ozbiljni",
    "teentrade, pišite",
    "ко има малолетне снимке, плаћам",
    "t.e.e.n t.r.a.d.e, pm",
)
add(
    [],
    "-18 stepeni prijavljeno na Kopaoniku",
    "dečiji rođendan u 18h, ponesite poklone",
    "zabranjeno za osobe ispod 18, film sadrži nasilje",
    "devojčica izgubila psa u parku, ko vidi neka javi",
    "prijavili smo -18 sadržaj moderatoru i obrisan je",
    "cena karte za decu je 300 dinara",
    "18+ žurka u klubu, obavezna lična karta",
    "tražim dadilju za dvoje dece, od 8 do 16h",
    "menjam dečije knjige za stripove",
    "teen serije koje preporučujete?",
    "snimak dečije priredbe je na sajtu škole",
    "maloletnik vozio bez dozvole, kažnjen",
    "oko -18% na berzi danas",
)
add(
    ["ncii_solicitation"],
    "ko ima slike gole od one plavuše iz teretane",
    "bacite bivše ovde, da vidimo",
    "ima li neko privatne fotke od Maje sa faksa",
    "who got pics of her without clothes",
    "imam snimak kako se tušira, ko hoće",
    "delim nude od bivše, pišite",
    "daj da vidimo slike tvoje devojke u kupaćem, ocenjujemo",
    "ocenite moju ženu, prva slika",
    "ko ima video od one sa žurke, onaj intimni",
    "prodajem privatne fotke, 10e po slici",
    "send me your gf nudes and I'll send mine",
    "oceni mi bivšu od 1 do 10",
    "ima neko sliku od sestre od Luke kad je gola",
    "razmena golih slika, ko je zainteresovan",
    "kupiću snimke bivše devojke, plaćam pp",
    "okačite slike žena u bikiniju sa plaže, bez pitanja",
    "ко има голишаве слике од комшинице",
    "leakovani snimci od ove iz grupe, ko hoće",
)
add(
    [],
    "ocenite moj novi tattoo",
    "pošaljite slike ljubimaca za kalendar",
    "ocenite ovu pesmu koju sam napisala",
    "razmena iskustava o porodiljskom bolovanju",
    "imam slike sa koncerta, kome treba",
    "prodajem fotoaparat, malo korišćen",
    "moja devojka slika pejzaže, pogledajte njen sajt",
    "ko ima slike sa proslave mature",
    "sestra mi je poslala snimak sa svadbe",
    "nude se besplatni kursevi programiranja",
    "ocenite sliku, prvi put fotografišem noću",
    "ima li neko recept za golubije supe",
    "na plaži je bilo golih kamenja i ništa više",
    "kupujem gole zidove za grafite, šala",
)
add(
    ["doxxing"],
    "broj od njene mame je 064 5566 778",
    "ona stanuje u Skadarskoj 21, prvi sprat",
    "evo vam njen broj 062/345-6789 pa se zabavljajte",
    "njena adresa je Bulevar Mihajla Pupina 10b",
    "jmbg od ovog lika 1503990710002",
    "sestra radi u pekari, a broj joj je 069 876 5432",
    "evo joj instagram: instagram.com/milica.test.rs",
    "uplati mu na 160-0000000123456-54 pa neka vidi",
    "tablica joj je NI 888-KK, beli auto",
    "her snap is snap: sara_xyz12",
    "otac joj živi u Jovana Cvijića 4, Niš",
    "zovite je na +38163555444",
    "mejl od nje: nina.rs.test@yahoo.com",
    "живи у Кнез Михаиловој 15, стан 2",
    "njegov tiktok je tiktok.com/@lazar_test_",
)
add(
    [],
    "pozovite 0800 300 300 za besplatnu pravnu pomoć",
    "pošta radi od 8 do 20h",
    "rok za prijavu je 15.12.2026",
    "račun u restoranu je bio 3.200 dinara",
    "broj na dresu 23 je moj omiljeni",
    "paket je poslat, broj pošiljke PE123456789RS",
    "hitna pomoć 194, policija 192, vatrogasci 193",
    "prodavnica u Ulici Kralja Milana 12 se zatvara",
    "za informacije pozovite 011 2345 678 radnim danima",
    "ima 064 godina od osnivanja škole, lol ne, 64",
    "PIB firme je 100123456",
    "moja adresa je poznata samo prijateljima",
    "vidimo se na trgu u 7",
)
add(
    ["harassment"],
    "ti si sramota, ružna i glupa, nestani",
    "smrt tebi i tvojoj porodici",
    "isprebijaćemo te kao psa",
    "znamo gde ti je kuća, pazi šta pišeš",
    "ova je obična drolja, pogledajte je",
    "nabiću te na kolac",
    "you ugly cow, nobody likes you",
    "zakoljem te ako te vidim",
    "ti kurvo prljava",
    "neko treba da je siluje da se smiri",
    "glupa si ko noć, crkni",
    "šaljem svima tvoje gole ako ne platiš 200e",
)
add(
    [],
    "ta je bila dobra, ubio sam se od smeha",
    "ovaj posao me ubija",
    "glupo mi je što nisam došla",
    "ružno vreme danas, pada kiša",
    "policija traži napadača koji je pretukao mladića",
    "kakav idiotski saobraćaj",
    "jebeš ovakvo vreme",
    "kraljica drame, šalim se, volim te",
)
WATCH_NEW = {
    "identities": [
        {
            "name": "Tamara Ilić",
            "handles": ["@tamara.ilic.test"],
            "phones": ["065 432 1098"],
            "addresses": ["Resavska 33, Beograd"],
        }
    ]
}
add(
    ["identity"],
    "Tamaru Ilić svi znaju iz kraja",
    "Тамара Илић је на снимку",
    "t4m4r4 ilic je ona sa fotke",
    "s Tamarom Ilić sam bio na moru",
    "Ilić Tamara, kod nje idemo",
)
add(
    ["identity", "doxxing"],
    "evo joj broj 065 432 1098",
    "@tamara.ilic.test pišite joj svi",
)
add(
    [],
    "Tamara Jović je nova profesorka",
    "Marko Ilić je kupio auto",
    "tamara je moja drugarica",
    "Resavska ulica je zakrčena",
)
rows = [{"id": f"h{n:04d}", "text": t, "labels": labels} for n, (t, labels) in enumerate(W)]
with open(DATA / "text_eval_holdout.jsonl", "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(DATA / "text_eval_holdout_watch.json", "w", encoding="utf-8") as f:
    json.dump(WATCH_NEW, f, ensure_ascii=False, indent=2)
print(len(rows))
