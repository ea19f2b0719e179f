"""A rule the editor refuses says why in the agent's language, the condition's number included."""

import pytest
from django.utils import translation

from routing.rules import RuleError, parse_rule

VIP = {"field": "vip_level", "op": "eq", "value": "vip2"}
SHOE = {"field": "shoe_size", "op": "eq", "value": 3}
GT = {"field": "vip_level", "op": "gt", "value": 3}
EMPTY_IN = {"field": "vip_level", "op": "in", "value": []}


@pytest.mark.parametrize(
    ("language", "conditions", "actions", "expected"),
    [
        ("de", [VIP, SHOE], {}, "Bedingung 2: unbekanntes Feld 'shoe_size'"),
        ("de", [GT], {}, "Bedingung 1: VIP-Stufe akzeptiert 'gt' nicht"),
        ("fr", [], {"tier": 7}, "tier doit valoir 0, 1, 2 ou 3"),
        ("ja", [VIP, EMPTY_IN], {}, "条件 2: in には空でないリストが必要です"),
        ("en", [EMPTY_IN], {}, "condition 1: in needs a non-empty list"),
    ],
)
def test_a_refused_rule_explains_itself_in_the_agents_language(language, conditions, actions, expected):
    with translation.override(language), pytest.raises(RuleError) as refused:
        parse_rule(id=1, name="bad", conditions=conditions, actions=actions)
    assert expected in str(refused.value)
