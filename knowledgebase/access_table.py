"""Who may call the knowledge base's staff pages and API, and the public help center
(helpdesk/access_matrix.py).

Every agent searches and flags articles and drafts translations; editors (supervisors, admins)
publish and resolve flags and read the report. The help center is public: every role, signed in or
not, gets the same answer.
"""

from helpdesk.access_matrix import Rule, everyone, staff

ALL = staff(200, 200, 200, 200)
EDITORS = staff(403, 403, 200, 200)
PUBLIC_READ = staff(200, 200, 200, 200, anonymous=200, visitor=401)
ARTICLE = {"slug": "article_slug"}
PUBLIC_ARTICLE = {"language": "lang", "slug": "article_slug"}

ACCESS_TABLE: list[Rule] = [
    Rule("knowledgebase:agent-search", "GET", ALL, query="?q=send"),
    Rule("knowledgebase:agent-search-json", "GET", ALL, query="?q=send"),
    Rule("knowledgebase:article-flag", "POST", staff(400, 400, 400, 400), kwargs={"pk": "article"}),
    Rule("knowledgebase:flag-resolve", "POST", staff(403, 403, 302, 302), kwargs={"pk": "flag"}),
    Rule("knowledgebase:report", "GET", EDITORS),
    # Published articles are public through the API too; a chat token sent as an API token is not a
    # credential, so it is refused (401) where no credential would have been.
    Rule("api:kb-search", "GET", PUBLIC_READ, query="?q=send"),
    Rule("api:kb-article-list", "GET", PUBLIC_READ),
    Rule("api:kb-article-list", "POST", staff(400, 400, 400, 400), data={}),
    Rule("api:kb-article-detail", "GET", PUBLIC_READ, kwargs=ARTICLE),
    Rule("api:kb-article-detail", "PATCH", EDITORS, kwargs=ARTICLE, data={}),
    Rule("api:kb-article-flag", "POST", staff(400, 400, 400, 400), kwargs=ARTICLE, data={}),
    Rule(
        "api:kb-translation",
        "PUT",
        staff(400, 400, 400, 400),
        kwargs={"slug": "article_slug", "language": "draft_lang"},
        data={},
    ),
    Rule(
        "api:kb-translation-transition",
        "POST",
        EDITORS,
        kwargs={"slug": "article_slug", "language": "draft_lang", "transition": "publish_word"},
    ),
    # The public help center.
    Rule("help:root", "GET", everyone(302)),
    Rule("help:sitemap", "GET", everyone(200)),
    Rule("help:attachment", "GET", everyone(404), kwargs={"pk": "missing", "filename": "missing_name"}),
    Rule("help:home", "GET", everyone(200), kwargs={"language": "lang"}),
    Rule("help:search", "GET", everyone(200), kwargs={"language": "lang"}, query="?q=send"),
    Rule("help:contact", "GET", everyone(200), kwargs={"language": "lang"}),
    Rule("help:contact", "POST", everyone(400), kwargs={"language": "lang"}),
    Rule("help:chat-opened", "POST", everyone(204), kwargs={"language": "lang"}),
    Rule("help:category", "GET", everyone(200), kwargs={"language": "lang", "slug": "category_slug"}),
    Rule("help:article", "GET", everyone(200), kwargs=PUBLIC_ARTICLE),
    Rule("help:feedback", "POST", everyone(302), kwargs=PUBLIC_ARTICLE),
]
