from oauth2_provider.oauth2_validators import OAuth2Validator


class ProvinceValidator(OAuth2Validator):
    """Sends the e-mail, the name and a provincial staff number (`staff_id`, from last_name)."""

    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email": "email", "staff_id": "profile"}

    def get_additional_claims(self, request):
        user = request.user
        return {"email": user.email, "name": user.first_name, "staff_id": user.last_name}
