from . import phone_fault_report
