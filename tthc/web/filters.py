"""Jinja filters and globals: Vietnamese labels and administrative dates."""

from __future__ import annotations

import datetime as dt

from flask import Flask

from ..annex.process_check import entry_process_doubts
from ..dates import vn_date, vn_long_date
from ..models.accounts import Role
from ..models.catalogue import DESIGNATIONS
from ..models.decisions import ACTION_LABELS, STATE_LABELS, DecisionStatus
from ..records import AGENCY_ROLE_LABELS, CHANNELS, FIELD_LABELS, LEVELS, ONLINE_LEVELS, TIME_UNITS
from ..records.presence import (
    method_time_text,
    online_availability,
    part_state,
    public_source,
    shown_or_not_recorded,
    time_limit_text,
)
from ..records.process import check_process_time, step_time_text


def register(app: Flask) -> None:
    app.add_template_filter(vn_date, "vn_date")
    app.add_template_filter(vn_long_date, "vn_long_date")
    app.add_template_filter(lambda v: LEVELS.get(v or "", v), "level_label")
    app.add_template_filter(lambda v: CHANNELS.get(v or "", v), "channel_label")
    app.add_template_filter(lambda v: ONLINE_LEVELS.get(v or "", v), "online_label")
    app.add_template_filter(lambda v: TIME_UNITS.get(v or "", v), "unit_label")
    app.add_template_filter(lambda v: FIELD_LABELS.get(v, v), "field_label")
    app.add_template_filter(lambda v: ACTION_LABELS.get(v, v), "action_label")
    app.add_template_filter(lambda v: STATE_LABELS.get(v, v), "state_label")
    app.add_template_filter(step_time_text, "step_time")
    app.add_template_filter(method_time_text, "method_time")
    app.add_template_filter(time_limit_text, "time_limit_text")
    app.add_template_filter(shown_or_not_recorded, "or_not_recorded")
    app.add_template_filter(lambda v: DESIGNATIONS.get(v, v), "designation_label")
    app.jinja_env.globals.update(
        process_checks=check_process_time,
        process_doubts=entry_process_doubts,
        part_state=part_state,
        online_availability=online_availability,
        public_source=public_source,
    )
    # Templates compare with the enums (decision.status == DecisionStatus.SIGNED), never with bare strings.
    app.jinja_env.globals.update(
        AGENCY_ROLES=AGENCY_ROLE_LABELS, LEVELS=LEVELS, today=dt.date.today, DecisionStatus=DecisionStatus, Role=Role
    )
