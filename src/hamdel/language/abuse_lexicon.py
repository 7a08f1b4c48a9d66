"""The words of ``language.abuse``: insults, their contexts, curses and threats (data only).

Persian entries are written as people spell them; ``language.abuse`` folds them to keys (Arabic forms,
half-spaces, runs of one letter) the same way as the text it searches. Add a word here, add a case to
tests/language/test_abuse.py and a line to data/abuse/, and run bench/abuse.py.
"""

from __future__ import annotations

# Persian suffixes a name-calling word takes when it is said to someone («احمقا»، «بیشعورید»، «عوضی‌ها»).
PERSON_SUFFIXES = ("", "ها", "ا", "ای", "ی", "ید", "ین", "یه", "ه", "های", "هایی", "ت", "تون", "ه‌ای")
LATIN_SUFFIXES = ("", "s", "a", "e", "i", "id", "in", "ha", "aye")

# Stems said of a person; any of the suffixes above. Each is an insult on its own.
STEMS = """
احمق الاغ اولاغ بیشعور بی‌شعور نفهم عوضی پفیوز بیشرف بی‌شرف بیناموس بی‌ناموس حرومزاده حرامزاده پدرسوخته
بی‌پدر بیپدر بی‌پدرومادر مادرجنده ننه‌جنده جنده کسکش کس‌کش کسخل کسشر کسشعر جاکش قرمساق دیوث لاشی لاشخور
کونی کیری اسکل عقب‌مونده خنگ کودن بی‌عرضه بیعرضه بی‌لیاقت بیلیاقت بی‌همه‌چیز بی‌وجود نکبت
پست‌فطرت رذل مفتخور انگل شارلاتان زنیکه مرتیکه بی‌شخصیت بی‌تربیت بی‌سواد خاک‌برسر
خاکبرسر کثافتا آشغالید کثافتید بی‌فرهنگ پدرسگ سگ‌پدر توله‌سگ گوه‌خور گه‌خور
"""
# Words that are insults only as they stand (a suffix makes an everyday word: «خرید»، «کسی»، «گهگاه»).
BARE = """
خر خری خرا گه گوه کیر ریدم ریدی ریدید گمشو گمشید گم‌شو گم‌شید کثافت‌ها
"""
# Everyday words as well as insults: not after these words (food and pets, mostly).
NOT_AFTER: dict[str, tuple[str, ...]] = {
    "گاو": ("شیر", "گوشت", "پنیر", "کره", "چرم", "ماست", "دامداری", "پرورش", "شاخ", "مثل"),
    "حیوون": ("غذای", "غذا", "اسباب‌بازی", "دکتر", "خونگی", "مخصوص"),
    "خر": ("سواری", "گاری"),
    "gav": ("shir", "gusht", "goosht", "panir"),
}
# …nor before these (word starts): «جنس عوضی فرستادید» is "the wrong item", «گه گاه» is "now and then".
NOT_BEFORE: dict[str, tuple[str, ...]] = {
    "عوضی": ("فرستاد", "ارسال", "گرفت", "اومد", "امد", "رسید", "تحویل", "زد", "داد", "بود", "شد", "اورد"),
    "گه": ("گاه", "گدار", "گداری"),
    "گاو": ("صندوق",),
    "gav": ("sandogh", "sandog", "sandugh"),
    "حیوون": ("خونگی", "خانگی"),
}
# Spellings that are everyday words although a stem and a suffix make them (a pier, a skeleton, rudeness).
EVERYDAY = {
    "اسکله",
    "اسکلت",
    "بی‌تربیتی",
    "بی‌سوادی",
    "بی‌لیاقتی",
    "بی‌فرهنگی",
    "بی‌شخصیتی",
    "بی‌عرضه‌ای",
}

# An insult said of oneself is not abuse («خنگ بودم که خریدم»، «منِ احمق»).
SELF_AFTER = ("بودم", "شدم", "هستم", "بودیم", "شدیم", "هستیم", "budam", "bodam", "shodam", "hastam")
SELF_BEFORE = ("من", "man")

FINGLISH_STEMS = """
ahmagh ahmaq ahmagha olagh olaq ulagh bishour bishoor bishur bisho'ur nafahm avazi pofyooz pofiuz pofyuz
bisharaf binamoos binamus haroomzade haromzade haramzade haroom-zade pedarsookhte pedarsukhte pedarsokhte
madarjende jende kaskesh koskesh koskhol kosesher jakesh lashi kiri oskol
goosale gusale aghabmoonde aghabmunde khengi kheng kodan ablah bieorze biliaghat pasfetrat mofkhor
khakbarsar khakbesar bitarbiat bisavad idiot moron bastard asshole fuck fucker fucking motherfucker shit
bullshit retard dumbass jackass
"""
FINGLISH_BARE = """
khar khari gav gooh gooz ridi ridam gomsho gomshid kesafata gavi
"""

# Two-word insults and orders to shut up or get lost, matched on keys joined by single spaces.
PHRASES_FA = """
خفه شو|خفه شید|خفه شین|خفه بشو|خفه بشید|خفه خون|خفه‌شو|خفه‌شید|گم شو|گم شید|گم بشو|گم شین|
شعور ندار|شعور نداری|شعور ندارید|شعور ندارین|خر فرض|خر گیر اوردی|خر گیر اوردید|خاک تو سرت|خاک تو سرتون|
خاک بر سرت|خاک بر سرتون|لعنت به شما|لعنت بهتون|لعنت بر شما|خدا لعنتتون|خدا لعنتت|لعنتتون کنه|
گه خوردی|گه خوردید|گوه خوردی|گوه خوردید|تف به|تف تو|کس ننت|کس نگو|کس شعر|کس شر|مادر جنده|
پدر سوخته|بی پدر|بی شرف|بی شعور|بی ناموس|حروم زاده|حرام زاده|عقب مونده|زبون نفهم|توله سگ|سگ پدر|پدر سگ
"""
PHRASES_EN = """
khafe sho|khafe shid|khafe shin|khafe besho|khafe khoon|khafeh sho|gom sho|gom shid|gom besho|
you stupid|you are stupid|youre stupid|
shoor nadari|shoor nadarid|shoor nadarin|khak too saret|khak to saret|khak bar saret|khak tu saret|
khak too saretoon|lanat be shoma|khoda lanatet|khoda lanatetoon|goh khordi|gooh khordi|pedar sookhte|
pedar sokhte|bi sharaf|bi shour|bi shoor|bi namoos|haroom zade|madar jende|aghab moonde|shut up|
fuck you|fuck off|son of a bitch|go to hell|piss off
"""

# Words that are everyday words as well as insults («آشغال‌ها رو بردن»، «گوشی لعنتی»، «دزدی شده»): insults
# only when said to people — called out («ای آشغال»), «یه مشت دزد», «شما کلاهبردارید», or a plural that
# opens the message («آشغالا جواب بدید»). Curses on the reader are insults with whatever follows them.
HARSH = "اشغال|کثافت|دزد|کلاهبردار|لعنتی|وحشی|مزخرف|بیخاصیت|بیمصرف|حیوان|شیاد|متقلب|حرامخور|حرومخور"
CURSES = rf"""
تف (به|تو) \S+
خاک (بر|تو) سر\S*
(سگ )?تو روح\S*
لعنت (به|بر) (شما|تو|\S+تون|\S+ت)
خدا لعنت\S*
(یه|یک) مشت ({HARSH})\S*
ای ({HARSH})(ا|ها|های)?
(شما|تو) ({HARSH})(ید|ین|اید|ی)
^({HARSH})(ا|ای)
"""

# Threats: the writer (first person) will hurt the reader (you) — Persian, then Finglish, on keys.
THREATS = r"""
(ب|می)?کش(م|یم)(ت|تون|تان|تو|ون)
(ب|می)?زن(م|یم)(ت|تون|تان)
می(زنم|زنیم) (تو )?(سرت|صورتت|دهنت|دهنتون|لهت)
حساب(ت|تو|تون|تونو|تانرا|شما) (رو |را )?(می|ب)?رس(م|یم)
حساب (تو|شما)(رو| رو| را)? (می|ب)?رس(م|یم)
(اتیش|اتش)(ت|تون|ش|شون)? (می|ب)?زن(م|یم)
(اتیش|اتش) (می|ب)?زن(م|یم)
به (اتیش|اتش) (می|ب)?کش(م|یم)
(ادم|مغازه|شرکت|دفتر|انبار|ماشین)(تونو|تونرو|تون|تو|ت|تان|و|رو)? (رو )?(اتیش|اتش) (می|ب)?زن(م|یم)
پدر(ت|تو|تون|تونو|شما) (رو |را )?(در ?میار(م|یم)|در ?می ?ار(م|یم)|در ?ب?یار(م|یم))
دهن(ت|تو|تون|تونو) (رو )?(سرویس|صاف) (می|ب)?کن(م|یم)
خون(ت|تو|تون|تونو) (رو |را )?(می|ب)?ریز(م|یم)
سر(ت|تو|تون|تونو) (رو )?(می|ب)?بر(م|یم)
(له|داغون|نابود|ناکار|ناقص|شل و پل)(ت|تون|تان) (می|ب)?کن(م|یم)
زنده(ت|تون)? (نمی|ن)(ذار|زار|گذار)(م|یم)
بلا(یی)? (سرت|سرتون|سر شما) (میار|میاور|درمیار)(م|یم)
(می ?دون(م|یم)|بلد(م|یم)) (کجا (زندگی|کار) (می ?کنی|می ?کنید)|خونت|خونتون|خونه ات|ادرس خونت)
جناز(ه|ه ی|ه‌ی)?(ت|تو|تون|تونو)
اسید (می|ب)?پاش(م|یم)
بمب (می|ب)?(ذار|زار|گذار)(م|یم)
mikosham(e)?t(oon|un)?
bekosham(e)?t(oon|un)?
mizanam(e)?t(oon|un)?
hesab(e)?(t|to|etoono|etoon|etun)( ro)? (mi|be)resam
atish(et|etoon|esh)? (mi|be)zanam
pedar(e)?(t|to|eto|etoono|etoon) (ro )?dar ?miaram
dahan(e)?(t|to|eto|etoono) (ro )?servis mikonam
zende(t)? nemizaram
"""
