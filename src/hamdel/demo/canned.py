"""Demo canned replies: shared ones, one per team, and the demo agent's own, all written through the actions.

They show the variables with fallbacks and the parts left out when a value is missing.
"""

from __future__ import annotations

from hamdel.accounts.models import Team, User
from hamdel.conversations import services

SHARED = [
    (
        "خوشامد",
        "salam",
        "سلام {{customer.first_name}} عزیز، من {{agent.name}} هستم. چطور می‌توانم کمکتان کنم؟",
    ),
    (
        "پیگیری سفارش",
        "order",
        "{{customer.first_name|مشتری}} گرامی، درخواست شمارهٔ {{conversation.number}} را پیگیری کردم و تا "
        "پایان امروز نتیجه را خبر می‌دهم.",
    ),
    (
        "عذرخواهی بابت تأخیر",
        "sorry",
        "از تأخیری که پیش آمد صمیمانه عذر می‌خواهیم و حق دارید ناراحت باشید.\n{{agent.name}}، پشتیبانی همدل",
    ),
    (
        "پایان گفتگو",
        "bye",
        "خوشحالم که مشکل حل شد. اگر سؤال دیگری داشتید همین‌جا بنویسید. "
        "روز خوبی داشته باشید[[ {{customer.first_name}} جان]]!",
    ),
]
TEAM = {
    "پشتیبانی فروش": [
        (
            "کد تخفیف جبرانی",
            "discount",
            "سلام {{customer.first_name}} عزیز، برای جبران، کد تخفیف ۱۵٪ برای خرید بعدی‌تان فعال شد.",
        ),
    ],
    "پشتیبانی فنی": [
        (
            "راه‌اندازی دوباره",
            "restart",
            "لطفاً دستگاه را خاموش کنید، ۳۰ ثانیه صبر کنید و دوباره روشن کنید؛ اگر درست نشد همین‌جا خبر بدهید.",
        ),
    ],
}
PERSONAL = [
    ("امضای من", "sign", "با سپاس،\n{{agent.name}}\nپشتیبانی همدل، داخلی ۲۱۴"),
    ("می‌خواهم مطمئن شوم", "sure", "می‌خواهم مطمئن شوم مشکل کاملاً برطرف شده؛ لطفاً یک بار دیگر امتحان کنید."),
]


def demo_canned(*, lead: User, agent: User) -> None:
    """Shared and team replies written by the team lead; a couple of personal ones for the demo agent."""
    for title, shortcut, text in SHARED:
        services.canned_reply_create(actor=lead, title=title, shortcut=shortcut, text=text)
    for team_name, replies in TEAM.items():
        team = Team.objects.get(name=team_name)
        for title, shortcut, text in replies:
            services.canned_reply_create(
                actor=lead, title=title, shortcut=shortcut, text=text, team_id=team.pk
            )
    for title, shortcut, text in PERSONAL:
        services.canned_reply_create(actor=agent, title=title, shortcut=shortcut, text=text, personal=True)
