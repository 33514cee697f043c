from . import test_phone_call
from . import test_access
from . import test_phone_account
from . import test_tour
from . import test_reports
from . import test_phone_password
from . import test_phone_password_secrecy
from . import test_phone_security_incident
