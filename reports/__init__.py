from . import phone_directory_report
from . import phone_fault_report
from . import phone_compliance_report
from . import phone_compliance_report_pdf
from . import phone_compliance_report_mail
