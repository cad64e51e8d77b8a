from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"

    def ready(self):
        from meetings.services.planning import add_plan_reviews
        from officers.plan import plan_saved

        # A new development plan puts its review on the Executive's agendas (officers cannot
        # import meetings, so it signals).
        plan_saved.connect(add_plan_reviews, dispatch_uid="meetings-plan-review")
