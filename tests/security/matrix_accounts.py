"""Rows for the account pages: two-factor set-up, recovery codes, personal data, audit."""

from tests.security.matrix import LOGIN, Row, everyone

ROWS = {
    "accounts:two_factor_setup": everyone(),
    "accounts:two_factor_verify": everyone(),
    "accounts:two_factor_disable": Row(default=405, anonymous=LOGIN),
    "accounts:recovery_codes": everyone(),
    "accounts:recovery_codes_regenerate": Row(default=405, anonymous=LOGIN),
    "accounts:my_data_json": everyone(),
    "accounts:my_data_csv": everyone(),
    # The audit history shows every change to every record: the Secretary and Chair only.
    "accounts:audit": Row(default=403, anonymous=LOGIN, secretary=200, chair=200),
}
