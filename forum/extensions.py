"""Extensions, created unbound and bound to the app in create_app()."""

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from forum.modelbase import Base
from forum.search.tables import include_object

db = SQLAlchemy(model_class=Base)
migrate = Migrate(render_as_batch=True, compare_type=True, include_object=include_object)
login_manager = LoginManager()
csrf = CSRFProtect()
# The address is the socket's peer: a client-sent X-Forwarded-For is not trusted unless a
# deployment adds ProxyFix itself.
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _rate_limits_off() -> bool:
    """RATELIMIT_ENABLED is read per request from the app's own settings. (The limiter is
    one object for the process: its own `enabled` flag was set by whichever app was created
    last, and changing the setting later had no effect.)"""
    return not current_app.config.get("RATELIMIT_ENABLED", True)
