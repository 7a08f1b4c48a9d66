"""Hand-written Persian cue lexicons: polarity, negation, intensifiers, emotions, abuse and churn.

Why: the labelled corpus is customer-service text, but messages arrive from every walk of life. A cue
token («lex_pos», «neg_pos» for a negated positive, «emo_fear», …) lets the linear models learn one weight
for a whole word family from the corpus and apply it to words the corpus never saw. Words were written
for this project from general knowledge of Persian (formal and colloquial), never taken from an
evaluation set. Entries are in model form: no half-spaces, lower case.
"""

from __future__ import annotations

from functools import lru_cache


def _words(block: str) -> frozenset[str]:
    """Split a whitespace-separated block into a set; «_» inside an entry stands for a space."""
    return frozenset(w.replace("_", " ").replace("\u200c", "").lower() for w in block.split())


POSITIVE = _words(
    """
    خوب خوبه خوبی خوبیه عالی عالیه عالیی عالیست محشر محشره معرکه معرکست فوق_العاده فوقالعاده بینظیر بی‌نظیر
    بینظیره عاااالی زیبا قشنگ قشنگه خوشگل خوشگله دلنشین لذتبخش لذت لذیذ خوشمزه خوشمزست خوشمزس خوشمزه‌ای
    تازه داغ گرم تمیز مرتب منظم سریع سریعا بموقع به_موقع دقیق حرفه‌ای حرفه_ای حرفهای مودب مؤدب باادب خوشبرخورد
    خوش_برخورد خوشرو صبور مهربان مهربون دلسوز متعهد مسئولیت‌پذیر مسئولیتپذیر راضی راضیم رضایت خشنود
    ممنون ممنونم ممنونیم مرسی متشکر متشکرم متشکریم سپاس سپاسگزار سپاسگزارم تشکر ممنونتونم دمت_گرم دمتون_گرم
    دستتون_درد_نکنه دست_مریزاد خسته_نباشید قدردان قدردانی ایول آفرین احسنت باریکلا دمش_گرم عشقه عشق
    عاشق عاشقشم عاشقتونم دوستداشتنی دوست‌داشتنی خوشحال خوشحالم شاد شادم خوشبخت بهترین بهتر عالیترین
    کامل کاملا_راضی باکیفیت کیفیت_عالی ارزان ارزون مقرون_به_صرفه به_صرفه ارزشمند ارزش پیشنهاد_میکنم
    توصیه_میکنم حتما_بخرید حتما_امتحان موفق موفقیت راحت آسان آسون ساده کاربردی شیک نرم خوشبو تر_و_تمیز
    پرملات پرحجم زیاد سخاوتمند فوری پاسخگو پاسخگویی همکاری پیگیری_عالی گل طلایی ستاره ممتاز تاپ
    good great excellent perfect awesome amazing nice love thanks thank thx best happy satisfied
    khoob khob aali ali merci mersi mamnoon mamnun sepas ghashang awli
    👍 👌 ❤ 😍 😊 🙂 😀 😁 😃 😄 🥰 😘 🙏 💐 🌹 🌸 ⭐ 🌟 ✨ 💯 👏 🎉 💙 💚 💜 🧡 💛 😇 🤩 😋 ☺
    """
)

NEGATIVE = _words(
    """
    بد بده بدی بدترین بدتر افتضاح افتضاحه افتضاحه‌ای مزخرف مزخرفه چرت داغون داغونه افتضاحی ضعیف ضعیفه
    بیکیفیت بی_کیفیت بی‌کیفیت بیکیفیته کیفیت_پایین پایین نامرغوب تقلبی قلابی فیک خراب خرابه خراب_شده
    شکسته شکست معیوب ایراد ایرادی مشکل مشکلی مشکلات مشکلدار ناقص کم کمه ناکافی سرد سرده یخ یخزده بیمزه
    بی_مزه بی‌مزه بدمزه بدمزست شور شوره تلخ تلخه سوخته سوخت خام نپخته کهنه مونده بیات فاسد گندیده
    بو_میداد بدبو کثیف کثیفه آلوده چرب چربی_زیاد دیر دیرتر تاخیر تأخیر معطل معطلی منتظر منتظرم
    کند کنده لاک‌پشتی گرون گران گرونه گرانفروشی کلاهبرداری کلاهبردار دزدی دزد سرکاری سرکار دروغ
    دروغگو دروغگویی بی‌ادب بیادب بی_ادب بیشعور بی_شعور بی‌شعور بی‌احترامی بیاحترامی بیاحترام بی‌توجهی
    بیتوجهی بیتوجه بی‌مسئولیت بیمسئولیت بی_مسئولیت بی‌مسئولیتی بیمسئولیتی بی‌نظمی بینظمی بد_برخورد
    بدبرخورد بداخلاق بداخلاقی بدقول بدقولی زشت زشته ناراضی ناراضیم نارضایتی شکایت شاکی اعتراض معترض
    ناامید ناامیدم ناامیدکننده ضرر زیان ضایع ضایعه مسخره مسخرست مسخرس بیخود بیخودی الکی پشیمون
    پشیمان پشیمانم پشیمونم حیف افسوس متاسفانه متأسفانه بدبختی بدبخت فاجعه فاجعست اسف‌بار اسفبار
    وحشتناک وحشتناکه افتضاحترین خسته خستم خسته_شدم کلافه کلافم اعصاب عصبانی عصبانیم ناراحت ناراحتم
    ناراحتکننده غیرقابل_قبول غیرحرفه‌ای غیرحرفهای غیر_حرفه_ای آشغال آشغاله اشغال گند نامناسب نامرتب
    بیفایده بی_فایده بی‌فایده هدر اتلاف تقلب ریپ قطع قطعه هنگ باگ ارور خطا اشتباه اشتباهی غلط گم گمشده
    لغو مرجوع پس_بدم پس_میدم آزاردهنده مزاحم هرگز
    bad worst terrible awful horrible poor broken late slow cold disappointed angry useless refund scam
    fake dirty rude never hate
    bad kharab afzah afteza bad_bood ziad_gerun
    👎 😡 😠 🤬 😤 😞 😔 😢 😭 💔 😒 🙄 😩 😫 🤮 🤢 😑 😐 😕 🙁 ☹ 😣 😖
    """
)

# Review and everyday-opinion vocabulary, multiword phrases (with «_») and strong words, added so that
# product, food and service reviews written outside customer-service chats are read as well.
POSITIVE = POSITIVE | _words(
    """
    عالی_بود خیلی_خوب خیلی_خوبه خیلی_خوب_بود خوب_بود خوبه_ممنون حرف_نداره حرف_نداشت بیست بیسته ده_از_ده
    ارزش_خرید ارزش_خرید_داره ارزششو_داره ارزشش_رو_داره می‌ارزه میارزه می_ارزه ارزید خوش_قیمت قیمت_مناسب
    مناسب مناسبه مناسبی منصفانه پیشنهاد_می_کنم پیشنهادش_میکنم توصیه توصیه_می_کنم حتما_پیشنهاد
    دوباره_میخرم دوباره_سفارش دوباره_سفارش_میدم باز_هم_میخرم بازم_میخرم بازم_سفارش همیشه_ازشون_میخرم
    دوستش_دارم دوست_دارم خوشم_اومد خوشم_آمد خوشمان_آمد پسندیدم پسندیدیم لذت_بردم لذت_بردیم کیف_کرد
    راضی_بودم راضی_هستم خیلی_راضی کاملا_راضی راضی_ام رضایت_دارم رضایت_کامل خوشحالم_که ممنونم_از
    باکیفیته کیفیتش_خوبه کیفیتش_عالیه کیفیت_خوب کیفیت_بالا خوشطعم خوش_طعم خوش‌طعم خوشمزه_بود
    تازه_بود داغ_بود گرم_بود به_موقع_رسید سریع_رسید زود_رسید سالم_رسید دقیق_بود تمیز_بود بسته_بندی_عالی
    اصل اورجینال اصلی پلمپ نو سالم بادوام محکم مقاوم خوش_دست خوشدست سبک جادار نرمه لطیف براق شفاف
    خوشرنگ خوش_رنگ خوش_بو خوش‌بو معطر خوش_پخت ترد آبدار پرملات_بود مفصل کافی سیرکننده
    باحال باحاله جالب_بود دلچسب دلچسبه گوارا خوش_برخورد_بودن مهربون_بودن با_حوصله باحوصله پیگیر
    خوب_جواب_دادن سریع_جواب مفید عالی_عالی بی‌نقص بینقص بی_نقص بی‌عیب بیعیب بی_عیب ایده‌آل ایده_آل
    فوق_العاده_است بهترین_خرید بهترینه درجه_یک درجه‌یک توپ توپه خفن خفنه نابه ناب شاهکار معجزه
    زیباست قشنگه_خیلی دلبر جذاب شیکه کارآمد کارا آرام_بخش راحته آسونه ساده_است ارزونه ارزان_است
    """
)
NEGATIVE = NEGATIVE | _words(
    """
    بد_بود خیلی_بد خیلی_بد_بود افتضاح_بود افتضاح_است اصلا_خوب_نبود خوب_نبود خوب_نیست راضی_نبودم
    راضی_نیستم ناراضی_هستم پیشنهاد_نمیکنم پیشنهاد_نمی_کنم توصیه_نمیکنم توصیه_نمی_کنم نخرید نخرین
    ارزش_نداره ارزش_نداشت ارزش_خرید_نداره نمیارزه نمی‌ارزه نمی_ارزه پول_دور_ریختن پولم_هدر پولمو_دور
    به_درد_نمیخوره بدرد_نمیخوره به_درد_نخور بدردنخور بی_ارزش بی‌ارزش بیارزش حیف_پول حیف_پولم
    دیگه_نمیخرم دیگه_سفارش_نمیدم هرگز_نمیخرم پشیمون_شدم پشیمان_شدم اشتباه_کردم_خریدم
    دیر_رسید دیر_اومد خیلی_دیر دیر_آورد سرد_بود یخ_کرده یخ_کرده_بود بی_کیفیت_بود کیفیتش_بد کیفیت_بد
    کیفیتش_پایین کیفیت_پایینی بی‌نمک بینمک بی_نمک کم_نمک پرنمک شور_بود خشک خشکه سفت سفته لاستیکی
    کم_بود کمه_حجمش حجمش_کم حجم_کم کوچیک_بود کوچک_بود ریز لهیده له_شده ترکیده نشتی ریخته_بود
    خراب_شد خراب_بود خراب_رسید شکسته_رسید معیوب_بود ایراد_داشت مشکل_داشت کار_نمیکنه کار_نکرد
    بدون_پاسخ جواب_نمیدن جواب_ندادن پاسخ_ندادن بی_جواب بیجواب تماس_نگرفتن زنگ_نزدن خبری_نشد
    گرونه گرون_بود گران_است خیلی_گرونه قیمتش_بالاست قیمت_بالا گرانفروش گرونفروش بی‌انصاف
    متوسط_رو_به_پایین زیر_متوسط معمولی_بود افت افت_کرده افت_کیفیت بدتر_شده خراب‌تر بدقلق بدبو_بود
    بوی_بد بو_میده بد_بو بدطعم بد_طعم طعم_بد بی‌مزه_بود مزه_نداشت مزخرف_بود چرت_بود ضعیف_بود
    زشت_بود زشته_خیلی کج کثیف_بود موی_توش مو_داشت نپخته_بود خام_بود سوخته_بود روغنی چرب_بود
    تقلبیه قلابیه فیکه دست_دوم دست‌دوم کارکرده استوک اسقاط آشغاله_کلا داغونه_کلا ناجور افتضاحیه
    گول_زدن گول_نخورید فریب فریبنده کلاه_برداری کلاهبرداریه دروغ_گفتن بی‌کیفیتی بیکیفیتی
    اذیت اذیتم اذیت_شدم دردسر دردسره سردرد سردرگم سرگردون معطل_شدم علاف علافی وقت_تلف وقتم_تلف
    """
)
POSITIVE = POSITIVE | _words(
    """
    خوشایند رضایتبخش رضایت‌بخش قابل_قبول قابل_اعتماد معتبر امن مطمئن اطمینان خوش_حساب خوش‌قول خوشقول
    باوجدان وجدان_کاری صادق صادقانه شفافیت دلگرمی دلگرم آرامش آروم_بخش راحتی آسایش تمیزی نظم نظافت
    به‌صرفه باصرفه صرفه_جویی مقرون سودمند پربازده پرسرعت پرقدرت قوی قویه کارآ کارراه‌انداز راه_افتاد
    حل_شد حل_کردن مشکلم_حل_شد درست_شد جبران جبران_کردن پیگیری_کردن پاسخگو_بودن همراه همراهی
    خوشمزه‌ترین خوشمزه_ترین لذیذترین تازه‌ترین بهتر_از_انتظار فراتر_از_انتظار بیشتر_از_انتظار
    خوشحال_شدم ذوق_کردم شگفت‌انگیز شگفت_انگیز فوق‌العاده‌ست فوق_العادست عالیه_عالی دلچسبی خوش_گذشت
    خوش‌گذشت خوش_گذشت_بهمون خاطره_خوب تجربه_خوب تجربه_خوبی تجربه_عالی انتخاب_خوب انتخاب_درست
    خوشتیپ برازنده نفیس لوکس مجلل چشمگیر حرفه‌ای_بود تمیز_و_مرتب خوشگل_بود قشنگ_بود اندازه_بود
    خوب_کار_میکنه عالی_کار_میکنه کیفیت_ساخت شارژدهی_خوب باتری_خوب دوربین_خوب صدای_خوب وضوح
    سریع_و_دقیق ارزان_و_خوب خوب_و_ارزان ارزش_داره ارزش_داشت بازم_میام حتما_دوباره دوباره_میایم
    ❤️ 💕 💖 💗 😻 🤗 😌 🥳 🔥 🏆 ✅ 👌🏻
    """
)
NEGATIVE = NEGATIVE | _words(
    """
    ناخوشایند نارضایتی_دارم غیرقابل_اعتماد غیر_قابل_اعتماد ناامن نامطمئن بی‌اعتماد بی‌اعتمادی دروغه
    بدقولی_کردن بدحساب بی‌وجدان بیوجدان بی‌انضباط بی‌نظم شلوغ_پلوغ شلوغ شلوغی سروصدا سر_و_صدا پرسروصدا
    تنگ کوچیکه کوچکه کثیفی بوی_نم نم نمناک سوسک_داشت پشه ساس کهنه_بود قدیمی فرسوده رنگ_رفته رنگ_پس_داد
    آب_رفت آب_رفته گشاد_بود تنگ_بود پرز_داد پرزدار نخ‌نما نخ_کش_شد پوسته_شد پوسته_پوسته زنگ_زد
    بی‌کیفیتیش ضعیفه_خیلی ضعیف_بود شارژ_نگه_نمیداره داغ_میکنه هنگ_میکنه کند_شده صداش_بده تصویرش_بده
    سوخت_رفت از_کار_افتاد کار_نکرد خرابی خرابیش عیب عیبش ایرادش نقص_فنی مشکل_فنی باطل فایده_نداره
    بی‌نتیجه بینتیجه بی_نتیجه بیهوده بلاتکلیف بلاتکلیفی سرگردانی اتلاف_وقت وقت_تلف_کردن هدر_رفت
    بیمزه_بود شیرین_زیادی تلخ_بود ترش ترشیده ماسیده وا_رفته وارفته بیات_بود خمیر خمیری نپز سوخته‌بود
    گرسنه_موندیم کم_حجم کم‌حجم کم_گوشت بی‌گوشت بیگوشت آبکی رقیق بی‌رنگ بی_کیفیت_بودن
    ناراحت_شدم دلخور دلخورم عصبانی_شدم حرصم_گرفت اعصابم_خورد_شد ناامید_شدم توی_ذوقم_خورد توی_ذوق
    تو_ذوقم_خورد ضدحال_بود ضایع_بود بدترین_تجربه تجربه_بد تجربه_بدی انتخاب_بد اشتباه_بود
    نمیصرفه نمی‌صرفه گرون_درمیاد گرون_تموم_شد زیادیه زیادی_گرونه بی‌ارزشه ارزشی_نداره
    ❌ 👎🏻 😓 😪 😷 🤦 🤦‍♂️ 🤦‍♀️ 😵 💀
    """
)
STRONG = _words(
    """
    عالی عالیه محشر محشره معرکه فوق_العاده فوقالعاده بینظیر بینظیره بی‌نظیر شاهکار بهترین عاشقشم
    حرف_نداره ده_از_ده بیست بی‌نقص بینقص خفن توپ عالی_عالی
    افتضاح افتضاحه فاجعه فاجعست وحشتناک وحشتناکه مزخرف مزخرفه آشغال آشغاله اشغال بدترین افتضاحترین
    کلاهبرداری کلاهبردار دزدی گند مسخره بی‌شعور بیشعور تاسف_آور تاسف‌بار اسفبار اسف‌بار هرگز
    """
)


NEGATORS = _words(
    """
    نه نیست نیستش نیستن نیستند نیستم نیستیم نبود نبودن نبودند نبوده نیس نمیشه نمی‌شود نمیشود نشد نشده
    نداره ندارد نداشت نداشتن نداشتیم ندارم ندارن ندارند نکرد نکردن نکرده نکردند هیچ هیچی هیچوقت
    هیچ‌وقت اصلا اصلاً ابدا بدون بی not no never dont don't isnt wasn't wasnt nist nabood
    """
)

INTENSIFIERS = _words(
    """
    خیلی خیییلی خیلیی بسیار واقعا واقعاً واقعن جدا جداً شدیدا شدیداً کاملا کاملاً فوق بینهایت بی‌نهایت
    بینهایت فوقالعاده اینقدر انقدر اینهمه اینهمه همش همیشه حسابی کلی بشدت به_شدت زیادی خیلیییی
    دیگه واقعی اصلا هیچوقت very so really too extremely kheili kheyli vaghean
    """
)

EMOTIONS: dict[str, frozenset[str]] = {
    "anger": _words(
        """
        عصبانی عصبانیم عصبی عصبیم خشم خشمگین کفری کفریم شاکی شاکیم اعصاب اعصابم اعصابمو اعصاب_خرد
        اعصابم_خورده اعصابم_خرده حرص حرصم حرصی لعنت لعنتی لعنتیا مسخره مسخرس مسخرست بیشعور بیشعورا
        خجالت_بکشید خجالت_نمیکشید شرم_کنید شرم_آور شرمآور زورگویی زورگو ظلم بی‌انصافی بیانصافی بیانصاف
        مسخره_کردید دیوونه دیوانه چرا؟ چرا غلط_کردید جواب_بدید دهنم_سرویس پدرم_درومد پدرمو اعتراض
        تحمل طاقت دیگه_بسه بسه کافیه خسته_شدیم غارت دزدی دزدا کلاهبرداری
        angry mad furious wtf 😡 😠 🤬 😤 👿 💢
        """
    ),
    "sadness": _words(
        """
        غم غمگین غمگینم ناراحت ناراحتم ناراحتیم ناراحتی دلم_گرفت دلم_شکست دلگیر دلگیرم افسرده افسردگی
        گریه گریم گریه_کردم اشک اشکم متاسف متاسفم متاسفانه متأسفانه حیف حیف_شد افسوس ناامید ناامیدم ناامیدی
        دلشکسته دلتنگ دلتنگم تنها تنهایی بیچاره بدبخت بدبختی درد دردناک غصه غصم غصه_خوردم داغون داغونم
        انتظار_نداشتم توقع_نداشتم واقعا_حیف ضدحال دلسرد دلسردم سرخورده رنج مرگ فوت درگذشت تسلیت
        sad unhappy disappointed cry 😢 😭 😞 😔 💔 😿 🥺 ☹ 🙁 😟
        """
    ),
    "fear": _words(
        """
        ترس ترسیدم میترسم بترسم ترسناک ترسید ترسو نگران نگرانم نگرانی نگرانیم دلهره دلشوره استرس استرسم
        اضطراب مضطرب وحشت وحشتزده وحشت‌زده هول خطر خطرناک خطرناکه مبادا نکنه ناامن امنیت تهدید
        سرقت هک هک_شده برداشت_غیرمجاز نگرانشم بیم هراس هراسان نگران_کننده نمیدونم_چیکار دستپاچه
        پس_چی_میشه چی_میشه آیا_امن بیمار بیماری مسموم مسمومیت اورژانس
        afraid scared worried fear anxious 😨 😰 😱 😧 😬 😥
        """
    ),
    "joy": _words(
        """
        خوشحال خوشحالم خوشحالیم شاد شادم شادی خوشبخت خوشبختم لذت لذت_بردم کیف_کردم حال_کردم ذوق ذوق‌زده
        ذوقزده هیجان‌زده هیجانزده عالی عالیه محشر معرکه دمتون_گرم دمت_گرم ممنون ممنونم مرسی سپاس
        سپاسگزارم متشکرم تشکر قدردانی عاشق عاشقشم عشق خدا_رو_شکر خداروشکر شکر الحمدلله تبریک
        مبارک مبارکه جشن تولد خنده خندیدم خندیدیم هورا ایول آفرین راضی راضیم خیالم_راحت_شد خیالم_راحت
        happy glad love thanks great yay 😍 😊 😀 😁 😃 😄 🥰 😘 🙏 ❤ 🎉 😂 🤣 😇 🤩 ☺ 🙂 👏 💐
        """
    ),
    "surprise": _words(
        """
        تعجب تعجبم متعجب متعجبم عجب عجیب عجیبه عجیبیه شگفت شگفتزده شگفت‌زده شگفتانگیز غافلگیر غافلگیرم
        غافلگیرکننده باورم_نمیشه باورم_نمیشد باورکردنی باورنکردنی وای واای وااای اوه اِ جدی جدی؟ واقعا؟
        یعنی_چی؟ چطور_ممکنه چطور ممکنه؟ غیرمنتظره انتظارشو_نداشتم فکرشو_نمیکردم شوکه شوک شوکه_شدم
        هنگ_کردم کپ_کردم عجیب_غریب چه_جالب جالبه جالب
        wow omg what?! really? surprised 😮 😯 😲 😳 😱 🤯 😦 ⁉ ‼
        """
    ),
    "disgust": _words(
        """
        نفرت متنفر متنفرم بیزار بیزارم حالم_بهم_خورد حالم_بهم_میخوره حالم_به_هم_میخوره حال_بهم_زن حالبهمزن
        چندش چندشم چندش‌آور چندشآور مشمئز مشمئزکننده منزجر انزجار تهوع حالت_تهوع کثیف کثافت آشغال اشغال
        آشغالا گند گندش سوسک مو_توش موی سوسک_توش حشره کرم_داشت بو_میداد بوی_گند گندیده فاسد کپک کپک‌زده
        کپکزده حقیر رذل رذالت وقیح وقاحت بیشرف بی‌شرف بیشرفا دزدا حیا بیحیا
        disgusting gross yuck hate 🤮 🤢 😒 🙄 💩
        """
    ),
}

ABUSE = _words(
    """
    احمق احمقا احمقها احمق‌ها الاغ گاو گوساله بیشعور بیشعورا بیشعورها بی‌شعور نفهم نفهما
    کثافت کثافتا آشغالا آشغالها عوضی عوضیا پفیوز بیشرف بی‌شرف بیشرفا بی‌ناموس بیناموس حرومزاده حرامزاده
    حروم‌زاده گمشو گمشید خفه خفه_شو خفه_شید لعنتیا لعنتی دزدا دزدها کلاهبردارا کلاهبردارها
    پدرسوخته پدر_سوخته بی‌پدر بیپدر مادرجنده جنده کسکش کس_کش کونی گوه ریدم ریدید
    مزخرفا نکبت نکبتا بیخاصیت بی‌خاصیت عقب‌مونده عقبمونده عقب_مونده اسکل اسکلا بیسواد بی_سواد بی‌سواد
    زبون_نفهم حیوون حیوان حیوونا وحشی وحشیا مفتخور مفتخورا انگل انگلا بوقلمون شارلاتان
    idiot stupid moron bastard damn shit fuck fucking asshole khar ahmagh avazi ashghal kesafat
    """
)

CHURN = _words(
    """
    دیگه_نمیخرم دیگه_خرید_نمیکنم دیگه_سفارش_نمیدم دیگه_نمیام دیگه_استفاده_نمیکنم آخرین_بار آخرین_باره
    آخرین_سفارش آخرین_خرید خداحافظ خداحافظی لغو_اشتراک اشتراکمو_لغو حسابمو_ببندید حسابم_رو_ببندید
    حساب_رو_ببندید حسابمو_حذف حساب_کاربری_رو_حذف میرم_سراغ سراغ_رقیب رقیب رقبا سوییچ میرم_یه_جای_دیگه
    جای_دیگه اپراتورمو_عوض عوض_میکنم انتقال_خط ترابرد پشیمونم پشیمانم هیچوقت_دیگه هرگز_دیگه
    دیگه_هیچوقت قطع_همکاری بستن_حساب انصراف کنسل_کنید
    """
)

THANKS = _words("ممنون ممنونم مرسی متشکرم سپاس سپاسگزارم تشکر قدردانی دمتون_گرم دستتون_درد_نکنه thanks merci")
QUESTION_WORDS = _words(
    "آیا چطور چگونه کی کجا چرا چند چقدر چه چی چیه کدوم کدام چجوری چطوری how what when why"
)

_SUFFIXES = ("هایی", "های", "ها", "ترین", "تر", "ای", "ی", "ه", "ش", "م", "ید", "یم", "ند", "ن", "ست", "اش")
_PHRASES_MAX = 4
_NEG_STEMS = (
    "دار",
    "داشت",
    "کرد",
    "کن",
    "شد",
    "شو",
    "بود",
    "دید",
    "خورد",
    "گرفت",
    "رسید",
    "زد",
    "داد",
    "خواه",
    "خوا",
    "گذاشت",
    "اومد",
    "آمد",
    "یومد",
    "یامد",
    "یاد",
    "رفت",
    "فرست",
    "گفت",
    "دیدم",
    "ذار",
    "زار",
)


@lru_cache(maxsize=65536)
def _word_cues(token: str) -> tuple[str, ...]:
    """Cues of a single token, trying it bare and with one common suffix stripped (abuse: bare only)."""
    candidates = [token]
    for suf in _SUFFIXES:
        if token.endswith(suf) and len(token) - len(suf) >= 2:
            candidates.append(token[: -len(suf)])
    if token.startswith("می") and len(token) >= 5:  # میپسندم → پسندم, پسند
        candidates.append(token[2:])
        candidates.extend(
            token[2 : -len(suf)] for suf in _SUFFIXES if token.endswith(suf) and len(token) - len(suf) >= 4
        )
    out: list[str] = []
    for cand in candidates:
        if cand in STRONG:
            out.append("strong")
        if cand in POSITIVE:
            out.append("pos")
        if cand in NEGATIVE:
            out.append("neg")
        for emo, words in EMOTIONS.items():
            if cand in words:
                out.append("emo_" + emo)
        if cand in ABUSE and cand == token:
            out.append("abuse")
        if cand in THANKS:
            out.append("thanks")
        if out:
            break
    if token in NEGATORS:
        out.append("negator")
    elif (token.startswith("نمی") and len(token) >= 5) or (
        token.startswith("ن") and token[1:].startswith(_NEG_STEMS)
    ):
        out.append("negverb")
    if token in INTENSIFIERS:
        out.append("intens")
    if token in QUESTION_WORDS:
        out.append("qword")
    return tuple(out)


def _phrase_cues(toks: list[str], per: list[tuple[str, ...]]) -> list[str]:
    """Cues of multiword entries (dictionary words joined with a space), up to four tokens long.

    Only phrases starting with a word that starts some entry are looked up, which keeps this cheap.
    A polar phrase followed by a negator is flipped like a single word («ارزش خرید نداره»).
    """
    out: list[str] = []
    for j, first in enumerate(toks):
        if first not in _PHRASE_STARTS:
            continue
        for n in range(2, min(_PHRASES_MAX, len(toks) - j) + 1):
            phrase = " ".join(toks[j : j + n])
            if phrase not in _PHRASES:
                continue
            after = per[j + n : j + n + 2]
            inside = per[j : j + n]
            negated = any("negator" in w or "negverb" in w for w in after) and not any(
                "negator" in w or "negverb" in w for w in inside
            )
            prefix = "neg_" if negated else ""
            if phrase in STRONG:
                out.append("strong")
            if phrase in POSITIVE:
                out.append(prefix + "pos")
            if phrase in NEGATIVE:
                out.append(prefix + "neg")
            for emo, words in EMOTIONS.items():
                if phrase in words:
                    out.append("emo_" + emo)
            if phrase in ABUSE:
                out.append("abuse")
            if phrase in CHURN:
                out.append("churn")
            if phrase in THANKS:
                out.append("thanks")
    return out


_PHRASES = frozenset(
    w
    for group in (POSITIVE, NEGATIVE, STRONG, ABUSE, CHURN, THANKS, *EMOTIONS.values())
    for w in group
    if " " in w
)
_PHRASE_STARTS = frozenset(w.split(" ", 1)[0] for w in _PHRASES)
PRE_NEGATORS = _words("نه بدون هیچ غیر not no never non")


def cue_tokens(toks: list[str]) -> list[str]:
    """Lexicon cue tokens for a token list, with negation flipping polarity and intensifiers marking it.

    A polarity word followed within two tokens (or preceded by one) by a negator or a negated verb is
    flipped: «خوب نبود» gives «neg_pos», «بد نبود» gives «neg_neg». An intensifier right before marks it.
    """
    per = [_word_cues(t) for t in toks]
    out: list[str] = []
    for i, cues in enumerate(per):
        if not cues:
            continue
        polar = [c for c in cues if c in ("pos", "neg")]
        others = [
            c for c in cues if c not in ("pos", "neg", "negator", "negverb", "intens", "qword", "strong")
        ]
        out.extend(others)
        if "qword" in cues:
            out.append("qword")
        if "negator" in cues or "negverb" in cues:
            out.append("negation")
        for p in polar:
            after = per[i + 1 : i + 3]
            negated = any("negator" in w or "negverb" in w for w in after) or (
                i > 0 and toks[i - 1] in PRE_NEGATORS
            )
            intense = i > 0 and "intens" in per[i - 1]
            tag = ("neg_" + p) if negated else p
            out.append(tag)
            if "strong" in cues:
                out.append("strong_" + tag)
            if intense:
                out.append("int_" + tag)
    out.extend(_phrase_cues(toks, per))
    if any(t and t[0] in "!" for t in toks):
        out.append("exclaim")
    if any(t and t[0] in "?؟" for t in toks):
        out.append("question")
    return out


# Romanised Persian words that are not English words: Latin-script text using more of them than of the
# English function words below is Finglish.
FINGLISH_WORDS = _words(
    """
    salam slm mersi merci mamnoon mamnun mamnunam mamnoonam kheili kheyli khyli khili kheli khob khoob
    khub aali ali aaali chera chon chi chie chiye chetor chetori chera? man to ma shoma oon un in ina ona
    hast hastam hastid nist nistam nabood nabud bood bud budam boodam shod shode nashod mishe nemishe
    mikham mikhastam mikhaym mikhay mikhad mikhaid nemikham mikonam mikonid nemikonam kardam kardim kardid
    nakardam kard nakard dadam dadid nadadam dadin midam midin midid nemidid nemidin gereftam gereftid
    nagereftam sefaresh sefareshe sefareshm sefaresham kharid kharidam pool pul pulam poolam pas posht
    poshtibani lotfan lotfa ghaza ghazam ghazaye dir zood zud hanooz hanuz hanoz hamash hame hamechi dige
    digeh ziad ziyad kam kheyli bad badi aslan vaghean vaghan vaghan vagan age agar ke ro ra rooz ruz
    dirooz emrooz emruz farda saat sabr montazer montazeram khaste kharab ghat ghate ghesti gheymat gerun
    geroon arzoon arzun khosh khoshgel ghashang afarin dametun dametoon garm aziz azizam jan joon merc mrc
    ersal ersale tahvil tahvilesh peygiri paygiri peigiri shomare shomareh hesab hesabam ramz pardakht
    bargasht bargardoon bargardun kon konid konin bedin bedid begid begin bezanid nadarid nadare dare
    darid darin darim daram chand chanta kojas koja key kei alan alaan baba vay vaaay
    """
)
ENGLISH_WORDS = _words(
    """
    the a an is are was were be been i you he she it we they my your our their this that these those of to
    in on at for with from by and or but not no yes please thanks thank hello hi order refund delivery
    late still have has had do does did can could would will should my me what when where why how very
    good bad service product money account help problem issue received never again
    """
)
