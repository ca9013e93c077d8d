"""Who may print notification forms (autodiscovered by ``rules.apps``)."""

import rules

from guides.rules import is_staff_member

# Print one-time notification forms (一次性告知单) in the admin: every staff role.
rules.add_perm("notices.print_notice", is_staff_member)
