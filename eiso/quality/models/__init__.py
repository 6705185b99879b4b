from eiso.quality.models.actions import Action
from eiso.quality.models.context import ContextIssue, InterestedParty
from eiso.quality.models.culture import CultureRecord
from eiso.quality.models.feedback import Feedback
from eiso.quality.models.index766 import Index766Entry
from eiso.quality.models.objectives import IndicatorValue, QualityObjective
from eiso.quality.models.risks import Risk, RiskMatrix

__all__ = [
    "Action",
    "ContextIssue",
    "CultureRecord",
    "Feedback",
    "Index766Entry",
    "IndicatorValue",
    "InterestedParty",
    "QualityObjective",
    "Risk",
    "RiskMatrix",
]
