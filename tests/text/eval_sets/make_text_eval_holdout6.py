"""Sixth held-out set, written blind: its author read no detection code, rule file or earlier evaluation data (only
the head and tail of make_text_eval_holdout3.py, for the format). Scored once; never tune on it.

Fictional people, numbers, handles and addresses only (every JMBG below is checksum-valid and invented); the abusive
categories use only the public codes named in news reporting and general solicitation wording.

Labelling conventions used here:
- a threat to publish someone's intimate pictures is "ncii_solicitation" and "harassment";
- signals of minors are "csam_signal" only (never also "ncii_solicitation");
- publishing a number/address/handle together with a call to message, spam or visit her is "doxxing" and
  "harassment";
- "identity" needs a watched woman's full name (any case, script, spacing or leetspeak, surname first too),
  nickname + surname, or her handle, phone or full address from the watch file; first name, nickname,
  surname or initial alone is not enough.
Run: ``python tests/text/eval_sets/make_text_eval_holdout6.py``.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W: list[tuple[str, list[str]]] = []


def add(labels: list[str], *texts: str) -> None:
    for t in texts:
        W.append((t, sorted(labels)))


def _jmbg(first12: str) -> str | None:
    """A checksum-valid, fictional JMBG from its first twelve digits (None where no check digit exists)."""
    w = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(d) * k for d, k in zip(first12, w, strict=True)) % 11
    if r == 1:
        return None
    return first12 + str(0 if r == 0 else 11 - r)


def _first_jmbg(prefix9: str) -> str:
    return next(j for n in range(512, 999) if (j := _jmbg(f"{prefix9}{n:03d}")) is not None)


J1 = _first_jmbg("150399618")  # BiH-style region, female serial
J2 = _first_jmbg("030899885")  # Vojvodina-style region
J3 = _first_jmbg("271100271")
J4 = _first_jmbg("090299417")
J5 = _first_jmbg("211299726")

ID = ["identity"]
NC = ["ncii_solicitation"]
CS = ["csam_signal"]
DX = ["doxxing"]
HA = ["harassment"]

# --- ncii_solicitation ---------------------------------------------------------------------------------------------
add(
    NC,
    "ima li neko nešto od one plavuše iz kafane Lipa? ono privatno, znate već 😏",
    "ко има њене голишаве слике, шаљите у инбокс",
    "tko ima privatne snimke od bivše od Dine, plaćam preko revoluta",
    "prodajem folder 'bivše', 40 komada, cijena u pp",
    "razmjena: dam svoju bivšu za tvoju, samo ozbiljni",
    "ajde bre neko da baci leak od one sa TikToka, sve je iscurelo juče",
    "link za exposed kanal? izbacili su me iz starog",
    "VIP kanal sa procurelim snimcima devojaka iz Niša, ulaz 20e, pišite adminu",
    "šaljem 10 eura za njene gole fotke, samo da su prave",
    "DM za paket 'komšinice', sve snimljeno krišom",
    "menjam: imam 3 od sestre od druga, tražim bilo šta novo",
    "mogu li dobit onu od petka, ono što je Mirza snimio dok ona nije znala",
    "skupljamo sve od cura iz Bihaća, ko ima nek baci u folder na drajvu",
    "Plati 5KM i dobiješ pristup, ima novih iz Mostara svaki dan",
    "kupujem privatne stvari od bivših, dobro plaćam, diskrecija zagarantovana",
    "daj dropbox link sa onim golaćkama od sinoć",
    "brate pošalji mi ono od Ane iz smjene, nikom neću reći",
    "šta imaš od ribica iz teretane? menjamo se 1 za 1 😉",
    "n u d e s od nje? bilo ko? 🙏",
    "prodajem zbirku 'ex girlfriends BCMS', 2GB, samo kripto",
    "netko ima nešto privatno od one s faksa, smeđa, radi u Konzumu?",
    "tražim kanal gdje se razmjenjuju slike bivših, ovaj je mrtav",
    "ajde ko ima onu fasciklu sa devojkama iz Kragujevca, ona što je kružila prošle nedelje",
    "imam njene snimke iz video poziva, ko da bolju ponudu?",
    "PRODAJA: privatne fotke cura, diskretno, cene od 3e",
    "ocjenjujemo slike koje su cure slale bivšima, šaljite svoje ulove",
    "jel ima ko onaj leak od sestara iz Zenice",
    "kanal 'procurelo BG' se vratio, 1000 din mesečno, devojke bez cenzure",
    "ima li ko nešto njeno što nije za insta? 😉 ona iz Zrenjanina, crvena kosa",
    "MJENJAM SVE ŠTO IMAM ZA SNIMAK OD DRUGARICE OD SESTRE",
    "pogledaj ovo, dobio sam njene golišave od bivšeg, hoćeš i ti?",
    "5 € za sve od one sa Tinder-a, i skrinove i ono drugo",
    "pr1v@tn3 sl1k3 od m@j3 iz bloka 45, ko ima?",
    "brate ja sam u Beču, ko ima njene private pics pošaljem lovu preko Western Uniona",
    "e đe je onaj folder sa đevojkama iz Bara, ko ga ima neka ga baci ovđe",
    "Ima li tko one slike od Marine što ih je bivši dijelio po kafićima?",
    "ko ima snimak iz svlačionice teretane u Banjaluci, plaćam dobro",
    "gg ez, btw ko ima nešto od one streamerke, ono što je obrisala 👀",
    "nudim: komplet od bivše iz Čačka. tražim: isto to, bilo ko",
    "Кад ће нови дроп? Обећали сте нове цуре из Новог Пазара",
)
add(
    NC + HA,
    "ako mi ne vrati pare, sve njene slike idu u grupu, nek zna",
    "ako me blokira opet, njene slike završe kod njenog ćaće na Viberu",
    "samo neka me ostavi, videće cela škola šta mi je slala 😈",
)
add(
    ID + NC,
    "ko ima nešto od Lejle Mujkanović? zna se šta tražim 🔥",
    "ima neko g0l3 sl1k3 od K r i s t i n e  L a l i ć?",
    "ima li neko snimak Leki Mujkanović, onaj privatni",
    "да ли неко има приватне слике Кристине Лалић, чуо сам да круже",
    "@lejla.mujk.test ima slike na drugom profilu, ko hoće neka piše meni za link",
    "bacite sve što imate od Kiki Lalić u ovu grupu",
    "plaćam 50KM za bilo šta privatno od lejla mujkanovic",
)
add(
    ID + NC + HA,
    "Kristina Lalić neka zna: ako ne odgovori do petka, njeni snimci idu na sve kanale",
)

# --- csam_signal ---------------------------------------------------------------------------------------------------
add(
    CS,
    "ima li ko nešto -16, menjam za svoje",
    "trazim materijal ispod 15, samo ozbiljni u pp",
    "ko ima devojčice iz sedmog razreda, pošaljite",
    "srednjoškolke folder, ko ima link",
    "razmjena maloljetne, samo inbox",
    "teen trade BCMS, ko zna novu grupu",
    "тражим нешто млађе од 18, плаћам",
    "ima li nesto sa klinkama iz osnovne? menjam",
    "mlađe od 16 = dupla cena",
    "-14 ? bilo sta, pm",
    "tko ima cure iz prvog srednje, slike",
    "imam paket 'gimnazijalke', menjam za -17",
    "ispod osamnaest, zna se šta tražim",
    "šaljem prvo, tražim isto mlađe od 17 🔞",
    "kanal sa devojčicama ispod 14, ulaz plaćen",
    "ima li ko 'škola' folder od prošle godine, iz 8. razreda",
    "tražim nešto od osmakinja, pm",
    "m.l.a.đ.e  o.d  1.6, menjam",
    "sedmi razred, ko ima nešto, plaćam paysafe",
    "CP razmjena, samo provjereni",
    "kupujem od maloletnica, diskretno",
    "-①⑥ link?",
    "treba mi folder 'teen' lokalno, samo BiH",
    "младе до 15 година, размена у инбокс",
    "ko ima šta od one klinke sa TikToka, ima 14 godina",
    "godište 2011, ko ima slike, menjam",
    "devojke iz OŠ, ima li ko nešto privatno",
    "under 16 trade, serbian or bosnian only",
    "prodajem paket maloljetnih, cijena u inbox",
    "ima li ko kontakt za grupu sa -15 materijalom",
    "trazim nesto ispod sesnaest godina, saljem kes",
    "MLAĐE OD 18 SAMO, ostalo me ne zanima",
    "jel ovo ona iz 6. razreda? ima li još od nje",
    "klinke 13-14, ko ima, pm odmah",
    "ispod 1️⃣6️⃣ ?? dm",
    "Has anyone got školarke? dajem svoje za njihove",
    "šesnaestogodišnjakinje iz Splita, netko ima nešto?",
    "ima li šta novo od učenica, one što još nisu punoletne",
    "deca do 15 g, razmena, ne pitaj javno",
)
add(
    CS + DX,
    "ova iz 8. razreda živi u Kosovskoj 12 u Prijepolju, ima li ko slike od nje",
)

# --- doxxing -------------------------------------------------------------------------------------------------------
add(
    DX,
    "živi u Ulici Maršala Tita 56, drugi sprat, stan levo",
    f"JMBG joj je {J1}, zna neko šta se može s tim",
    "radi u pekari kod stanice u Doboju, smjena od 6 do 14, svaki dan",
    "njen tata je Zoran, radi u EPS-u u Pančevu, majka Vesna na šalteru u Domu zdravlja",
    "tablice joj NS 482-KT, bela polo, parkira kod zgrade",
    "nova adresa: Kralja Petra I br. 14, Kikinda, ona što je pisala protiv nas",
    "iz Jevrejske 7 je ta, onaj žuti ulaz",
    "broj: nula šest četiri, tri tri dva, osam devet jedan nula — to je njen",
    "studira na PMF-u u Novom Sadu, treća godina, utorkom je u amfiteatru 4 od 10h",
    f"Sabina H. — jmbg {J2[:4]} {J2[4:7]} {J2[7:9]} {J2[9:]}",
    "stanuje u Kneza Miloša 33, a kola parkira ispred, sivi golf",
    "u Dubrovačkoj 5 stanuje, na 3. katu, na vratima piše Perić",
    "broj joj je 064-5O2-7I33, probaj",
    "evo gde radi: apoteka na Limanu 3, popodnevna smena, ona plava",
    "njen fb: facebook.com/dzenana.alic.test — tamo piše ko joj je muž i gdje radi",
    "Trg slobode 3/12, Subotica — tu živi ona što je prijavila Acu",
    "majka joj radi u opštini na šalteru 5, otac taksista, zove se Ranko, ona živi s njima",
    "ona sa Cara Lazara 17A, ona što je snimala policiju",
    "Lejla M. radi u Bingu na kasi, Tuzla, Slatina, svaki dan do 16h",
    f"лични број јој је {J3}",
    f"njezin JMBG {J4}, datum rođenja se vidi iz njega lol",
    "radi na recepciji hotela u Novom Sadu, noćna smena pon-sre, zove se Jovana Ristić",
    "u Ulici hrvatskih branitelja 12 stanuje ona s videa, Osijek",
    "e đe živi ta? u Hercegovačkoj 19, Podgorica, prvi sprat, zvono ne radi",
    "у Његошевој 40 станује, улаз из дворишта, она из продавнице",
    "+385 98 775 1204 ← to je broj one s kojom se svađao na forumu",
    f"Mirela Babović, JMBG {J5}, adresa Bulevar Svetog Petra Cetinjskog 77",
    "tata joj je direktor škole u Gračanici, a ona radi kod njega u sekretarijatu",
    "ova s videa vozi crveni pežo BG 771-ŽK, svako jutro je ispred vrtića u 7:30",
    "njen insta je @nina.pavlov.test, a privatni je @ninchy.priv.test, eto vam",
)
add(
    DX + HA,
    "evo joj broj 061 234 5581, nek joj svi pišu šta mislimo o njoj",
    "stanuje na Vojvode Stepe 201, ako neko hoće da joj pokuca na vrata noćas",
    "instagram joj je @mia.stojkov.test, tiktok isti, ajmo svi u komentare",
    "🏠 Bulevar Mihajla Pupina 88, stan 19 — tamo živi ta kurva",
    "snapchat: lana_ns_test, viber isti broj kao gore, spamujte je dok ne poludi",
    "mobitel 091/77-34-580 pa joj recite što mislite o njezinim tekstovima",
    "ulica Zmaj Jovina br. 4, interfon ne radi, samo lupajte dok ne izađe",
    "radi u Delhaize-u u Temerinskoj, kasa 3; idite pa joj recite u lice kakva je",
)
add(
    ID + DX,
    "Lejla Mujkanović, Titova 41, Tuzla. Sad znate.",
    "Кристина Лалић живи у Цара Душана 9, Зрењанин",
    "0 6 3 / 8 2 0 - 1 1 4 7 eto vam",
    "Kristina Lalic 063 8201147",
    "u Titovoj 41 u Tuzli živi, prvi sprat, ime na sandučetu",
    "062 417 3385 je njen broj, ko je tražio",
    "Mujkanović Lejla — radi u gradskoj upravi u Tuzli, šalter 2, od 8 do 15",
)
add(
    ID + DX + HA,
    "+387 62 417 3385 — pišite joj slobodno, zaslužila je 😈",
    "@kiki.lalic.test je ona iz Cara Dušana 9 u Zrenjaninu, javite joj šta mislite, svi",
)

# --- harassment ----------------------------------------------------------------------------------------------------
add(
    HA,
    "izgleda kao krava koja je naučila da se šminka",
    "ovu bi trebalo neko da nauči pameti, pa da vidi kako je",
    "ako je još jednom vidim u kafiću, neće se sama vratiti kući",
    "kakva sramota od žene, ni mater joj nije bila bolja",
    "ajmo svi da joj prijavimo profil dok ga ne ugase",
    "glupača nije ni za čistačicu",
    "doći će vreme kad će neko da joj zatvori usta zauvek",
    "Bravo genijalko, baš si nam pametna 👏🙄 idi peri sudove",
    "ружна као гроб, и још отвара уста",
    "svinja jedna debela, ko bi te uopšte pogledao",
    "spamujte joj inbox dok ne obriše nalog 😂😂",
    "šteta što joj niko nije slomio taj jezik dok je bila mlađa",
    "pogledaj joj noge, kao dve čačkalice, i to misli da je manekenka 🤣",
    "ta feministkinja će dobiti ono što zaslužuje, samo polako",
    "niko normalan ne bi oženio ovakvu, smeće od čoveka",
    "ako je ne otpuste, mi ćemo se pobrinuti da ode",
    "Jadnice, misliš da te iko sluša? Vrati se u selo odakle si došla",
    "PIŠITE JOJ SVI DA JE SRAMOTA ZA GRAD",
    "ova je gora od pacova, samo se vuče po kanalizaciji",
    "neko bi morao da joj objasni gde joj je mesto, ali ne rečima",
    "nek joj se desi isto što i onoj novinarki prošle godine",
    "debela, ružna i glupa, sveto trojstvo 🤮",
    "izdajnica, da joj se zna ime u celoj Srbiji",
    "mala, samo se ti smeši na tim slikama, videćemo se mi uskoro uživo 🙂",
    "prijavite je poslodavcu, neka ostane bez posla, zaslužila je",
    "krmača s fakultetskom diplomom, eto šta je",
    "ako dođe na protest, neka ponese kacigu 😉",
    "ne zna ni da kuva ni da ćuti, ne znam čemu uopšte služi",
    "ova bi trebala nestati s interneta, i ne samo s interneta",
    "kakva prostakinja, sigurno je tako odgojena u onoj rupi od kuće",
    "bolesna je u glavu, treba je zatvoriti negdje daleko od ljudi",
    "ajde sad da vidimo hoćeš li biti tako hrabra kad ti neko pokuca na vrata",
    "ta ne zna ni đe joj je glava, prava sramota za Nikšić, a i za famelju",
    "k.u.r.e.t.i.n.a obična, i to svi znaju",
    "s tim licem bolje da ne izlazi po danu 🙈",
    "NAPIŠITE SVI NJENOM MUŽU KOGA JE DOVELA U KUĆU",
    "sve vi feministkinje treba potrpati u jedan kamion pa daleko",
    "Ništa ti ne fali, osim mozga, obraza i bar deset kila manje 🙃",
    "жена која овако пише заслужује шамар, а не одговор",
    "ma ona je ko cesta, svi su prošli preko nje",
)
add(
    ID + HA,
    "Kristina Lalić je obična lažljivica i drolja, pitajte pola Zrenjanina",
    "l3jl4 mujk4n0v1ć = najveća k.u.r.v.a u Tuzli",
    "К р и с т и н а  Л а л и ћ треба да се стиди, цела фамилија јој је таква",
    "Leki Mujkanović opet se pravi pametna, neko da joj ugasi profil zauvijek",
    "@kiki.lalic.test bolje ti je da zaćutiš dok još možeš",
    "LEJLA MUJKANOVIĆ IZGLEDA KAO STRAŠILO, KO JE PUSTIO NA TV",
    "Kristinu Lalić treba istjerati iz grada, takve nam ne trebaju",
    "ajde svi na @lejla.mujk.test, komentarišite joj slike dok ne zaključa",
)

# --- identity only -------------------------------------------------------------------------------------------------
add(
    ID,
    "Lejla Mujkanović je danas gostovala na TV Tuzla, bila je odlična",
    "jel zna neko da li Kristina Lalić još vodi radionicu keramike?",
    "čestitke Lejli Mujkanović na odbranjenom doktoratu 🎓",
    "sa Kristinom Lalić sam išao u srednju, fina cura",
    "Лејла Мујкановић пише добре текстове о поплавама",
    "MUJKANOVIC LEJLA — ko je ovo uopšte, vidim je svuda",
    "zapratite @kiki.lalic.test, pravi nakit od stakla",
    "Kristine Lalić nema na spisku za seminar, neko da je javi",
    "L.e.j.l.a M.u.j.k.a.n.o.v.i.ć — zna li neko šta je bilo s tim projektom?",
    "videla sam Kiki Lalić juče na pijaci, baš je lepo ošišana",
    "Leki Mujkanović je nova predsjednica udruženja",
    "ko je bila ona Lejla Mujkanovic sto je pisala o ovim grupama?",
    "Кристини Лалић је додељена награда за волонтерство",
)

# --- hard negatives ------------------------------------------------------------------------------------------------
add(
    [],
    "Lejla je rekla da kasni 10 min",
    "Kiki, donesi punjač kad dođeš",
    "Marko Lalić je dao gol u 89. minuti 🔥",
    "Amela Mujkanović iz Lukavca prodaje stan, ko je zainteresovan",
    "mi smo u Titovoj, kod parka, dođi",
    "moja adresa za dostavu: Njegoševa 12, Podgorica, zovite na 067 111 2233",
    "rezervacije na 011 3456 789, frizerski salon Lana",
    "donacije: žiro račun fondacije 160-0000000123456-78, hvala svima",
    "pišite redakciji na redakcija@primjer.test",
    "koncert je u Domu omladine, Makedonska 22, u 20h",
    "ispod 16 stepeni u stanu, grejanje ne radi",
    "-18 napolju, Zlatibor ludilo ❄️",
    "mali mi ide u sedmi razred, ima li ko udžbenik iz fizike da proda",
    "prodajem folder sa skriptama za prijemni, 500 din",
    "imam fotke sa mature, ko hoće da mu pošaljem?",
    "ko ima slike sa svadbe od Dine i Amara? fotograf još nije poslao",
    "razmenjujem sličice Panini, fale mi još 3",
    "teen fiction preporuke? ćerka čita sve redom",
    "jebem ti kišu, opet poplavio podrum",
    "hahaha ti si najveći magarac u ekipi, volim te brate 😂",
    "Novinarka je dobila poruku 'znamo gde živiš' — to je krivično delo, prijavite to",
    "u ovoj grupi je neko tražio slike maloljetnica — prijavili smo grupu policiji i Telegramu",
    "moderator: ko deli tuđe privatne slike biće izbačen i prijavljen",
    "Ako vam neko preti objavom slika, javite se na SOS liniju, niste sami",
    "leak novog Call of Duty trejlera, izgleda brutalno",
    "exposed: kako banke skrivaju provizije — novi tekst na portalu",
    "ko ima link za utakmicu Zvezda–Partizan, stream",
    "prodajem iPhone 12, 64GB, 250e, Novi Sad",
    "VIP kanal za kladionicu, tiketi svaki dan, 10e mesečno",
    "ispod 15 eura ne ide, to mi je zadnja cena za bicikl",
    "mlađe od 18 nemaju ulaz u klub, ponesite ličnu",
    "srednjoškolke iz Zenice osvojile državno prvenstvo u odbojci 🏐",
    "maloljetne osobe ne smiju kupovati alkohol, piše na vratima",
    "moj broj je 064 123 4567, javi se za trening",
    "gde radi tvoja sestra? treba mi dobra frizerka",
    "tata mi radi u EPS-u, kaže da će struja doći do 5",
    "registracija mi ističe u petak, gde je najjeftiniji tehnički u Zrenjaninu?",
    "JMBG ne šaljite nikome preko poruka, to je prevara!",
    "tražim cimerku za stan u Tuzli, Slatina, 200KM",
    "idemo u Cara Dušana na pljeskavice",
    "Kristina iz računovodstva pita ko je uzeo njen šrafciger",
    "Lalić i Mujkanović odigrali sjajan meč u dublu",
    "trazim golmana za mali fudbal, utorkom 20h",
    "ti si glupa ko ja kad sam bila mala, hahah šalim se sestro ❤️",
    "kakva kravetina od utakmice, sudija bio slep",
    "'kurvo' su joj pisali ispod slike — ovo je ono što moramo prijaviti, ne ignorisati",
    "ovaj grad će me ubiti od dosade lol",
    "imam slike njene nove kuhinje, ispalo super, šaljem vam",
    "šta imate od ribe danas na pijaci? pastrmka, šaran?",
    "menjam 1 za 1, tvoj Pikachu za mog Charizarda",
    "ko ima nešto od Balaševića na vinilu? kupujem",
    "Lejla Hadžić, naša nova koleginica, počinje od ponedeljka",
    "sto broj 14, kod prozora, rezervisano na ime Kristina",
    "ulaz za žurku 500 din, DM za listu",
    "Ко има слике са јучерашње утакмице? Наш фотограф их је изгубио",
    "osmaci polažu završni ispit u junu, sretno svima!",
    "tražim nešto mlađe od 5 godina, auto, dizel, do 8000e",
    "deca ispod 14 godina besplatno ulaze u zoološki vrt",
    "prijavljujte svaki kanal koji deli tuđe slike bez pristanka 🙏",
    "ko ti je kriv kad navijaš za Hajduk 😂😂 pati sad",
    "Ajde bre ćuti, debilu jedan 😂 dođi na pivo",
    "Jedva čekam nove slike sa Lanine izložbe u galeriji",
    "IZLOŽBA: privatne kolekcije fotografija iz 1970-ih, Muzej grada",
    "Kupujem stare razglednice i fotografije Sarajeva, dobro plaćam",
    "snimak njegovog gola iz 90. minute, ko ima?",
    "deljenje tuđih intimnih snimaka bez pristanka je krivično delo — tekst u prilogu",
    "naša prodavnica: Kneza Mihaila 10, Beograd, radno vreme 9-21",
    "adresa škole je Bulevar cara Lazara 3, roditeljski sastanak u 18h",
    "telefon dežurne apoteke: 021 422 555",
    "dobro jutro ekipa, ko ide sutra na pecanje?",
    "poslala sam ti naše slike s mora, ne dijeli ih nigdje 😊",
    "za vakcinu ispod 16 godina treba saglasnost roditelja",
    "tvoja keva zove, kaže dođi na ručak 😂",
    "nova serija 'Exposed' na Netflixu je dosadna",
    "lepa si ko slika, sestro, srećan rođendan 💐",
    "ko je ostavio kišobran u autobusu 23?",
    "Hitno: izgubljen pas, zovite na 063 555 1212 (moj broj)",
    "folder sa slikama sa ekskurzije je na drajvu, roditelji mogu da skinu",
    "menjam gume 16 cola za 15, zimske",
    "stari, ona tvoja Leki je opet pobedila na kvizu 🏆",
    "novi broj taxi udruženja u Tuzli: 035 200 300",
    "Снимак седнице скупштине ко има? Треба ми за текст",
    "ne mogu više s ovim printerom, đubre jedno glupo",
    "Mujkanović je najčešće prezime u našoj ulici haha",
    "kanal je zatvoren, admini su prijavljeni zbog deljenja slika — dobro je",
    "tražim prevodioca za njemački, plaćam po stranici, Beč",
    "ispričala mi je Kristina da je položila vozački 🚗",
    "gledajte kakvu je tortu napravila moja keva, luda je žena 😂❤️",
    "ko ima beleške iz 2. razreda srednje, hemija? sestri trebaju",
)

if __name__ == "__main__":
    out = DATA / "text_eval_holdout6.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"h6_{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Lejla Mujkanović",
                "nicknames": ["Leki"],
                "handles": ["@lejla.mujk.test"],
                "phones": ["062 417 3385"],
                "addresses": ["Titova 41, Tuzla"],
            },
            {
                "name": "Kristina Lalić",
                "nicknames": ["Kiki"],
                "handles": ["@kiki.lalic.test"],
                "phones": ["063 820 1147"],
                "addresses": ["Cara Dušana 9, Zrenjanin"],
            },
        ]
    }
    (DATA / "text_eval_holdout6_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
