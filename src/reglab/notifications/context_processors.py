from functools import cache


def notifications(request):
    """The header's unread count as a callable (templates call it), so it is counted only on pages that
    show it (logged-in users) and at most once per page."""
    from reglab.notifications.selectors import unread_count

    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"unread_notifications": cache(lambda: unread_count(user))}
