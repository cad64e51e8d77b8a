# The demo's settings, sourced by run-dev.sh (and by the test that checks them): the product
# as a newcomer should meet it, with DEBUG off, so that a missing page or an error shows the
# product's own plain-English page, never Django's technical one. Any of these can be set
# beforehand (DEBUG=true make run, for a developer who wants the debug pages).
mkdir -p var
export DEBUG=${DEBUG:-false}
export HTTPS=${HTTPS:-false}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
if [[ -z "${SECRET_KEY:-}" ]]; then
  # A key of the demo's own, made once and kept out of the repository (var/ is ignored).
  [[ -s var/demo-secret-key ]] || python3 -c "import secrets; print(secrets.token_urlsafe(64))" > var/demo-secret-key
  SECRET_KEY=$(cat var/demo-secret-key)
  export SECRET_KEY
fi
