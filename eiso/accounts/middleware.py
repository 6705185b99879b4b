from eiso.accounts.selectors import current_context

SESSION_KEY = "current_membership_id"


class CurrentAgencyMiddleware:
    """Puts on the request the agency (or province) the user is working in now.

    A user with several memberships picks one with the agency switcher; the choice is kept
    in the session and re-checked on every request, so a revoked membership stops at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.agency = None
        request.province = None
        if request.user.is_authenticated:
            membership = current_context(user=request.user, membership_id=request.session.get(SESSION_KEY))
            if membership is not None:
                request.membership = membership
                request.agency = membership.agency
                request.province = membership.province or membership.agency.province
        return self.get_response(request)
