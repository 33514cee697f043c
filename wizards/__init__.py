from . import phone_call_callback_wizard
from . import phone_violation_appeal_wizard
from . import phone_violation_decision_wizard
