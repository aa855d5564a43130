from .access import get_access
from .navigation import items_for


def navigation(request):
    access = get_access(request)
    return {"nav_items": items_for(access), "user_roles": access.roles}
