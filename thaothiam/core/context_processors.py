from .access import get_access
from .navigation import items_for, menu_for


def navigation(request):
    access = get_access(request)
    match = getattr(request, "resolver_match", None)
    current = match.view_name if match else ""
    return {"nav_items": items_for(access), "nav_menu": menu_for(access, current), "user_roles": access.roles}
