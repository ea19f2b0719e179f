from django.urls import path

from configuration.views import channels, home, rules, sla, teams, vip

app_name = "configuration"
urlpatterns = [
    path("", home.home, name="home"),
    path("teams/", teams.team_list, name="team-list"),
    path("teams/new/", teams.team_create, name="team-create"),
    path("teams/<int:pk>/", teams.team_edit, name="team-edit"),
    path("teams/<int:pk>/schedule/", teams.team_schedule, name="team-schedule"),
    path("teams/<int:pk>/members/", teams.team_members, name="team-members"),
    path("agents/", teams.agent_list, name="agent-list"),
    path("agents/<int:pk>/", teams.agent_teams, name="agent-teams"),
    path("vip/", vip.vip_list, name="vip-list"),
    path("vip/new/", vip.vip_policy_create, name="vip-policy-create"),
    path("vip/<int:pk>/", vip.vip_policy_edit, name="vip-policy-edit"),
    path("vip/<int:pk>/delete/", vip.vip_policy_delete_view, name="vip-policy-delete"),
    path("account-managers/", vip.account_manager_list, name="account-manager-list"),
    path("account-managers/<int:pk>/", vip.account_manager_edit, name="account-manager-edit"),
    path("rules/", rules.rule_list, name="rule-list"),
    path("rules/new/", rules.rule_create, name="rule-create"),
    path("rules/builder/", rules.rule_builder, name="rule-builder"),
    path("rules/<int:pk>/", rules.rule_edit, name="rule-edit"),
    path("rules/<int:pk>/move/", rules.rule_move, name="rule-move"),
    path("rules/<int:pk>/toggle/", rules.rule_toggle, name="rule-toggle"),
    path("rules/<int:pk>/delete/", rules.rule_delete, name="rule-delete"),
    path("sla/", sla.sla_policy_list, name="sla-policy-list"),
    path("sla/new/", sla.sla_policy_create, name="sla-policy-create"),
    path("sla/<int:pk>/", sla.sla_policy_edit, name="sla-policy-edit"),
    path("sla/<int:pk>/delete/", sla.sla_policy_delete_view, name="sla-policy-delete"),
    path("calendars/", sla.calendar_list, name="calendar-list"),
    path("calendars/new/", sla.calendar_create, name="calendar-create"),
    path("calendars/<int:pk>/", sla.calendar_edit, name="calendar-edit"),
    path("calendars/<int:pk>/delete/", sla.calendar_delete, name="calendar-delete"),
    path("channels/", channels.channel_list, name="channel-list"),
    path("channels/new/", channels.channel_create, name="channel-create"),
    path("channels/<int:pk>/", channels.channel_edit, name="channel-edit"),
    path("channels/<int:pk>/toggle/", channels.channel_toggle, name="channel-toggle"),
    path(
        "channels/<int:pk>/templates/", channels.channel_templates_refresh, name="channel-templates-refresh"
    ),
]
