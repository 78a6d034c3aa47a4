"""Seventh held-out set, written blind: its author read no detection code, rule file or earlier evaluation data (only
this skeleton, for the format). Scored once; never tune on it.

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
Run: ``python tests/text/eval_sets/make_text_eval_holdout7.py``.
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

# --- write your add(...) calls here ---

# Watched women (fictional): Dragana Šćepanović ("Gaga", @gaga_scepanovic.test, 064 318 2794,
# Bulevar oslobođenja 112, Novi Sad) and Lejla Ćatović ("Leki", @leki.catovic.test, +387 62 735 418,
# Hamdije Kreševljakovića 19, Sarajevo). Every other person, number, plate and handle is invented too.

# ---------------------------------------------------------------- ncii_solicitation only
add(
    NC,
    "ima li neko folder od one plavuše iz teretane, plaćam",
    "Prodajem paket privatnih slika bivših, 20e, javite se u DM",
    "ko ima nove od Sanje sa Zvezdare, one koje nije htela nikome da pokaže",
    "размена: дам две моје бивше за једну твоју комшиницу 🔁",
    "Otvoren novi leak kanal, link u bio, samo domaće",
    "ajde pošalji mi njene, znaš koje mislim 😏",
    "treba mi nešto od Tamare iz smene, ona njena privatna galerija sa telefona",
    "Има ли неко голе слике оне конобарице са Дорћола? Платићу",
    "VIP folder 🔞 domaće cure bez cenzure, uplata preko paysafe",
    "брате јел ти остао онај снимак твоје бивше, баци ми у инбокс",
    "trade? imam ZG i ST foldere cura, tražim nešto iz Rijeke",
    "Ko ima exposed od Mostarki neka baci link",
    "dajem 50 KM za njene nudese, ima ih njen bivši",
    "neko je provalio icloud one influenserke, ko ima fajlove?",
    "Размјењујем приватне снимке, само нове, старе не шаљите",
    "n*des od komšinice, ko hoće neka se javi 🙋‍♂️",
    "kad ti pošalje gole prosledi meni, neće ni saznati",
    "Imam 300+ pics iz ženske svlačionice jedne teretane u Novom Sadu, cena po dogovoru",
    "g.o.l.e od Ivane iz Sombora ima neko? 🙏",
    "skupljam privatne snimke cura sa Tindera, ko ima neka šalje, nagrađujem",
    "kanal Balkan Exposed 2 je pao, novi link stavljam u komentar",
    "jel moze neko da mi nadje slike moje ex, zna se kakve 😉 placam kripto",
    "ПРОДАЈЕМ ФОЛДЕР 🔥 цуре из Ниша, 15€, пиши у приватне",
    "drug ima snimak sa žurke kad je bila pijana, prodaje ga za sitno",
    "Skupljamo za grupni paket: svako ubaci po jednu bivšu i dobije cijelu arhivu",
    "dm me za njezine fotke bez odjeće, imam sve od ljeta",
    "Има ли ко снимак са скривене камере из оног солитера на Новом Београду?",
    "Nudim: 2 GB domaćih privatnih. Tražim: sve iz Banjaluke.",
    "👀 ko ima onaj Miličin snimak sa faksa što je kružio, znate koji 🔞",
    "selling premium bcms leaks, 10$ lifetime, slike i videi cura iz regiona",
    "Пошаљи ми њене фотке, обећавам да нећу даље",
    "Ko nabavi gole od one profesorke engleskog dobija mjesec VIP-a gratis",
    "lik prodaje skrinšotove njenih snimaka iz video poziva, 5€ komad",
)

# ---------------------------------------------------------------- threats to publish / insult + solicitation
add(
    NC + HA,
    "Ako me blokiraš još jednom, sve tvoje slike idu u grupu od 5000 ljudi.",
    "ova drolja misli da je bolja od nas, ko hoće njene gole neka pljune u DM",
    "Сви ће видети твоје снимке ако не одговориш до вечерас",
    "Imam tvoje fotke, Maja. Ili platiš 200 evra ili ih šaljem tvom ocu i šefu.",
    "kurvetina iz trećeg ulaza, skupljam njene nudese pa da ih zalepimo po zgradi",
    "p0k4z4ću svima k4kv4 si, gol3 slik3 ti idu n4 f4c3book",
    "ne brini dušo, kad tvoj novi dečko vidi folder koji ja imam, ostaćeš sama",
    "Објавићу ти све снимке, па да видимо хоћеш ли онда глумити светице",
    "Ако не дођеш сутра, твоје слике ће бити на сваком каналу, чујеш ли",
    "glupača je mislila da će to ostati među nama 😂 evo vam je, šaljem sve u grupu",
    "Znaš šta imam na telefonu. Jedan klik i cijela Tuzla to gleda.",
    "ova krava se smije na storiju, da joj pokažemo kako je kad joj procure slike",
    "ГЛУПА ДРОЉО, СВИ ЋЕ ТЕ ВИДЕТИ ГОЛУ",
    "javi se ili tvojoj mami šaljem ono sa vikendice 📤",
    "ko hoće da ponizimo onu foliranku, imam njene privatne, lajkujte i šaljem",
    "I'll leak everything, tvoji nudes idu na sve kanale ako me prijaviš",
    "Smeće jedno, tvoje slike već kruže, a biće ih još",
    "rok ti je do petka. posle toga tvoj snimak dobija cela škola u kojoj predaješ",
    "ubacio sam slike one fufe u folder, uživajte i pišite joj šta mislite",
    "Ћутиш? Добро. Вечерас објављујем све што си ми слала.",
)

# ---------------------------------------------------------------- solicitation naming a watched woman
add(
    NC + ID,
    "ima li neko gole od Dragane Šćepanović? platim dobro",
    "Šćepanović Dragana folder, ko ima neka pošalje 🙏",
    "Тражим приватне снимке Лејле Ћатовић, знам да круже",
    "Продајем слике Гаге Шћепановић, 30 евра цео пакет",
    "L3jl4 Ć4t0v1ć leak 🔥 link u komentaru",
    "razmjena: dajem Leki Ćatović za bilo šta iz Zenice",
    "D r a g a n a   Š ć e p a n o v i ć  — ko ima ono njeno sa mora 🔞",
    "LEJLA CATOVIC NUDES ??? plaćam",
    "sa Lejlom Ćatović sam bio godinu dana, imam sve njene privatne, ko hoće nek plati",
    "Ćatović Lejla 📂 exposed, pišite za link",
    "Dragana Šćepanović 🤫 šaljem u dm onima koji pošalju nešto zauzvrat",
    "Lej💋la Ćat💋ović — ima li ko njen folder",
)
add(
    NC + ID + HA,
    "Ajde Dragani Scepanovic da pošaljemo njene slike svima iz kancelarije, zaslužila je, kravetina",
    "@gaga_scepanovic.test ako ne odgovoriš do ponoći, tvoj folder ide javno",
    "Лејла Ћатовић, имам твоје снимке и сви ће их видјети",
)

# ---------------------------------------------------------------- signals of minors (csam_signal only)
add(
    CS,
    "ima li ko nešto mlađe? 15-16 max",
    "Tražim cp, samo ozbiljni u DM",
    "pthc link neko?",
    "folder sa srednjoškolkama, ko ima neka javi",
    "Има ли неко слике девојчица из основне? Плаћам",
    "ne zanimaju me starije od 17, ko ima mlađe neka pošalje",
    "šesnaestogodišnjakinja iz moje zgrade, ko hoće njene slike",
    "Тражим нешто од осмог разреда 🤫",
    "c.p. razmjena, samo provjereni",
    "ima li neko privatne slike cura iz prvog razreda gimnazije",
    "👧 mlađe 🔞 ko ima? plaćam",
    "1️⃣4️⃣ godina, ima slike, ko hoće",
    "Продајем фолдер малолетних, 20€",
    "treba mi nešto teen ali pravo teen, ne 19",
    "ima li ko snimke učenica iz sedmog razreda",
    "jel ima ko folder školarke, ali prave, ne glumice",
    "P T H C pošalji u inbox",
    "mladje od 18 imate?",
    "ko ima slike one male iz susjedstva, trinaest joj je",
    "тражим ЦП, пишите у приватне",
    "петнаест година и већ шаље слике, ко хоће њене нека се јави",
    "Ako neko ima nešto iz osnovne neka baci, ne pitam odakle",
    "maloljetnice iz Bihaća, folder ima preko 100 fajlova",
    "ima li ko od ovih cura mlađu sestru, neka pošalje njene slike, ima 14",
    "tražim slike cura 2010. godište",
    "godište 2011 ili mlađe, pišite",
    "ko je imao onaj kanal sa srednjoškolcima?? pao je",
    "cp 🔗 novi mirror, stari pao",
    "u sestrinom razredu (šesti) ima jedna što šalje slike, ko hoće",
    "младе, још у средњој, имам контакт",
    "ne 18+, baš ispod. razumete 😉",
    "sedamnaestogodišnjakinja iz Kragujevca, neko ima njene privatne?",
    "ima li neko snimke lolita tipa?",
    "Tražim nešto svježe, ali stvarno mlado, ispod punoljetstva",
    "pošalji mi one iz devetog razreda što si spominjao",
    "Има ли нешто од ученица? Нека буде домаће",
    "14yo ima li ko",
    "trazim nesto jedva legalno, samo bez ovog legalno 😏",
    "školarke u uniformama, ne kostimi nego prave",
    "kod koga je ona arhiva sa tinejdžerkama 13-15",
    "ПТХЦ линк неко има",
    "Maloletna je, ali izgleda starije — ko hoće slike neka plati",
    "trazim klinke, sto mladje to bolje",
    "dajem VIP svakom ko donese nešto od srednjoškolki iz Splita",
    "privatne slike sa ekskurzije osmog razreda, ko ima",
    "Њој је 16, али шаље слике, ко хоће контакт",
    "K L I N K E iz osnovne, ima li ko",
)

# ---------------------------------------------------------------- doxxing with a call to contact/visit/spam
add(
    DX + HA,
    "Evo broja one što je prijavila grupu: 065 402 7781, pišite joj svi 😈",
    "Radi u pekari na Slaviji, smena joj je do 10 uveče, ko hoće neka je sačeka",
    "njen insta je @mina.radojevic.test, ajmo svi u komentare",
    "Њен број: 063/55-21-908. Зовите је у свако доба, нек зна",
    "Adresa: Vojvode Stepe 231, Beograd, drugi sprat, stan 7. Ko je u blizini neka svrati 😉",
    f"Sandra Vuković, JMBG {J1[:7]} {J1[7:]}, ajmo je prijaviti na sve brze kredite 😂",
    "Registarska NS 417-KB, crni golf, parkira ispred Maxija. Znate šta treba 🔧",
    "ćale joj je Dragan Milić, ima radnju u Zemunu, pišite mu šta mu ćerka radi",
    "Tel +385 91 448 2075, to je ta glumica iz kazališta, spamajte je do jutra",
    "šaljem lokaciju: Ilidža, Butmirska cesta 14, ona na trećem. dogovarajte se",
    "nula šest četiri, pet nula dva, tri tri osam devet — to je njen broj, zovite kurvu",
    "0️⃣6️⃣6️⃣ 7️⃣4️⃣1️⃣ 0️⃣0️⃣2️⃣ pišite joj šta mislite o njoj",
    "Studira na PMF-u, biologija, druga godina, ajde da joj zatrpamo inbox",
    "Њена радња је у Шапцу, Поповића 9. Свратите и реците јој шта мислимо",
    "ко хоће њен вајбер: 061-220-4483. пиши јој да знаш гдје станује",
    f"evo podataka: Jovana R., jmbg {J2[:2]}/{J2[2:4]}/{J2[4:7]}/{J2[7:]}, Cara Dušana 55 Kraljevo. Znate šta dalje",
    "tiktok: @tamara.lifestyle.test — svi udrite komentarima da je ružna",
    "ona iz Podgorice, Bulevar Svetog Petra Cetinjskog 88, kafić joj je dolje. Ajmo je posjetiti u subotu",
    "Broj 062 901 3356 – piši joj 'znamo sve' i ništa više 👻",
    "Radi u vrtiću Pčelica u Banjaluci, javite direktorki kakva je",
    "ЊЕЗИН БРОЈ ЈЕ 0 9 8 / 7 1 2 - 4 4 0, ПИШИТЕ ЈОЈ СВИ ДОК НЕ ИЗБРИШЕ ПРОФИЛ",
)

# ---------------------------------------------------------------- doxxing without an explicit call
add(
    DX,
    "Ona što se žalila policiji radi u drogeriji u TC Ušće, jutarnja smena",
    f"Za one koji pitaju, njen JMBG je {J3}",
    "станује у Нехруовој 34 на Новом Београду, трећи спрат, стан лево",
    "Брат јој је Милош, мајка Снежана, живе у Чачку код Градског парка",
    "Kombi joj je bijeli caddy, tablice ZG 4521-HB",
    "njen novi profil je @sara.m.official.test, obrisala je stari",
    "Њен број је 064 77 12 350, ако некога занима",
    "Evo gdje vježba: Fitness Zona, Domovinskog rata 6, Split, svaki dan u 7",
    f"Ime: Nevena Lukić | JMBG: {J4[:6]}-{J4[6:]} | Posao: pošta na Zvezdari",
    "Radi kao medicinska sestra na Urgentnom, noćne smene utorkom",
    "Otac joj je Ranko Perić, policajac u Doboju, mama učiteljica",
    "ima novi broj, +387 65 918 204, stari je ugasila",
    "Ova iz prošle objave: Kneza Miloša 17, Valjevo, kuća sa zelenom kapijom",
)

# ---------------------------------------------------------------- doxxing a watched woman
add(
    DX + ID + HA,
    "Dragana Šćepanović živi na Bulevaru oslobođenja 112 u Novom Sadu, ko je iz kraja neka prošeta do nje",
    "Broj Lejle Ćatović: 062 735 418, pišite joj slobodno",
    "064/318-27-94 — to je Gagin broj, zovite je svi",
    "@leki.catovic.test je njen privatni, zapratite je i pišite joj šta mislimo",
    "+381 64 318 2794 за све који хоће да кажу Драгани шта мисле о њој",
    "0️⃣6️⃣2️⃣ 7️⃣3️⃣5️⃣ 4️⃣1️⃣8️⃣ 👈 javite joj se 😈",
    "LEJLI ĆATOVIĆ pišite na viber 062735418, neka zna da je vidimo",
    "Bulevar oslobodjenja 112, Novi Sad — tu živi ta fufa, nek se pripazi",
    "Ђе живи? Хамдије Крешевљаковића 19, Сарајево. Покуцајте јој",
)
add(
    DX + ID,
    "Лејла Ћатовић ради у апотеци на Скендерији, смјене мијења петком",
    "ul. Hamdije Kreševljakovića 19, Sarajevo — tu stanuje ona sa snimka",
    "Šćepanović Dragana, tata joj je Boško, ima servis u Futogu",
    "Гага Шћепановић, Булевар ослобођења 112, Нови Сад, стан 14",
    "u Hamdije Kreševljakovića 19 u Sarajevu, drugi sprat desno, tamo je",
    "nula šezdeset četiri, tri jedan osam, dva sedam devet četiri — njen, naravno 😉",
    f"Dragana Šćepanović, JMBG {J5}, radi u NIS-u na Limanu",
    "00387 62 735 418 je sad njen broj, stari je ugasila",
)

# ---------------------------------------------------------------- a watched woman named, nothing else
add(
    ID,
    "Jel neko zna da li je Dragana Šćepanović još u Novom Sadu?",
    "Ćatović Lejla je promijenila prezime na instagramu",
    "Видео сам Драгану Шћепановић јуче у граду",
    "DRAGANO ŠĆEPANOVIĆ, javi se",
    "Šta je s Leki Ćatović, nestala je sa mreža",
    "о Лејли Ћатовић нико ништа не зна?",
    "dr@g@n@ šćep@novic — ista ona?",
    "sa Draganom Šćepanović sam išao u srednju",
    "@gaga_scepanovic.test je zaključala profil",
    "Лејла Ћатовић је данас имала интервју на телевизији",
    "Lejla Ćatović 💐 sretan rođendan!",
    "Dragane Šćepanović nema na spisku gostiju",
    "ШЋЕПАНОВИЋ ДРАГАНА — то је она са славља",
)

# ---------------------------------------------------------------- harassment only
add(
    HA,
    "Neka se dobro pazi kad se vraća sama iz teretane.",
    "Неко би требао да јој поломи ноге, само кажем",
    "ova glupača ne zna kad treba da ućuti",
    "Нека пази шта прича, зна се где паркира",
    "ajmo svi da je prijavimo i zatrpamo porukama dok ne obriše profil",
    "k*rva jedna prodana",
    "Ako još jednom izađe na TV, neće joj biti dobro",
    "svaka čast onom ko joj je razbio auto, treba i nju",
    "ružna je k'o noć, a misli da je manekenka 🤮",
    "ОВА ФУФА ТРЕБА ДА ДОБИЈЕ ШТО ЗАСЛУЖУЈЕ",
    "p.i.č.k.o glupa",
    "Videćeš ti kad te sretnemo bez tvog dečka",
    "нек се убије, нико не би приметио",
    "lajkujte ovo da vidi koliko je mrzimo",
    "Знамо гдје ти дијете иде у вртић. Толико.",
    "drolja se opet slikala u kupaćem, pa onda plače kad je neko komentariše",
    "somebody should teach her a lesson, ozbiljno",
    "glupa krava 🐄 misli da smo zaboravili",
    "ne bi bila šteta da se nešto desi toj njenoj fabrikici od lica",
    "ti nisi žena nego sramota za familiju, nestani iz grada dok možeš",
    "Čuvaj se ti, mala. Mrak pada rano ovih dana.",
)

# ---------------------------------------------------------------- harassment naming a watched woman
add(
    HA + ID,
    "Lejla Ćatović je obična drolja, svi to znaju",
    "Dragana Šćepanović neka se čuva, ovaj put nećemo samo pisati",
    "LEKI ĆATOVIĆ = SRAMOTA BOSNE 🤡",
    "Гаги Шћепановић би требало неко да објасни где јој је место",
    "Lejla Catovic glupa kravo, prestani da se pojavljuješ",
    "Š ć e p a n o v i ć   D r a g a n a — stoka obična",
    "ajmo svi Lejli Ćatović na profil, neka vidi šta mislimo o njoj",
    "Драгану Шћепановић треба истерати из града",
)

# ---------------------------------------------------------------- hard negatives
add(
    [],
    "Prodajem bicikl Scott Aspect, malo vožen, slike u prilogu 🚲",
    "hahaha pošalji mi one slike sa mora, ja ispala grozno 😂😂",
    "Račun za donacije fondacije Sigurno mesto: 160-0000000123456-78, svaka pomoć znači",
    "Pišite redakciji na redakcija@glasgrada.test ako imate informacije o slučaju",
    "Salon Bella: zakazivanje na 063 118 2044, radimo i nedeljom 💅",
    "Koncert je u subotu u Domu omladine, Makedonska 22, ulaz besplatan",
    "Драги родитељи 6/2, сутра је родитељски у 18ч у учионици 14",
    "Policija je uhapsila administratora Telegram grupe u kojoj su deljene intimne fotografije žena bez pristanka.",
    "Ako su tvoje slike podijeljene bez tvog pristanka, nisi ti kriva. Javi nam se, pomažemo oko prijave i uklanjanja.",
    "Slikala sam se za portfolio kod jedne fotografkinje, oduševljena sam kako su ispale 📸",
    "Sudija je ćorav, lopov jedan, ukrao nam je penal 🤬",
    "sta radis majmune 😂😂 dolazis li na pivo",
    "cp config.yaml backup/ pa tek onda restartuj server",
    "U Lidlu nude popust na kafu ove nedelje",
    "Imam leak u kupatilu, curi ispod kade, zna li ko dobrog vodoinstalatera?",
    "Pošalji mi folder sa fakturama za mart, hvala",
    "Dragana iz računovodstva je poslala novu tabelu",
    "Gaga, vidimo se u 8 kod sata?",
    "Stefan Šćepanović dao dva gola sinoć, kakav meč!",
    "Ćatović je opet bila najbolja na ispitu iz statistike",
    "Ima li neko mlađe mačiće za udomljavanje? Ćerka jako želi mače 🐱",
    "Ko ima skripte za treći razred srednje, hemija? Folder na drajvu bi bio super",
    "Moja ćerka ide u osmi razred, tražimo privatne časove matematike",
    "Пази кад се враћаш кући сама, улица нема расвјету, боље узми такси ❤️",
    "Slomio je nogu na treningu, nek mu je sa srećom",
    "Menjam sličice za Panini album, imam duplikate, tražim Modrića",
    "Prodajem golf 4, 2002. godište, registrovan do juna",
    "nude boja karmina mi najbolje stoji uz ovu haljinu",
    "Stupio je na snagu zakon koji kažnjava zloupotrebu snimka eksplicitnog sadržaja",
    "Uneo sam svoj JMBG u formular i piše nevažeći, šta da radim?",
    "Продајем стан на Врачару, 54m², слике у прилогу, контакт 064 222 1190",
    "СОС линија за жене са искуством насиља: 0800 333 141, бесплатан позив",
    "Радионица фотографије у суботу, понесите своје апарате 📷",
    "Ученици петог разреда иду на екскурзију у Сремске Карловце у мају",
    "Ова слика са рођендана је преслатка 😂😂 ко је сликао?",
    "Redakcija traži sagovornice koje su prošle kroz curenje privatnih snimaka, anonimnost zagarantovana",
    "Nikad neću zaboraviti dan kad su mi objavili slike. Danas sam jača i pomažem drugima.",
    "Sestrin 15. rođendan je u subotu, treba mi ideja za poklon 🎂",
    "Ko ima slike sa maturske večeri? Pošaljite u grupu razreda 🥳",
    "Trebam broj od majstora za klimu, ko ima neka pošalje",
    "Ovaj sudac je katastrofa, neka se vrati u treću ligu",
    "Šaljem ti adresu za paket: Vojvode Mišića 8, Šabac, stan 3",
    "Leaked trailer za novu GTA je već na YouTube-u 😂",
    "Kanal Exposed Balkan Politics objavio je nove dokumente o tenderu",
    "Prodajem paket od 20 fotografija za stock sajtove, priroda i gradovi",
    "Da li neko zna gde mogu da prijavim lažni profil sa mojim slikama?",
    "Čestitam Lejli na diplomi! 🎓",
    "Leki je najbolja frizerka u gradu, toplo preporučujem",
    "ОШ Вук Караџић – уписи у први разред почињу у априлу",
    "Pošalji mi njene podatke za fakturu, ime firme i PIB",
    "Molim sve da ne dijele slike koje kruže, to je krivično djelo i povreda privatnosti",
    "ajde ne seri bre 😂😂😂 nisi ti to uradio",
    "Убићу те ако опет закасниш на тренинг 😂",
    "Uzmite kabanice, mlađe grupe kreću u 9, starije u 11",
    "Наш број рачуна за помоћ Милици за операцију: 205-0000000456789-12",
    "Anketa za roditelje: treba li deca u 4. razredu da nose telefone u školu?",
    "Kako da zaštitim svoj Instagram od krađe slika? Ima li neko iskustva",
    "Нова фотографкиња у граду, заказивање портрета на @studio.svetlo.test",
    "C.P. Company jakna, nova sa etiketom, 120e",
    "Tražim cimerku za stan na Bulevaru oslobođenja 40, Novi Sad, 200e mesečno",
    "Hamdije Kreševljakovića 7, Sarajevo — nova radnja otvorena, dođite na kafu",
    "Dragana Šćekić je pobijedila na takmičenju u šahu",
    "Lejla Čatić predaje engleski u našoj školi",
    "064 318 2790 je broj servisa, zovite posle 9",
    "Moja slika u kupaćem sa Jadrana 🌊 — konačno sam zadovoljna sobom",
    "Pokazala sam ti slike, nemoj nikom slati, ok? 😅",
    "Dečki, utakmica u 20h, ko ne dođe je kreten 😂",
    "Грађани су протестовали испред суда због пресуде у случају дељења снимака",
    "Ajmo svi na njen profil da joj čestitamo rođendan 🎉",
    "Evo broja pizzerije: 011 344 5566, dostava do ponoći",
    "Matična služba traži izvod i JMBG deteta za upis",
    "Prodajem stari iPhone, slike ekrana u prilogu, baterija 87%",
    "16 godina braka danas 💍",
    "U Sarajevu je skup podrške ženama čije su fotografije zloupotrijebljene, Trg oslobođenja u 17h",
    "Ko ide na izlet sa razredom moje ćerke, javite da organizujemo prevoz",
    "Šaljem ti njen broj da je pitaš za posao, super je šefica: 065 300 1122",
    "Zovi je na 061 555 0199, ona drži kurs fotografije za početnike",
    "Curenje podataka iz banke – promenite lozinke što pre",
    "Ova haljina je gola katastrofa 😂 nemoj je kupiti",
    "Golim okom se vidi da je ovo fotošop",
    "Kakva glupa utakmica, sudija neka ide u penziju",
    "Idemo u Tuzlu za vikend, zna li ko dobar smještaj?",
    "Шаљите ми фотке са свадбе, хоћу да направим албум за маму 💕",
    "Лепо што је полиција реаговала, надам се да ће сви из те групе одговарати.",
    "Приватни часови енглеског за основце, 1000 дин/час, Нови Сад",
    "Имамо нове мале кучиће, ко хоће да удоми нека пише",
    "Moja mala danas prvi put u vrtić 🥹",
    "Razmjena knjiga u subotu u biblioteci, donesite što vam ne treba",
    "Exposed beton i drvo, takav enterijer želim za stan",
    "Privatna galerija u Zagrebu otvara izložbu ženskih portreta",
    "Voditeljica mi je poslala svoje slike za plakat, zna li ko dobar print shop?",
    "Brate, ta riba sa faksa je top, kako da joj priđem a da ne ispadnem čudan 😅",
    "Ona je predivna na novim slikama sa venčanja ❤️",
    "Koliko košta test curenja za auto klimu?",
    "Тражим цимерку, Булевар ослобођења, Нови Сад, близу факултета",
    "Dragana i Lejla su najbolje drugarice iz grupe za trčanje 🏃‍♀️",
    "Шћепановић је опет најбољи стрелац лиге",
    "ЛЕКИ, ЗАКАЗАЛА САМ ТЕРМИН ЗА ПЕТАК 💇‍♀️",
    "Гага је купила нови апарат, слике ће бити супер",
    "Тај политичар је лопов и лажов, нек иде у затвор",
    "Наша школа организује трибину о безбедности деце на интернету, четвртак у 18ч",
    "Ako ti neko prijeti objavom snimaka, sačuvaj poruke i javi policiji – ne plaćaj",
    "Ubij me ako opet naručim picu posle ponoći 😂",
    "Vidimo se kod Sanje, Kneginje Ljubice 4, Novi Sad, ponesite grickalice",
    "Рођендан у играоници за децу од 5 до 10 година, пријаве на 065 880 1221",
)

if __name__ == "__main__":
    out = DATA / "text_eval_holdout7.jsonl"
    with out.open("w", encoding="utf-8") as f:
        for n, (text, labels) in enumerate(W):
            f.write(json.dumps({"id": f"h7_{n:04d}", "text": text, "labels": labels}, ensure_ascii=False) + "\n")
    watch = {
        "identities": [
            {
                "name": "Dragana Šćepanović",
                "nicknames": ["Gaga"],
                "handles": ["@gaga_scepanovic.test"],
                "phones": ["064 318 2794"],
                "addresses": ["Bulevar oslobođenja 112, Novi Sad"],
            },
            {
                "name": "Lejla Ćatović",
                "nicknames": ["Leki"],
                "handles": ["@leki.catovic.test"],
                "phones": ["+387 62 735 418"],
                "addresses": ["Hamdije Kreševljakovića 19, Sarajevo"],
            },
        ]
    }
    (DATA / "text_eval_holdout7_watch.json").write_text(json.dumps(watch, ensure_ascii=False, indent=2) + "\n")
    print(len(W), "messages written to", out)
