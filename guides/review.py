"""Changes made outside a page's own edit view (offer edits, imports) take the same road."""

from __future__ import annotations

from wagtail.models import Page


def submit_change(page: Page, user) -> bool:
    """Save ``page`` (edited in memory, e.g. from its latest revision) as a new revision.

    A user who may publish the page publishes it at once (True); anyone else sends it to the
    page's review workflow (``send_to_review``) and gets False.
    """
    revision = page.save_revision(user=user, log_action=True)
    if page.permissions_for_user(user).can_publish():
        revision.publish(user=user)
        return True
    send_to_review(page, user)
    return False


def send_to_review(page: Page, user) -> None:
    """Start the page's review workflow on its latest revision, restarting a review already
    under way so the reviewer sees the latest revision. Without a workflow the revision stays
    a draft."""
    workflow = page.get_workflow()
    if workflow is not None:
        if page.workflow_in_progress:
            page.current_workflow_state.cancel(user=user)
        workflow.start(page, user)
