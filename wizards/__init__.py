from . import phone_call_callback_wizard
from . import phone_call_transfer_wizard
from . import phone_coverage_gap
from . import phone_violation_appeal_wizard
from . import phone_violation_decision_wizard
from . import phone_cdr_import_wizard
