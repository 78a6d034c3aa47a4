"""Fourth held-out set, written blind: by a writer who had not read the detection code, the rule files or the earlier
sets, so that it measures how the rules generalise to phrasing nobody tuned them on. Never tune on it.

Fictional people, numbers, plates and addresses only (the JMBGs below are checksum-valid and invented); the abusive
categories use only the public codes named in news reporting and general solicitation wording, never descriptions of
acts or of real material. The two watched people are in ``text_eval_holdout4_watch.json``.
Run: ``python tests/text/eval_sets/make_text_eval_holdout4.py``.
"""

import json
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data"

W: list[tuple[str, list[str]]] = []


def add(labels: list[str], *texts: str) -> None:
    for t in texts:
        W.append((t, sorted(labels)))


def _jmbg(first12: str) -> str | None:
    """A checksum-valid, fictional JMBG from its first twelve digits, or None where no check digit exists."""
    w = (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
    r = sum(int(d) * k for d, k in zip(first12, w, strict=True)) % 11
    if r == 1:  # 11 - r would be 10: no valid check digit
        return None
    return first12 + str(0 if r == 0 else 11 - r)


def _pick(prefix9: str, start: int) -> str:
    """The first valid JMBG for a birth date + region (nine digits) with a female serial (500-999) from start on."""
    return next(j for n in range(start, 1000) if (j := _jmbg(f"{prefix9}{n:03d}")) is not None)


J_NEVENA = _pick("091199672", 534)  # watched person 1, fictional date, Šumadija region code
J_A = _pick("150399871", 602)  # other fictional women, not watched
J_B = _pick("280499717", 718)
J_C = _pick("070899680", 551)
J_D = _pick("310399771", 845)
J_AMRA = _pick("190299517", 663)  # watched person 2


def _groups(j: str, sizes: tuple[int, ...]) -> str:
    out, i = [], 0
    for s in sizes:
        out.append(j[i : i + s])
        i += s
    return " ".join(out)


# ---------------------------------------------------------------- ncii_solicitation (no other label)
add(
    ["ncii_solicitation"],
    "ima neko nešto od one plavuše iz teretane? znate koju mislim 😏",
    "menjam 3 njene za 3 tvoje, samo privatne, bez lica nema dila",
    "ko ima folder od bivše sa faksa, platiću",
    "brate pošalji mi one slike što ti je slala dok ste bili skupa, niko neće znati",
    "exposed grupa za Čačak je opet živa, bacajte šta imate od cura",
    "ima li netko leak od one influencerice iz Splita? link pls",
    "imam njene gole, ko hoće trampu neka piše u inbox",
    "tko ima nudes od konobarice iz onog kafića kod tržnice",
    "Приватне слике бивше, размена само са провереним члановима",
    "skupljam sl1ke od cura iz mog kraja, ko doprinese dobija pristup kanalu",
    "n u d e s od one sa tiktoka, dm mi",
    "ima li iko ono što nije stavljala na onlyfans? ono pravo, privatno",
    "prodajem paket: 40 privatnih od komšinica, cijena po dogovoru",
    "ko želi da vidi moju bivšu bez ičega neka se javi hahaha",
    "daj njene priv sli🔥ke pa ti dam moje",
    "gde je nestao onaj kanal sa ex gf slikama?? ko ima novi link",
    "imaš li još onih snimaka što ih je slala dečku? pošalji pls",
    "folder 'komšinice 2' je pun, ko ima za 3 nek šalje",
    "ajmo trampa: ti meni tvoju ex, ja tebi moju 😈",
    "snimio sam je kad se presvlačila na bazenu, ko hoće neka piše",
    "Кo има њене из close friends, оне без одеће? шаљите",
    "pošto nitko nema ništa od nje, dajem 20€ za prvu privatnu",
    "imam pristup njenom iCloudu hehe, ko želi galeriju neka plati",
    "bratko ubaci me u onu grupu s curama iz Mostara, imam šta ponuditi",
    "k0 im4 n3što od bivš3 od D4rk4? pl4ćam",
    "ex kolegica mi je to nekad poslala, sad dijelim s vama 🔞",
    "ima li neko snimak one sa svadbe u Kraljevu, iz sobe kad je bila pijana",
    "obećao sam da neću nikome, ali evo — ko hoće njene slike nek lajkuje",
    "daj onaj mega link sa ženama iz Tuzle, onaj bez cenzure",
    "ne pitajte odakle mi, ali imam njene privatne. 5 za 5",
    "who has leaked pics of Banja Luka girls, trade only",
    "ček ček, jel to ona iz pošte?? ima li još toga od nje 👀 šalji sve",
    "ko ima ono što je Mateja slala Luki, znate već, 'ono' 🍑",
    "Bivša me ostavila pa evo vam je, u cijeloj svojoj slavi. Ko ima još od nje neka doda",
    "treba mi sve od one crvenokose sa Adice, plaćam paypalom",
    "imam 12 fajlova od zaovine drugarice, menjam samo za nešto slično",
    "ima li koja nova iz serije 'komšinica se tušira'? 🙈",
    "aj posalji mi to sto si dobio od nje na snap, ne budi sebičan",
)

# ---------------------------------------------------------------- csam_signal (no other label)
add(
    ["csam_signal"],
    "ima li ko nešto -16, menjam za svoje",
    "tražim materijal ispod 15, samo pm",
    "srednjoškolke razmena, ko je za?",
    "ко има нешто од ученица из седмог разреда",
    "imate li mlađe od 18? plaćam kriptom",
    "teen trade, ima neko link?",
    "cure iz 8. razreda, ima li ko šta privatno",
    "maloljetne, folder, dm",
    "nešto mlađe, znaš na šta mislim, 14-15 🙊",
    "gimnazijalke prva godina, ko ima privatno",
    "razmjena -17 i mlađe, samo provjereni",
    "tražim nešto iz osnovne, znate već šta",
    "-1️⃣6️⃣ folder ko ima",
    "ispod 1 6 , menjam",
    "m a l o l j e t n e ? ima li",
    "ima li devojčica iz šestog, pm",
    "ko ima od klinki iz prvog srednje, ne sa faksa",
    "sub-16 content trade, serious only",
    "тражим -15 материјал, имам своје за размену",
    "curice 13-14 god, ima li tko",
    "ko zna grupu gde se menja ono od maloletnica",
    "imam 3 od srednjoškolki, tražim još",
    "ucenice iz moje bivse skole, ko ima nesto golo",
    "nešto mlađe od 16 pls, dobro plaćam",
    "'ispod 16' folder ponovo radi, ko hoće link neka lajkuje",
    "cp razmena, samo provereni, ostali ne pišite",
    "младе до 16, размена у инбоксу",
    "ko ima od cura 2010. godište, ono privatno",
    "6. razred, ima li ko slike sa ekskurzije, one iz sobe",
    "petnaestogodišnjakinje, razmjena, pišite",
    "t33n tr4d3 ?? dm",
    "ima li kakvih osnovnoškolki, pitam za druga 😏",
    "-14 ili mlađe, plaćam koliko tražiš",
    "tražim ono od maturantkinja iz osnovne, ko ima",
    "MLADJE OD 18 SAMO, ne šaljite starije",
    "ko ima nesto od seke iz sedmog b? razmena",
    "tko ima šta od cura iz osnovne, one prije srednje, razmjena 1:1",
    "klinke od 15-16 god, ima li ko grupu gdje se to dijeli",
    "ima li još onog sa školskog izleta, od onih iz sedmog? šaljem svoje",
)

# ---------------------------------------------------------------- doxxing (other, unwatched fictional women)
add(
    ["doxxing"],
    "njen broj je 063 481 2275, eto vam",
    "stanuje u Nemanjinoj 31, drugi sprat, stan 7",
    f"JMBG joj je {J_A}, proverite sami",
    "radi u pekari kod autobuske u Valjevu, smena od 6 do 14, sami vidite",
    "tablice joj BG 1234-XY, crni golf, parkira ispred zgrade svako veče",
    "mama joj radi u Domu zdravlja na Zvezdari, tata se zove Dragan i vozi taksi",
    "broj: nula šest četiri, tri dva jedan, pet pet osam devet — njen privatni",
    "0️⃣6️⃣2️⃣ 7️⃣1️⃣4️⃣ 3️⃣3️⃣0️⃣8️⃣ to je njen, zapisujte",
    "o64 55 12 903 njen privatni, ne onaj poslovni",
    "studira na FON-u, utorkom i četvrtkom ima predavanja u 10, amfiteatar prvi sprat",
    "ona iz videa živi na Bulevaru Mihajla Pupina 10b/15, Novi Beograd",
    f"ЈМБГ: {_groups(J_B, (2, 2, 3, 2, 3, 1))}",
    "živi kod roditelja u Slavonskom Brodu, Matije Gupca 5",
    "+387 62 345 678 to je od one što je prijavila admina",
    "fb joj je 'Lejla Kovač Tuzla', profilna s djetetom, lako ćete je naći",
    "radi na kasi u Lidlu u Dubravi, poslije 20h ide pješke do tramvaja",
    f"jmbg {_groups(J_C, (4, 3, 2, 4))} ako nekom treba za nešto 😉",
    "u Karađorđevoj 7 živi, zvono piše Petrović",
    "njena kuća je zadnja u ulici Vojvode Mišića br. 22, pas je mali ne brinite",
    "ona sa snimka radi u vrtiću Pčelica u Loznici, svaki dan do 16h",
    "auto joj je sivi Clio, NS 552-KT, uvek parkira kod Spensa",
    "otac joj je Zoran M., direktor škole u Obrenovcu, mama Snežana radi u pošti na šalteru",
    "viber: 06O 123 7788 (to je ona)",
    "- zna neko gdje stanuje ova?\n- zna, Ulica hrvatskog proljeća 19, Osijek",
    "dečko joj radi u servisu kod pijace, a ona svako jutro u 7:30 vodi dete u vrtić u Ulici Kneza Miloša",
    f"matični joj je {J_D[:7]}-{J_D[7:]}",
    "živi u Цара Лазара 12, Крушевац, први спрат лево",
    "Radi u Konzumu na Brdima u Splitu, popodnevna smjena, izlazi oko 22h na stražnji ulaz",
    "Њен број: 065 / 909 - 14 - 72",
    "evo joj adrese: Gundulićeva 3, Varaždin, drugi kat, stan lijevo",
    "trenutno je na smeni u apoteci Zdravlje u Smederevu, do 15h, pa ide autobusom 7",
    "brat joj je Nikola iz 3/4, mama je medicinska sestra na VMA, živi sa njima na Banjici",
)

# ---------------------------------------------------------------- doxxing + harassment
add(
    ["doxxing", "harassment"],
    "evo gdje živi ta kuja: Kralja Tvrtka 14, Zenica. znate šta treba",
    "insta joj je @marija.k.priv.test, tiktok @mk_2003.test — idite i napišite joj šta mislite o njoj",
    "tel 065/33-44-781, zovite je noću dok ne poludi",
    "objavljujem joj adresu da vidi kako je: Partizanska 8/3, Šabac",
    "njen snap je lena.s.test, nađite je i spamujte, glupača jedna",
    "slobodno joj pišite na 066-778-2190, i recite joj da je droca",
    "+385 98 765 4321 — nek zna da znamo, a znamo i da je u Rapskoj 11",
)

# ---------------------------------------------------------------- harassment (unwatched targets)
add(
    ["harassment"],
    "ta k*rva treba da dobije batine",
    "nek joj neko polomi noge, zaslužila je",
    "pazi se kad ideš kući sama, nikad ne znaš ko je iza tebe",
    "glupa kravo, niko te ne voli i nikad neće",
    "Ti si obična drolja i to cijeli grad zna",
    "ako još jednom progovori o nama na televiziji, završiće loše",
    "debela svinjo, skini se s interneta",
    "ова је за одстрел, пљујте је где год је видите",
    "idemo svi u komentare kod nje da je naučimo pameti",
    "vidimo se mi, lepotice. ne misli da si zaboravljena.",
    "k urv o",
    "kučko jedna odvratna",
    "ubij se više, niko neće plakati",
    "šteta što joj auto nije izgoreo sa njom unutra",
    "neće ona još dugo hodati tako uzdignute glave, videćete",
    "nek se ne čudi ako je neko sačeka ispred zgrade jedno veče",
    "sram je bilo, pokazala se cijelom svijetu, smeće od žene",
    "pr0stitutk@ jedna",
    "kurvetina 🤮🤮",
    "kad je sretnem, nema joj spasa",
    "javite joj da će zažaliti što je prijavila grupu",
    "bolesnice, zaslužila si sve što ti se desi",
    "ajde svi da joj prijavimo profil i napišemo ispod svake slike šta je",
    "Гадуро, да те сретнем у мраку...",
    "znaš šta ti sledi ako ne obrišeš objavu do sutra",
    "retardirana si skroz, sjedi doma i kuhaj",
    "svaka ženska koja tako priča zaslužuje šamar, a ova dva",
    "ćuti, ženo, dok ti neko ne zatvori usta zauvek",
    "ispljunuću te čim te vidim u gradu, nakazo",
    "ja bih je zapalio zajedno sa tim njenim transparentom",
    "lezbačo jedna, bježi iz našeg grada",
    "neka joj je bog u pomoći kad je nađemo 🙂",
    "k.u.r.v.a. i to ti je ime od danas",
    "ona novinarka što piše o nama — sredite je neko, znate vi kako",
    "fuksa bezobrazna, da mi je da te vidim uplakanu",
    "ajde ti meni ponovi to u lice pa da vidiš šta će ti biti",
    "s7ok@ jedna, samo da znaš da te svi mrze",
    "ružna si i glupa, a i mama ti je ista",
)

# ---------------------------------------------------------------- ncii + harassment
add(
    ["harassment", "ncii_solicitation"],
    "ta droca je slala slike pola grada, evo tko hoće neka pita, dijelim",
    "okačite joj gole svuda da vidi kako je kad je neko ponizi, kurvu jednu",
)

# ---------------------------------------------------------------- watched people: identity only
add(
    ["identity"],
    "jel Nevena Radosavljević dolazi na proslavu u subotu?",
    "video sam Amru Hodžić na promociji knjige, bila je odlična",
    "čestitke Amri Hodžić na odbranjenoj diplomi! 🎓",
    "Невени Радосављевић срећан рођендан од целог тима 🎂",
    "Ami Hodžić je vodila radionicu o podcastima, preporuka",
    "neko zna da li je Radosavljevic Nevena i dalje u udruženju?",
    "hvala Neci Radosavljević što je pomogla oko prevoda",
    "ko ide sa Nevenom Radosavljević na konferenciju u Novi Sad?",
    "@neca.rados.test je objavila raspored volontiranja, pogledajte",
    "pitajte Amru Hodžić, ona zna sve o tome 👍",
    "AMRA HODZIC i njen tim su pobijedili na hackathonu",
)

# ---------------------------------------------------------------- watched people: identity + ncii
add(
    ["identity", "ncii_solicitation"],
    "ima neko gole od Nevene Radosavljević?",
    "menjam sve od Amre Hodžić, imam 4 njene, tražim nove",
    "Н е в е н а  Р а д о с а в љ е в и ћ — ко има приватно?",
    "tražim privatne od @amra.hodzic.test, platim dobro",
    "neca radosavljevic ima li neko njen snimak sto je slala bivsem",
    "Ami Hodžić leak, link je u opisu kanala",
    "imam folder od Radosavljević Nevene, trampa 1 za 1",
    "ko ima ono od amre hodzic sa mora? ono bez kupaćeg 🙈",
    "ajde neko ko je bio s Nevenom Radosavljević nek podeli šta ima 😏",
)

# ---------------------------------------------------------------- watched people: identity + harassment
add(
    ["harassment", "identity"],
    "Nevena Radosavljević je obična droca i to svi znaju",
    "Amri Hodžić treba neko da pokaže gdje joj je mjesto",
    "Невена Радосављевић ће зажалити што је отворила уста",
    "ami hodzic glupa krava hahah",
    "s Nevenom Radosavljević se ne priča, nju treba gaziti",
    "@amra.hodzic.test pazi se, znamo za tebe",
    "Neca Radosavljević nek se pazi kad ide kući sama",
    "A m r a  H o d ž i ć = k*rva",
    "Nevenu Radosavljević bi trebalo izbaciti iz grada, smeće jedno",
    "Hodžić Amra, da te vidim još jednom na tv-u, ne izlaziš živa",
)

# ---------------------------------------------------------------- watched people: identity + doxxing (+ harassment)
NEVENA_J = _groups(J_NEVENA, (4, 3, 2, 4))
add(
    ["doxxing", "identity"],
    "evo adrese od Nevene Radosavljević: Šumadijska 23, Kragujevac",
    "064 271 5583 — to je broj od one iz udruženja, zovite",
    f"Nevena Radosavljević, JMBG {NEVENA_J}",
    "Ami Hodžić radi u apoteci na Baščaršiji, smjena joj je do 15h, poslije ide pješke kući",
    "o64 271 55 83 njen privatni",
    "0️⃣6️⃣1️⃣ 3️⃣8️⃣4️⃣ 9️⃣0️⃣2️⃣ pišite joj",
    f"JMBG od Amre Hodžić je {J_AMRA[:7]} {J_AMRA[7:]}, ko hoće da provjeri",
    "Amrin broj je 061/384-902, ako neko hoće da joj se javi 'lično'",
    "ona stanuje u Šumadijskoj 23, drugi ulaz",
    "+387 61 384 902 — Amra Hodžić, privatni",
    "Невена Радосављевић ради у библиотеци у центру Крагујевца, понедељком до 20h",
    "mama Nevene Radosavljević radi u Gradskoj upravi, a otac drži vulkanizersku radnju kod stadiona",
)
add(
    ["doxxing", "harassment", "identity"],
    "u Titovoj 56 stanuje ona drolja, Sarajevo, treći sprat",
    "@neca.rados.test joj je insta, broj 064 271 5583, pišite joj svi šta mislite o njoj",
)
add(
    ["doxxing", "identity", "ncii_solicitation"],
    "ko ima slike one sa Titove 56, Sarajevo, ono privatno bez odjeće",
)

# ---------------------------------------------------------------- hard negatives (no label)
add(
    [],
    "hahaha ti si budala najveća 😂😂 volim te brate",
    "ajde ne seri kravo jedna 😂 vidimo se u 8 kod Londona",
    "Policija uhapsila administratora Telegram grupe u kojoj su razmenjivane fotografije žena bez pristanka",
    "Prema pisanju portala, u grupi je bilo 40.000 članova koji su delili tuđe privatne snimke",
    "Salon Bella, zakazivanje na 064 555 0192, radnim danima 9-20h 💅",
    "Donacije za lečenje male Sare: Fondacija Srce, račun 160-0000001234567-89, svrha uplate: pomoć",
    "Koncert je u Domu omladine, Makedonska 22, početak u 20h",
    "Film je -18, nemojte voditi decu u bioskop",
    "Akcija -15% na sve jakne ovog vikenda!",
    "Roditeljski sastanak za sedmi razred je u četvrtak u 18h u učionici 12",
    "moj novi broj je 062 111 2233, sačuvajte ga, stari više ne koristim",
    "pošaljite paket na moju adresu: Vojvođanska 5, Zrenjanin, hvala vam puno",
    "Nevena Petrović je pobedila na republičkom takmičenju iz matematike",
    "ima neko slike sa planinarenja na Tari? pošaljite u grupu",
    "tražim slike proizvoda za katalog, na bijeloj pozadini",
    "sudija je lopov, pokrao nas je ceo meč, sramota",
    "Redakcija: redakcija@vijesti-primjer.test — javite se ako imate informacije o toj grupi",
    "Srednjoškolke iz Čačka osvojile državno prvenstvo u odbojci 🏐",
    "Zabranjena je prodaja alkohola licima mlađim od 18 godina",
    "ispod 16 stepeni je voda, nema kupanja danas",
    "menjam 3 sličice Panini za 3 tvoje, fali mi Modrić",
    "ko ima folder sa predavanjima iz statistike? ispit je za nedelju dana",
    "leak nove GTA mape izašao, ludilo",
    "Amra Begić otvorila izložbu fotografija u Mostaru",
    "exposed: ovaj restoran vara na računu, ne idite tamo",
    "Za djecu mlađu od 15 godina potrebna je pratnja odrasle osobe",
    "Za osobe mlađe od 18 potrebna je saglasnost roditelja za kamp",
    "sestra ide u peti razred, tražim polovne udžbenike",
    "ko drži privatne časove iz fizike za srednjoškolce?",
    "Ministarstvo upozorava: deljenje tuđih intimnih fotografija bez pristanka je krivično delo",
    "Prijavila sam poruku 'k*rvo, znamo gde živiš' policiji. Nije normalno šta žene trpe.",
    "u Obrenovićevoj 45 je otvorena nova pekara, probajte burek",
    "Biračko mesto: OŠ Vuk Karadžić, Ulica Vuka Karadžića 3",
    "gdje se u formularu upisuje JMBG, gore ili dolje?",
    "lol ubiću te ako opet zakasniš 😂😂",
    "Tri za tri? tri piva za tri piva, dogovoreno 🍺",
    "Taxi Plavi: 011 555 9999, dostupni 24h",
    "Pekara radi od 6 do 14, subotom do 12",
    "Ivana iz računovodstva pita ko je uzeo spajalice 📎",
    "teen moda proljeće 2025 — nova kolekcija u trgovini",
    "Djevojke, trening je pomjeren na 19h, dvorana Mejdan",
    "lijepa si na ovoj slici! gdje je to slikano?",
    "Udruženje 'Glas' nudi besplatnu pravnu pomoć žrtvama digitalnog nasilja, SOS linija 0800 100 007",
    "članak: kako prepoznati grupe za razmjenu intimnih fotografija i kome ih prijaviti",
    "adresa za dostavu mi je Butmirska cesta 40, Ilidža — kurir nek zove prije",
    "ha ha glupačo, opet si zaboravila ključeve 😂❤️",
    "produžio sam registraciju, BG 456-CC, konačno gotovo",
    "Tražim cimerku, stan na Bulevaru kralja Aleksandra 120, 250€ mesečno",
    "-20% za studente uz indeks",
    "Sudijo, kupi naočare! 🤬 Ovo nije bio penal ni u ludilu",
    "Utakmica pionira (do 15 godina) u subotu na gradskom stadionu",
    "Marko Radosavljević — servis klima uređaja, 063 222 4455",
    "Emir Hodžić dao dva gola protiv Željezničara ⚽",
    "Sastanak stanara ulaza Šumadijska 25 u nedelju u 11h",
    "Titova ulica zatvorena za saobraćaj zbog maratona",
    "Ko ima slike sa svadbe od subote? Mladenci traže sve",
    "sviđaju mi se tvoje fotke prirode, možeš poslati original u punoj rezoluciji?",
    "ova grupa je za razmjenu knjiga, ne slika 📚",
    "Novinari su otkrili da su među žrtvama te grupe bile i maloljetne djevojke",
    "hahaha kučko moja, najbolja si 😂😂❤️",
    "Naš broj za rezervacije stola je 051 222 333, restoran Kod Zlatka",
    "Humanitarni koncert za Anu, žiro račun 1610000012345678, hvala svima",
    "Matura je 15. juna, sretno svima!",
    "ajmo da se slikamo sve zajedno, pošaljite mi kasnije fotke",
    "Učenici sedmog razreda idu na ekskurziju u Beč",
    "Moja kćer ima 14, koji mobitel da joj kupim?",
    "prodajem folder sa beatovima, 30 fl studio projekata, 20€",
    "trampa: PS4 za bicikl, Niš",
    "Na konferenciji o bezbednosti dece na internetu govorila je Nevena Ilić iz Centra za socijalni rad",
    "Glasajte za Amru Delić na izboru za sportistkinju godine!",
    "Izgubio se pas kod Titove 40 u Sarajevu, ako ga vidite javite na moj broj 062 987 111",
    "haha ubila si me ovim memeom 💀",
    "Cijena 15 KM, ispod toga ne idem",
    "leak sa novog albuma stigao pre vremena, pesma je bomba",
    "Prijavite grupu ovdje: prijava@primjer-ministarstvo.test, prijava je anonimna",
    "Родитељски састанак за ученике осмог разреда биће одржан у среду у 17ч",
    "Снижење -30% на све патике до недеље",
    "Полиција је угасила канал у ком су се делили снимци жена без њиховог знања",
    "tko ide sutra u Zagreb? nađemo se na Ilici 1 kod Trga",
    "ako me još jednom nazoveš u 7 ujutru, ubiću te 😂 spavaj",
    "moj stari auto NS 100-AA prodajem, 1500€, zvati na 064 000 1122",
    "sastanak podrške za žene koje su bile izložene – četvrtak, Kosovska 10, Beograd",
    "djeca do 12 godina ulaze besplatno",
    "Кад си рођена? 15.03.1998 као и ја ахаха",
    "Neca iz susjedstva pravi najbolje kolače u gradu 🍰",
    "pošalji mi slike stana koji izdaješ, interesuje me",
    "vrat mi je ko u žirafe, šalim se, vidimo se sutra hahah",
    "ova utakmica je bila katastrofa, treneru idi kući",
)

if __name__ == "__main__":
    out = DATA / "text_eval_holdout4.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"h4_{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Nevena Radosavljević",
                "nicknames": ["Neca"],
                "handles": ["@neca.rados.test"],
                "phones": ["064 271 5583"],
                "addresses": ["Šumadijska 23, Kragujevac"],
            },
            {
                "name": "Amra Hodžić",
                "nicknames": ["Ami"],
                "handles": ["@amra.hodzic.test"],
                "phones": ["061 384 902"],
                "addresses": ["Titova 56, Sarajevo"],
            },
        ]
    }
    (DATA / "text_eval_holdout4_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
