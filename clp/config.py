"""Reading the environment, with errors a person can act on.

Every setting comes from the environment through django-environ. A variable that is
missing where it is required, or that cannot be parsed, stops start-up with one line
naming it, instead of a traceback from deep inside Django.
"""

import environ
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off"}


class ConfigError(SystemExit):
    def __init__(self, name, problem):
        super().__init__(f"Configuration error: {name} {problem}. See .env.example.")


class Config:
    def __init__(self, env: environ.Env):
        self.env = env

    def has(self, name):
        return name in self.env.ENVIRON and self.env.ENVIRON[name] != ""

    def str(self, name, default=None, *, required=False):
        if not self.has(name):
            if required or default is None:
                raise ConfigError(name, "is not set")
            return default
        return self.env.str(name)

    def bool(self, name, default):
        if not self.has(name):
            return default
        raw = self.env.str(name).strip().lower()
        if raw in TRUE:
            return True
        if raw in FALSE:
            return False
        raise ConfigError(name, f"must be true or false, not {raw!r}")

    def int(self, name, default):
        if not self.has(name):
            return default
        try:
            return self.env.int(name)
        except ValueError:
            raise ConfigError(name, "must be a whole number") from None

    def list(self, name, default):
        if not self.has(name):
            return default
        return [item.strip() for item in self.env.list(name) if item.strip()]

    def db(self, name, default):
        url = self.env.str(name) if self.has(name) else default
        try:
            config = environ.Env.db_url_config(url)
        except (ImproperlyConfigured, ValueError, KeyError) as exc:
            raise ConfigError(name, f"is not a database URL I understand ({exc})") from None
        if not config.get("ENGINE") or not config.get("NAME"):
            raise ConfigError(name, "must name a database, e.g. postgres://user@host:5432/clp")
        return config

    def email(self, name, default):
        url = self.env.str(name) if self.has(name) else default
        try:
            return environ.Env.email_url_config(url)
        except (ImproperlyConfigured, ValueError, KeyError) as exc:
            raise ConfigError(name, f"is not an email URL I understand ({exc})") from None

    def url(self, name, default, schemes):
        value = self.str(name, default)
        if value and value.split("://", 1)[0] not in schemes:
            raise ConfigError(name, f"must start with one of {', '.join(s + '://' for s in schemes)}")
        return value
