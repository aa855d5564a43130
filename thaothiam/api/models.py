"""System accounts of other systems (the HR system, a portal) and their bearer tokens.

A token is shown once when issued and stored only as a SHA-256 digest (it has 256 bits of
randomness, so a fast hash is enough); it expires, can be revoked, and every use is audited.
See docs/api.md and docs/decisions/0093-api-tokens-and-scopes.md.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    WORKFORCE_WRITE = "workforce:write", _("Push workforce snapshots")
    AGENCIES_READ = "agencies:read", _("Read the agency registry")
    INDICATORS_READ = "indicators:read", _("Read indicator results and targets")
    OPENDATA_READ = "opendata:read", _("Read open data")
    SURVEYS_READ = "surveys:read", _("Read survey headlines")


class SystemAccount(models.Model):
    """Another system's account: for one agency, or (agency empty) for the whole BMA."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("agency"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+", help_text=_("Empty means the whole BMA."))
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    rate_per_minute = models.PositiveIntegerField(_("requests per minute"), default=120)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("system account")
        verbose_name_plural = _("system accounts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def username(self) -> str:
        """How the audit log names this account."""
        return f"api:{self.name}"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class ApiToken(models.Model):
    account = models.ForeignKey(SystemAccount, on_delete=models.CASCADE, related_name="tokens",
                                verbose_name=_("system account"))
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)  # shown in lists and the audit log
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.account})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now() and self.account.is_active


class RateWindow(models.Model):
    """Requests of one token in one minute (a counter in the database: every worker and host shares it)."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "minute"], name="ratewindow_unique")]

    def __str__(self) -> str:
        return f"{self.token_id}@{self.minute:%H:%M}: {self.count}"
