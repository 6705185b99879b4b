from eiso.core.registry import visible_nav


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "nav_main": visible_nav(request, "main"),
        "nav_admin": visible_nav(request, "admin"),
        "user_memberships": request.user.active_memberships(),
        "current_membership": getattr(request, "membership", None),
    }
