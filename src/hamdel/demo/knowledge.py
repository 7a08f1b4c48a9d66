"""Demo knowledge base: a dozen Persian articles of an online shop in four subjects, one staff-only guide,
an agent's draft waiting for review, a few helpful votes and the searches customers could not answer."""

from __future__ import annotations

from typing import Any

from hamdel.knowledge.models import Category
from hamdel.knowledge.services import (
    article_create,
    article_update,
    category_create,
    search_miss_record,
    vote_record,
)

CATEGORIES = [
    ("ارسال و تحویل", "زمان، هزینه و پیگیری مرسوله", 10),
    ("پرداخت و فاکتور", "درگاه، اقساط، فاکتور رسمی", 20),
    ("بازگشت و ضمانت", "مرجوعی، تعویض و گارانتی", 30),
    ("حساب کاربری", "ورود، رمز و اطلاعات شخصی", 40),
]

# (category, title, other phrasings, body, visibility)
ARTICLES: list[tuple[str, str, list[str], str, str]] = [
    (
        "ارسال و تحویل",
        "سفارشم کی می‌رسد؟",
        ["سفارشم کی میرسه", "زمان تحویل سفارش", "چند روزه میرسه؟"],
        "سفارش‌های **تهران** معمولاً یک تا دو روز کاری و **شهرستان‌ها** سه تا پنج روز کاری پس از ثبت می‌رسند.\n\n"
        "- سفارش‌هایی که تا ساعت ۱۴ ثبت شوند، همان روز بسته‌بندی می‌شوند.\n"
        "- جمعه‌ها و تعطیلات رسمی جزو روزهای کاری نیستند.\n\n"
        "اگر از زمان گفته‌شده گذشته است، کد رهگیری را از بخش «سفارش‌های من» بردارید.",
        "public",
    ),
    (
        "ارسال و تحویل",
        "پیگیری مرسوله با کد رهگیری",
        ["کد رهگیری کجاست", "بسته‌ام کجاست", "ترکینگ کد پست"],
        "پس از تحویل بسته به پست، یک **کد رهگیری ۲۴ رقمی** برایتان پیامک می‌شود.\n\n"
        "۱. به بخش «سفارش‌های من» بروید.\n۲. روی سفارش بزنید و کد را کپی کنید.\n"
        "۳. کد را در [سامانهٔ رهگیری پست](https://tracking.post.ir) وارد کنید.",
        "public",
    ),
    (
        "ارسال و تحویل",
        "هزینهٔ ارسال چقدر است؟",
        ["ارسال رایگان دارید؟", "هزینه پست", "کرایه ارسال چنده"],
        "ارسال سفارش‌های بالای **یک میلیون تومان** رایگان است. برای سفارش‌های کمتر، هزینهٔ ارسال در تهران "
        "۴۵ هزار تومان و در شهرستان‌ها ۶۵ هزار تومان است و پیش از پرداخت در سبد خرید نشان داده می‌شود.",
        "public",
    ),
    (
        "پرداخت و فاکتور",
        "فاکتور رسمی با کد اقتصادی",
        ["فاکتور رسمی می‌دهید؟", "فاکتور شرکتی", "کد اقتصادی"],
        "در مرحلهٔ پرداخت گزینهٔ «فاکتور رسمی» را بزنید و نام شرکت، شناسهٔ ملی و کد اقتصادی را وارد کنید. "
        "فاکتور تا سه روز کاری پس از تحویل به ایمیل شما فرستاده می‌شود.",
        "public",
    ),
    (
        "پرداخت و فاکتور",
        "پول از حسابم کم شد ولی سفارش ثبت نشد",
        ["پول کم شد سفارش ثبت نشد", "پرداخت ناموفق", "مبلغ برنمی‌گردد"],
        "اگر پرداخت نیمه‌کاره بماند، بانک مبلغ را **تا ۷۲ ساعت** خودکار به حسابتان برمی‌گرداند. "
        "اگر پس از این مدت برنگشت، شمارهٔ پیگیری بانک را برای ما بفرستید.",
        "public",
    ),
    (
        "پرداخت و فاکتور",
        "خرید اقساطی",
        ["قسطی میشه خرید؟", "پرداخت اقساطی", "خرید اعتباری"],
        "برای سفارش‌های بالای پنج میلیون تومان می‌توانید در مرحلهٔ پرداخت «پرداخت اقساطی» را انتخاب کنید "
        "و مبلغ را در چهار قسط ماهانه بپردازید. نیازی به چک یا ضامن نیست.",
        "public",
    ),
    (
        "بازگشت و ضمانت",
        "شرایط بازگشت کالا",
        ["میخوام کالا رو پس بدم", "مرجوعی", "پس دادن سفارش"],
        "تا **هفت روز** پس از تحویل می‌توانید کالا را بدون ذکر دلیل پس بدهید، به شرط آنکه بسته‌بندی و "
        "برچسب‌ها سالم باشند.\n\n"
        "## مراحل\n- در «سفارش‌های من» دکمهٔ «درخواست بازگشت» را بزنید.\n"
        "- مأمور ما کالا را رایگان از نشانی شما تحویل می‌گیرد.\n"
        "- مبلغ تا پنج روز کاری به حسابتان برمی‌گردد.",
        "public",
    ),
    (
        "بازگشت و ضمانت",
        "کالای آسیب‌دیده یا اشتباه رسیده",
        ["کالا شکسته رسید", "جنس اشتباه فرستادید", "رنگ اشتباه"],
        "از بسته و کالا عکس بگیرید و تا ۴۸ ساعت پس از تحویل از طریق «سفارش‌های من» گزارش دهید. "
        "کالای درست یا نو بدون هزینه برایتان فرستاده می‌شود.",
        "public",
    ),
    (
        "بازگشت و ضمانت",
        "گارانتی دستگاه‌های برقی",
        ["گارانتی دارد؟", "ضمانت چند ماهه", "خراب شد تعمیر"],
        "همهٔ دستگاه‌های برقی **۱۸ ماه** گارانتی شرکتی دارند. کارت گارانتی داخل جعبه است؛ برای تعمیر، "
        "شمارهٔ سریال دستگاه را برای ما بفرستید.",
        "public",
    ),
    (
        "حساب کاربری",
        "رمز عبورم را فراموش کرده‌ام",
        ["رمزمو یادم رفته", "بازیابی رمز", "نمی‌تونم وارد شم"],
        "در صفحهٔ ورود «رمز را فراموش کرده‌ام» را بزنید. کد یک‌بارمصرف به شمارهٔ همراه شما پیامک می‌شود؛ "
        "با آن رمز تازه بسازید.",
        "public",
    ),
    (
        "حساب کاربری",
        "تغییر شمارهٔ همراه یا نشانی",
        ["عوض کردن شماره موبایل", "تغییر آدرس", "ویرایش پروفایل"],
        "از «حساب من ← اطلاعات شخصی» شماره یا نشانی را ویرایش کنید. "
        "تغییر نشانی سفارشی که ارسال شده ممکن نیست.",
        "public",
    ),
    (
        "بازگشت و ضمانت",
        "راهنمای داخلی: بازگشت وجه بالای سقف",
        ["بازگشت وجه بالای ده میلیون"],
        "بازگشت وجه بالای **ده میلیون تومان** تأیید سرپرست لازم دارد. در پرونده «جبران» را باز کنید و شمارهٔ "
        "سفارش را بنویسید؛ این مقاله در مرکز راهنما دیده نمی‌شود.",
        "internal",
    ),
]

DRAFT = (
    "ارسال و تحویل",
    "ارسال به خارج از کشور",
    ["به خارج ارسال دارید؟"],
    "فعلاً فقط به نشانی‌های داخل ایران ارسال داریم.",
)
MISSES = [("ارسال به کیش", 4, 1), ("خرید حضوری", 3, 0), ("کارت هدیه", 2, 2)]


def load_knowledge(*, lead: Any, agent: Any) -> int:
    """The articles through the knowledge base's own actions (the lead publishes, an agent proposes one)."""
    for name, description, order in CATEGORIES:
        if not Category.objects.filter(name=name).exists():
            category_create(actor=lead, data={"name": name, "description": description, "order": order})
    by_category = {c.name: c.pk for c in Category.objects.all()}
    made = []
    for category, title, questions, body, visibility in ARTICLES:
        made.append(
            article_create(
                actor=lead,
                data={
                    "title": title,
                    "body": body,
                    "questions": questions,
                    "category": by_category[category],
                    "visibility": visibility,
                },
            )
        )
    # related articles: delivery ↔ tracking, return ↔ damaged
    article_update(actor=lead, article=made[0], data={"related": [made[1].pk, made[2].pk]})
    article_update(actor=lead, article=made[6], data={"related": [made[7].pk, made[4].pk]})
    category, title, questions, body = DRAFT
    article_create(
        actor=agent,
        data={"title": title, "body": body, "questions": questions, "category": by_category[category]},
    )
    for n, (article, yes, no) in enumerate(((made[0], 9, 1), (made[6], 6, 3), (made[4], 2, 4))):
        for i in range(yes + no):
            reason = "برای کالای دیجیتال چیزی نگفته بود" if i == yes and n == 1 else ""
            vote_record(article=article, visitor=f"demo-{n}-{i}", helpful=i < yes, reason=reason)
    for query, misses, contacts in MISSES:
        for _ in range(misses):
            search_miss_record(query=query)
        for _ in range(contacts):
            search_miss_record(query=query, contacted=True)
    return len(made) + 1
