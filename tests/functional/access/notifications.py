"""Notifications: each signed-in user has their own; the unsubscribe link works signed out
(its token names the user) and a forged token answers 404."""

LOGIN = 302
SIGNED_IN = {"anonymous": LOGIN, "default": 200}

EXPECTATIONS = {
    "notifications.index": ("GET", "/notifications/", SIGNED_IN),
    "notifications.settings": ("GET", "/notifications/settings", SIGNED_IN),
    "notifications.mark_all_read": ("POST", "/notifications/read",
                                    {"anonymous": LOGIN, "default": 302}),
    "notifications.open_notice": ("GET", "/notifications/{notification_id}",
                                  {"anonymous": LOGIN, "buyer": 302, "default": 404}),
    "notifications.unsubscribe": ("GET", "/notifications/unsubscribe/forged-token",
                                  {"default": 404}),
}


# an empty post of the settings switches every kind off for the signed-in user only; a
# forged unsubscribe token changes nothing
EXTRA = [
    ("notifications.settings", "POST", "/notifications/settings",
     {"anonymous": LOGIN, "default": 302}),
    ("notifications.unsubscribe", "POST", "/notifications/unsubscribe/forged-token",
     {"default": 404}),
]


def arrange(world) -> dict:
    from supplierlink.notifications.services import notify

    notice = notify(world.session, world.users["buyer"], "message", "access-test",
                    {"sender": "Empresa", "title": "Correas", "excerpt": ""}, "/requirements/")
    return {"notification_id": notice.id}
