"""Writes for meetings: the whole cycle from planning to approved minutes, by topic:

- planning: a meeting, a year of meetings, a meeting's details, cancelling one;
- agenda: its items and papers, and the Chair's agreement;
- circulation: who receives the agenda, notice, the email, the reminder;
- attendance: the meeting held, who was there;
- minutes: notes, decisions, approval, amendments;
- actions: who does what by when;
- standing_orders, calendar, and reminders (what the periodic tasks send).

Every function is one transaction and validates before it writes, so nothing is half-saved.
Notifications go through clp.notifications inside the same transaction. Every service is
importable from here (`from meetings import services; services.meeting_plan(...)`).
"""

from meetings.services.actions import action_complete, action_delete, action_record, action_update
from meetings.services.agenda import (
    agenda_agree,
    agenda_agreement_request,
    agenda_comment,
    item_add,
    item_delete,
    item_move,
    item_update,
    paper_add,
    paper_delete,
)
from meetings.services.attendance import (
    apologies_send,
    apologies_withdraw,
    attendance_mark_all_present,
    attendance_record,
    attendance_visitor_add,
    attendance_visitor_remove,
    meeting_mark_held,
)
from meetings.services.calendar import calendar_feed_for, calendar_feed_reset
from meetings.services.circulation import (
    agenda_circulate,
    circulation_recipients,
    notice_deadline,
    notice_warnings,
)
from meetings.services.diary import event_create, event_update
from meetings.services.minutes import (
    amendment_record,
    decision_delete,
    decision_record,
    decision_update,
    item_note_save,
    minutes_approve,
)
from meetings.services.planning import meeting_cancel, meeting_plan, meeting_update, meetings_plan_year
from meetings.services.reminders import overdue_digest_weekly, reminders_daily
from meetings.services.standing_orders import standing_order_set

__all__ = [
    "event_create",
    "event_update",
    "action_complete",
    "action_delete",
    "action_record",
    "action_update",
    "agenda_agree",
    "agenda_agreement_request",
    "agenda_comment",
    "apologies_send",
    "apologies_withdraw",
    "agenda_circulate",
    "amendment_record",
    "attendance_mark_all_present",
    "attendance_record",
    "attendance_visitor_add",
    "attendance_visitor_remove",
    "calendar_feed_for",
    "calendar_feed_reset",
    "circulation_recipients",
    "decision_delete",
    "decision_record",
    "decision_update",
    "item_add",
    "item_delete",
    "item_move",
    "item_note_save",
    "item_update",
    "meeting_cancel",
    "meeting_mark_held",
    "meeting_plan",
    "meeting_update",
    "meetings_plan_year",
    "minutes_approve",
    "notice_deadline",
    "notice_warnings",
    "overdue_digest_weekly",
    "paper_add",
    "paper_delete",
    "reminders_daily",
    "standing_order_set",
]
