"""Fifth held-out set, written blind: its author read no detection code, no rule file and no other eval set (only the
first and last lines of ``make_text_eval_holdout3.py``, for the file layout), and ran no rule or detector on it while
writing. It measures how the rules generalise to phrasing nobody tuned on. Score it once; never tune on it.

Fictional people, numbers, handles and addresses only (every JMBG below is checksum-valid and invented); the abusive
categories use only general solicitation wording and the public codes named in news reporting (age codes, school
grades), never descriptions of acts or of any material.

Watched people (``text_eval_holdout5_watch.json``): Milica Perović, a journalist in Podgorica (nickname Mica), and
Dragana Stojiljković, a teacher and activist in Niš (nickname Gaga).

Labelling conventions used here:
- "identity" needs the full name (any case, script, spacing or diacritics), nickname + surname, or the watched
  handle, phone (any spacing or prefix) or full street address with number. A first name or nickname alone, the
  same surname on a man, a one-letter-off surname, or the street name without the house number is not "identity".
- A bare, context-free short message ("ima jos?", "pm", "+1") carries no label.
- Minors' signals get "csam_signal" only, never also "ncii_solicitation".
- Posting private data together with a call to act on it ("zovite je svi", "idemo svi", "tko je blizu") is both
  "doxxing" and "harassment"; plain posting is "doxxing" only.
- A threat with no private data ("znamo gdje ti je auto") is "harassment" only.
- Harsh words at a referee or a club are not harassment unless they carry a slur or a threat against the person.
- Laughter-marked banter between friends, swearing at the weather or at things, news reports and messages that quote
  abuse in order to report or condemn it carry no label.
- Asking for ordinary (birthday, holiday, match) photos of a woman is not "ncii_solicitation".
Run: ``python tests/text/eval_sets/make_text_eval_holdout5.py``.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W: list[tuple[str, list[str]]] = []


def add(labels: list[str], *texts: str) -> None:
    for t in texts:
        W.append((t, sorted(labels)))


def _jmbg(first9: str, serial: int) -> str:
    """A checksum-valid, fictional JMBG: date + region (nine digits) and the first usable serial from ``serial``."""
    w = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        first12 = f"{first9}{serial:03d}"
        r = sum(int(d) * k for d, k in zip(first12, w, strict=True)) % 11
        if r != 1:  # 11 - 1 == 10 has no check digit: skip that serial
            return first12 + str(0 if r == 0 else 11 - r)
        serial += 1


def _grp(j: str) -> str:
    return f"{j[:2]} {j[2:4]} {j[4:7]} {j[7:9]} {j[9:12]} {j[12]}"


J1 = _jmbg("140299771", 512)  # 14.02.1997, Beograd region, female serial
J2 = _jmbg("030699373", 640)  # 03.06.1993, Niš region
J3 = _jmbg("270800117", 733)  # 27.08.2001, Sarajevo region
J4 = _jmbg("110199833", 801)  # 11.01.1998, Osijek region
J5 = _jmbg("090498921", 555)  # 09.04.1989, Podgorica region (watched: Milica Perović)
J6 = _jmbg("250791773", 618)  # 25.07.1991, Niš region (watched: Dragana Stojiljković)
J7 = _jmbg("180502280", 905)  # 18.05.2002, Montenegro region
J8 = _jmbg("300996174", 520)  # 30.09.1996, BiH region

# --------------------------------------------------------------------------------------------------- ncii_solicitation
add(
    ["ncii_solicitation"],
    "ima li neko slike od one plavuše sa Zlatibora, znate one privatne 😏",
    "ko ima nešto od Sanje iz teretane? znate na šta mislim",
    "prodajem folder bivše, 40 komada, cijena u pm",
    "menjam moje za tvoje, samo prave devojke iz Kragujevca, ne skinuto sa neta",
    "imam link na megu sa curama iz Splita, piši u inbox pa ti ga pošaljem",
    "imam drajv sa snimcima kolegice s posla, ona nema pojma haha",
    "kanal VIP exposed balkan, ulaz 20e mjesečno, svaki dan nove cure",
    "pm ako imaš od Jovane iz Zemuna, dajem dve za jednu",
    "LEAK od one influenserke sa TikToka, ko hoće link neka lajkuje poruku",
    "bratee ima li kogod nešto od Lejle sa faksa, čuo sam da je slala bivšem",
    "Трампим приватне слике бивше девојке, само озбиљни",
    "Ko ima onu Anu sa Pala, gole slike, platim paysafe kartom",
    "šaljite sve što imate od bivših, pravimo arhivu 📁 za grupu",
    "prodajem, 15e paket, sve domaće cure, bez fejkova, garancija",
    "cijena po komadu 5 KM, popust ako uzmeš 10+, sve privatno od cura iz Tuzle",
    "hat jemand einen Ordner von Balkan Mädels aus Wien? privat, nicht von Insta, pišite",
    "brate jel imas onaj drive sa kolegicama, daj mi link u dm",
    "sl1k3 od b1vš3 za r4zmj3nu, ko 1m4",
    "ko ima nešto od Marije, konobarice iz kafića kod autobuske, plaćam",
    "nudes od Katarine, ko hoće nek šalje 5e na revolut i dobije odmah",
    "E LJUDI IMA LI KO PRIVATNE OD TEODORE IZ BANJALUKE",
    "exposed grupa za Zadar, bacajte sve šta imate od cura, i imena",
    "moja bivša me ostavila, evo vam je, ko hoće njene snimke nek javi",
    "tko ima nešto od Petre s instagrama, ona s crvenom kosom, šaljem svoje zauzvrat",
    "imam 3 giga njenih, ko nudi više",
    "ulaz u grupu samo ako pošalješ nešto od bivše ili od sestre od druga",
    "Ko ima slike Ivone s plaže, one bez gornjeg dijela, pm",
    "Mirelin OnlyFans je procurio, ko hoće sve besplatno neka piše",
    "treba mi sve što neko ima od Laure iz moje zgrade, platiću koliko kažeš",
    "Скупљам фотке девојака са журке у Новом Саду, оне што нису за јавност",
    "daj barem jednu od Nine, obećao si juče",
    "ko ima tajne slike od Dženane iz Zenice, ona što je slala momku",
    "kanal sa punim folderima domaćih, pretplata 10 eur, piši adminu",
    "menjam 1 na 1, imam dosta od kolegice sa fakulteta, treba mi od medicinarki",
    "Tko je bio na tulumu kod Luke? Ima li netko snimke cura iz kupaonice",
    "✨ n0v1 l3ak ✨ domaće, provjereno, ko prvi javi dobija besplatno",
    "imaš li išta od one tvoje komšinice? ona sigurno šalje",
    "ko je od vas spremio njene story-je pre nego što je obrisala, one noćne",
    "Verkaufe private Videos von meiner Ex, 30€, nur ernste Anfragen",
    "anyone got the Sarajevo girls leak folder? razmjena ili pare",
    "za 50 maraka dobiješ pristup arhivi, 2000+ cura sa Balkana, sve bez pristanka haha",
    "ко има нешто од Николине из Крушевца, али право, не са инстаграма",
    "ima ko skrinšotove od Emine sa videopoziva, platim dobro",
    "obradio sam joj slike sa plaže, ko hoće da ih vidi bez kupaćeg, dm",
)

# --------------------------------------------------------------------------------------------------------- csam_signal
add(
    ["csam_signal"],
    "ima li ko -16, menjam",
    "tražim ispod 15, samo privatno",
    "ko ima od srednjoškolki iz Čačka",
    "cure iz sedmog razreda, ima neko?",
    "mlađe od 18 ima li, plaćam",
    "teen trade balkan, ko ima link",
    "-1️⃣5️⃣ razmjena u inbox",
    "ispod šesnaest, pm",
    "imam maloljetne, mijenjam za isto",
    "osnovnoškolke folder ko ima",
    "тражим -17, шаљем прво",
    "ima nešto od devojčica iz osmog razreda?",
    "prvi razred srednje, ko ima od cura",
    "bacajte od maloljetnica, grupa je zatvorena",
    "tražim mlađe, 14-15, samo ozbiljni",
    "ko ima ŠKOLARKE 🏫 pm",
    "gimnazijalke iz Zagreba, ima tko nešto za razmjenu",
    "wer hat was unter 16? pišite mi, Beč",
    "looking for -15 trade, balkan only",
    "cp ima li neko, pm",
    "nove od klinki iz devetog razreda, ko hoće",
    "maturantkinje od 17 godina, imam za razmjenu",
    "mladje od sesnaest, platim kripto",
    "-14 ko ima neka javi, brišem za sat",
    "ima li kanal sa tinejdžerkama, ulaz plaćam",
    "ispod 18 godina, domaće, ko prodaje",
    "tražim nešto od učenica, prvi srednje",
    "razmjena s klinkama iz osnovne, dm",
    "m.l.a.đ.e o.d 1.6 ko ima",
    "ko ima -16 folder od cura iz Subotice",
    "малолетне из средње, ко има линк",
    "ko zna grupu gde se menjaju srednjoskolke",
    "TEEN 🔞 folder, only -17",
    "imaš li još od one iz 6. razreda",
    "mala ima 15, ko hoće njene neka piše",
    "ispod šesnajst (16) ko ima, dajem svoje",
    "dajem pare za sve što je mlađe od punoljetne",
)
add(["csam_signal", "doxxing"], "ko ima od klinke iz 8. razreda, živi u Sarajevskoj 12 u Zenici")

# ----------------------------------------------------------------------------------------------------------- doxxing
add(
    ["doxxing"],
    f"JMBG od Sare: {J1}",
    "živi u Vojvode Stepe 112, drugi sprat, stan 7",
    "radi u apoteci Lipa na Novom Beogradu, smjena od 7 do 15",
    "tablice joj BG 447-KŽ, crni golf, parkira ispred zgrade",
    "ćale joj je Zoran, radi u Elektrodistribuciji u Šapcu, a keva joj je učiteljica u OŠ Jovan Cvijić",
    "stanuje u Kninskoj 8 u Splitu, ako je neko tražio",
    "u Mostarskoj 21 živi, treći ulaz, prizemlje",
    "broj: +387 61 220 913, to je ona sa Ilidže",
    f"ево њеног ЈМБГ-а {J2}, и адреса Бранка Радичевића 9, Лесковац",
    "studira na Ekonomskom u Podgorici, predavanja petkom u 10, amfiteatar 2, sjedi uvijek naprijed",
    "njen broj: nula šest četiri, pet pet osam, jedan dva tri četiri",
    f"jmbg {_grp(J3)} (Amela, Sarajevo)",
    "adresa: Ulica bana Jelačića 5, Karlovac, stan 3 — to je ona što je pisala protiv nas",
    "evo gdje radi: Jasmina Hadžić, Konzum u Zenici, blagajna broj 2",
    "mobitel: 098/334-12-07 (Ana, Rijeka)",
    "kuća joj je odmah iza crkve u Zvorniku, bijela fasada, broj 14 u Svetosavskoj",
    "njen tata Dragan radi u policiji u Valjevu, a mama Snežana na šalteru u Domu zdravlja",
    "auto: sivi Clio, reg. NS 219-TT, svaki dan ispred gimnazije u pola osam, ona tu predaje",
    f"evo dokumenata 📄 ime i prezime Ivona Kos, JMBG {J4}, adresa Gundulićeva 7, Osijek",
    "broj joj je 061 7 7 3 0 4 2 8",
    "radi kao frizerka u salonu Bella u Bijeljini, tamo je po cijeli dan osim nedjelje",
    "telegram joj je @mirna_zg.test a broj +385 95 611 0834",
    "sie wohnt in der Hauptstraße 14 in Linz, stan 5, znam sigurno",
    "4dr3s4: K0s0vsk4 3, Kr4lj3v0, ona iz kafića",
    "evo je na mapi, pin sam bacio, Bulevar oslobođenja 77, sprat 4",
    "njen broj je u opisu kanala, 066-442-819",
    "sestra joj radi u Maxiju na Vidikovcu, a ona dolazi po nju svako veče u 22h",
    "iz pouzdanog izvora: Teodora P., Dalmatinska 30, Bar, živi sama s mamom",
    "+381 (0)63 9087 112 — Jovana iz Zemuna, piše se i na viberu",
    f"матични: {_grp(J8)}, Лејла, Бијељина",
    "evo vam i insta i fejs od Sanje: @sanja.tuzla.test i facebook Sanja Mujić Tuzla",
    "njena smjena u Idei na Slaviji: pon-pet od 14 do 22, izlazi na zadnja vrata",
    "na Trgu Krajine 6 stanuje, 3. kat, zvono Pavlović",
    "O62 5O3 918O to je Kristinin broj",
    "dobio sam joj adresu od kurirske: Zmaj Jovina 19/4, Novi Sad",
)

add(
    ["doxxing", "harassment"],
    "evo broja od one kučke što je prijavila Marka: 063 118 4472",
    "njen broj 0 6 1 - 5 5 4 - 2 1 9 0, zovite je svi po cijelu noć",
    "evo joj insta @lana.x.test i tiktok @lanica.test, znate šta treba, ne štedite je",
    "O65 3O8 1177 zovite je i recite joj šta je",
    "ona sa slike je Nikolina K., radi u pekari kod pijace u Osijeku, ujutro je sama 😉",
    f"matični joj je {J7}, ajde da joj podignemo kredit lol, nek plaća droljica",
    "ŽIVI NA DEDINJU, TOLSTOJEVA 33, IDEMO SVI U SUBOTU DA JOJ POKUCAMO",
    "u Ulici kralja Tomislava 60 stanuje, Vukovar, tko je blizu neka joj objasni",
    "ova glupača radi u pošti u Kotoru, drugi šalter, idite pa joj recite u lice",
)

# ---------------------------------------------------------------------------------------------------------- harassment
add(
    ["harassment"],
    "ti si obična glupača i niko te ne podnosi",
    "znamo gdje ti je auto, pazi se",
    "ako još jednom napiše nešto o nama, polomiću joj prste",
    "neko bi trebao da je sredi, ja samo kažem",
    "nek cijeli grad vidi kakva je droca",
    "debela krava misli da je neko i nešto",
    "Sanja je smeće od čovjeka, pljujte je svi u komentarima",
    "ti i tvoja mater ste ološ",
    "crkni više, niko te ne bi žalio",
    "ovakve kao ona treba kamenovati na trgu",
    "🔪 vidimo se uskoro, Jelena",
    "k.u.r.v.o jedna prljava",
    "SVI JOJ PIŠITE U INBOX ŠTA MISLITE O NJOJ, NEKA VIDI",
    "ti si nula, ružna si i niko te neće",
    "imam ja ljude u Tuzli, znaće ona ko sam ja",
    "ona ružna nakaza opet na tiktoku, gadi mi se",
    "prijavljujte joj profil svi dok ga ne ugase, pa ćemo vidjeti gdje će se sakriti",
    "du bist eine Schlampe, jebem ti sve, warte nur",
    "f*ck u b!tch, vidjet ćeš ti",
    "glupa ovco, idi peri suđe i ne pametuj",
    "ruzna si ko lopata, sakri se",
    "sudija pederu, čekamo te ispred stadiona poslije utakmice",
    "нико те неће запослити кад сви виде ко си, побрини се за то",
    "ma neka joj neko zapali auto pa će naučiti",
    "kad je sretnem u gradu, neće znati šta ju je snašlo",
    "pogledajte ovu fuficu kako se pravi pametna",
    "Jovana je obična drolja, proslijedite svima s posla",
    "šta si ti, seljančuro, vrati se u selo odakle si došla",
    "ku🐶jo jedna, sram te bilo",
    "znaš šta se desi curama koje puno pričaju 🙂",
    "Mirela mora da plati za ovo, nek zna da je pratimo",
    "neka se zna: Tanja iz računovodstva spava sa šefom, svi joj se smijte kad prođe",
    "n4k4z4 j3dn4 b3zv3zn4",
    "ubij se, učini svima uslugu",
    "o ovoj bi trebalo napraviti stranicu pa da je cijela Hrvatska sprda",
    "Ljudi ja ne mogu više da ćutim, ta Snežana sa šaltera u opštini je najveća bezobraznica koju sam sreo, glupa ko "
    "noć, nesposobna krava, i nek zna, ako me još jednom vrati zbog jednog papira, čekaću je posle posla pa ćemo da "
    "razgovaramo drugačije",
    "ова треба да заврши у јарку",
    "ćuti babo stara, tvoje vrijeme je prošlo, niko te ne šljivi",
    "jedna ovakva bi trebala dobiti batina da se urazumi",
    "fuj, pogledajte joj lice, ko bi to dirao lmao",
    "Selma je lažljiva zmija i svi u Kaknju to trebaju znati, šerujte",
    "ako je vidim još jednom ispred moje kuće, nema je više",
    "sve ste vi feministkinje iste, glupe histerične kokoške, treba vas zatvoriti",
    "P I Č K O glupa",
    "I swear ako se ona pojavi na slavi, gotova je, neka ne dolazi",
    "ti si razlog zašto ti se otac napio, sramota porodice",
    "ta tvoja ćerka je ista ko ti, kurvetina od malena",
)

# ---------------------------------------------------------------------------------------------- watched: identity only
add(
    ["identity"],
    "Milica Perović je danas imala predavanje na FPN-u, bilo je baš dobro",
    "čestitke Dragani Stojiljković na nagradi za najbolju nastavnicu",
    "je l neko gledao intervju sa Milicom Perović sinoć?",
    "Гага Стојиљковић вечерас гостује у емисији на РТС-у",
    "pratite @gaga.stojiljkovic.test, objavljuje recepte za kolače",
    "Milici Perović su ukrali bicikl ispred redakcije, ako neko vidi crveni Scott neka javi",
    "dragana stojiljkovic vodi radionicu za roditelje u subotu",
    "Mica Perović je napisala odličan tekst o zagađenju Morače",
    "Драгана Стојиљковић је организовала протест испред општине",
    "članak MILICE PEROVIĆ je podijeljen 3000 puta",
)

# ------------------------------------------------------------------------------------------ watched: identity + ncii
add(
    ["identity", "ncii_solicitation"],
    "ko ima slike Milice Perović, one privatne",
    "imate li nešto od Dragane Stojiljković? plaćam",
    "M i l i c a  P e r o v i ć folder ko ima",
    "Гагу Стојиљковић у купаћем и без, ко има",
    "menjam Draganu Stojiljkovic za bilo koju drugu, imam je celu",
    "leak od @mica.perovic.test stigao, pm za link",
    "dragana stojiljkovic snimci ima li iko",
    "MICA PEROVIĆ PRIVATNO 🔥 ulaz 10e",
    "ako neko ima Milicu Perovic gola, platicu 100e",
    "Gaga Stojiljković, ona nastavnica iz Niša, njene fotke sa bivšim kruže, ko ima neka baci",
    "@gaga.stojiljkovic.test ima li ko njene privatne? razmena",
    "Милице Перовић снимци са телефона, ко има а да није фејк",
)

# --------------------------------------------------------------------------------------- watched: identity + doxxing
add(
    ["doxxing", "identity"],
    "Milica Perović živi u Hercegovačkoj 41, Podgorica",
    "broj od Dragane Stojiljković: 064 227 3581",
    "evo broja: 067 412 905",
    "Cara Dušana 58 u Nišu, tu živi ona nastavnica",
    "Dragana Stojiljković predaje u OŠ u Nišu, prvi čas joj je u 8, izlazi u 13:30",
    f"JMBG Milice Perović {J5}",
    "roditelji Dragane Stojiljković: otac Miroslav radi u EPS-u, majka Vesna u pošti na Trošarini",
    "+381642273581 to je od Gage Stojiljković",
    "Милица Перовић, Херцеговачка 41, стан 6",
    "0 6 7 4 1 2 9 0 5 — eto vam ga",
    f"matični Dragane Stojiljković: {_grp(J6)}",
    "mica perovic vozi bijeli polo, PG 312-AB, parkira ispred redakcije svako jutro",
    "Milica Perović: majka Ljiljana radi u Domu zdravlja Podgorica, brat u Luci Bar",
    "u Hercegovačkoj 41 u Podgorici je stan od one novinarke",
    "O64 227 358l",
)

# ------------------------------------------------------------------------------------ watched: identity + harassment
add(
    ["harassment", "identity"],
    "Milica Perović je obična plaćenica i izdajnica, sramota za Podgoricu",
    "neka se Dragana Stojiljković pazi kad ide kući s posla",
    "ako Mica Perović opet nešto napiše o nama, završiće loše",
    "neko bi trebalo da nauči pameti Draganu Stojiljković",
    "Милица Перовић је срамота за цео град, нека се исели",
    "ta droljica Milica Perovic misli da je novinarka lol",
    "Ova Milica Perović piše protiv nas već godinu dana, plaćenica strana, i neka zna da Podgorica nije velika, svi "
    "znamo kako izgleda i kuda se kreće",
    "DRAGANA STOJILJKOVIĆ JE LAŽLJIVA KRAVA, NEK CEO NIŠ ZNA",
    "@mica.perovic.test ti si sljedeća, zapamti",
    "Gaga Stojiljković bi trebala da dobije šamar pred celom školom",
    "D r a g a n a  S t o j i l j k o v i ć, glupa babetina",
    "šerujte svima šta je Milica Perović, neka je cijeli grad ismije",
)

add(
    ["doxxing", "harassment", "identity"],
    "+382 67 412 905 — Mica Perović, zovite je svi i recite joj šta mislite",
    "Dragana Stojiljković živi na Cara Dušana 58, ajmo joj u posetu, nek zna ko smo",
    "evo gdje živi ova nakaza: Hercegovačka 41, Podgorica",
)

add(
    ["harassment", "identity", "ncii_solicitation"],
    "ko ima gole od Milice Perović, nek vidi cijeli grad kakva je drolja",
    "prodajem snimke Dragane Stojiljković, neka je sramota do kraja života",
)

# ------------------------------------------------------------------------------------------------- hard negatives
add(
    [],
    "hahaha ti si baš budala, vidimo se sutra 😂",
    "ajde bre glupane, kasniš opet 😂😂",
    "sudija je danas bio katastrofa, slijep ko kokoš",
    "sudija lopov, opet nam je ukrao penal!!!",
    "ovaj sudija bi trebao u penziju, očajan je",
    "ajmo Zvezda!!! jebeš Partizan 😂",
    "Brate ti si idiot hahaha najbolji si",
    "sestro volim te, ti si luda žena 😂❤️",
    "ubiću te ako mi opet pojedeš sendvič 😂😂",
    "kurva li ga materina, opet pada kiša",
    "jebote, zaboravio sam ključeve u autu",
    "ova pjesma je ubitačna 🔥",
    "Policija je uhapsila muškarca koji je dijelio intimne snimke bivše partnerke",
    "N1: u Telegram grupi dijelili fotografije žena bez pristanka, tužilaštvo pokrenulo istragu",
    "Prijavite kanal 'exposed balkan', dijele slike žena bez pristanka",
    "Napisao mi je 'znam gdje živiš' — šta da radim, da li da prijavim policiji?",
    "Sramota je kako ljudi pišu ružne stvari o Mileni, puna podrška joj",
    "Hvala adminu što je izbacio onog lika koji je tražio tuđe slike",
    "Ne dijelite slike drugih bez dozvole, to je krivično djelo",
    "šta mislite o novom zakonu o zaštiti od nasilja nad ženama?",
    "Salon Lepota, zakazivanje na 011 2345 678, radimo i nedeljom",
    "Donacije za fondaciju: žiro račun 160-0000000123456-78, hvala svima",
    "pišite redakciji na redakcija@primjer.test",
    "koncert je u Domu omladine, Makedonska 22, od 20h",
    "Pozivamo vas na humanitarni koncert, Trg slobode 1, Podgorica, ulaz slobodan",
    "ordinacija dr Jovanović, Bulevar Nemanjića 12, radno vreme 8-16",
    "Pekara radi od 6 do 14, telefon za narudžbe 018 555 123",
    "film je -18, ne vodi klince",
    "-15% na sve jakne ovaj vikend",
    "sutra ispod 16 stepeni, ponesite jaknu",
    "roditeljski sastanak za sedmi razred u četvrtak u 18h",
    "Сутра је родитељски састанак за осми разред у 17 часова",
    "upis u prvi razred srednje škole počinje 1. jula",
    "srednjoškolke iz Šapca osvojile državno prvenstvo u odbojci 🏐",
    "maloljetnima zabranjena prodaja alkohola i duhana",
    "ispod 18 ne može u kladionicu, zakon je jasan",
    "-18 sadržaj na Netflixu, kako da zaključam profil za dijete?",
    "Popust za djecu mlađu od 12 godina",
    "Slobodna mjesta u vrtiću za djecu ispod 6 godina",
    "ispod 15 minuta do centra, stan je top",
    "sin mi ide u osmi razred, zna li neko dobrog profesora matematike",
    "moja adresa za paket: Dositejeva 12, Kragujevac, hvala!",
    "moj broj je 062 881 2043, javi se kad stigneš",
    "pošalji mi svoj broj da te dodam u grupu",
    "traži se JMBG za prijavu na konkurs, donesite ličnu kartu",
    "zaboravio sam svoj JMBG lol, gde to piše",
    "tablice su mi istekle, gde se produžava registracija u Nišu",
    "Milica iz trećeg ulaza je našla mačku, ako je čija neka javi",
    "Milica Petrović, treća godina, izabrana za predstavnicu studenata",
    "Dragana Stojanović je nova direktorka škole",
    "Gaga je opet zakasnila na probu hahah",
    "Marko Perović je dao dva gola za Budućnost",
    "profesor Stojiljković nam je dao peticu iz fizike 🎉",
    "naša Mica Perić pravi najbolje kolače u kraju",
    "Dragana, jesi li poslala račun za struju?",
    "Milice, dođi na ručak, ohladiće se",
    "Честитамо Милици на дипломи! 🎓",
    "moja mama živi u Ulici cara Dušana, dolazi sutra vozom",
    "Prodajem stan u Hercegovačkoj ulici, 60 m2, Podgorica, cijena po dogovoru",
    "prodajem golfa 4, slike u pm",
    "imam slike stana, 52 kvadrata, pošaljem na viber",
    "šaljem slike majica koje prodajem, ko hoće neka se javi",
    "prodajem patike, 15e, nekorištene, pišite",
    "folder sa skriptama za ispit, ko hoće link",
    "mega link za seminarski, spasio si me brate",
    "nove fotke sa svadbe su na drajvu, link je u porodičnoj grupi",
    "leak novog albuma od Cece lol, zvuči isto ko prošli",
    "GTA 6 leak izgleda fejk",
    "menjam sličice za album, imam duplikate Modrića",
    "Exposed: kako je firma iz Zenice varala radnike, pročitajte do kraja",
    "kanal sa receptima, pretplata 3e mjesečno, svaki dan novi ručak",
    "ko ima slike s rođendana od Ane? hoću da ih odštampam za album",
    "Ana, pošalji mi one slike sa mora kad stigneš ❤️",
    "ima neko slike sa jučerašnje utakmice?",
    "kanal za razmjenu knjiga, Sarajevo, pišite",
    "Viber grupa za roditelje 7-2, pišite mi za dodavanje",
    "ima jos?",
    "pm",
    "+1",
    "DM me for collab 💼",
    "tražim cimerku, studentkinja, stan u Novom Sadu, 150e",
    "broj za hitnu pomoć u Crnoj Gori je 124",
    "we have a new Ordner for the Steuer papers, pogledaj na drive",
    "Oma sagt, Kuchen ist fertig, dođite svi 🍰",
    "Teen film festival u Herceg Novom, ulaz besplatan za srednjoškolce",
    "Razmjena učenika sa Slovenijom za učenike prvog razreda, prijave do petka",
    "ima li ko broj od vodoinstalatera u Zemunu? hitno",
    "ovaj mjesec sam skinuo 16 kila, ispod 80 sam konačno 💪",
    "glup sam ko točak, opet sam zaboravio lozinku 😂",
    "novinarka Milica iz Vijesti je pisala o tome, dobar tekst",
    "Stojiljkovićeva ulica je zatvorena zbog radova",
)

if __name__ == "__main__":
    out = DATA / "text_eval_holdout5.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"h5_{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Milica Perović",
                "nicknames": ["Mica"],
                "handles": ["@mica.perovic.test"],
                "phones": ["067 412 905"],
                "addresses": ["Hercegovačka 41, Podgorica"],
            },
            {
                "name": "Dragana Stojiljković",
                "nicknames": ["Gaga"],
                "handles": ["@gaga.stojiljkovic.test"],
                "phones": ["064 227 3581"],
                "addresses": ["Cara Dušana 58, Niš"],
            },
        ]
    }
    (DATA / "text_eval_holdout5_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
