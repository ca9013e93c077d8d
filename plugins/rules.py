"""Who may change the low-code plugins (autodiscovered by ``rules.apps``)."""

import rules

from guides.rules import is_county_admin, is_township_admin_of

# Upload or change plugin manifests: county administrators only.
rules.add_perm("plugins.edit_manifests", is_county_admin)
# Enable plugins and set their values for a township (the obj, a Region).
rules.add_perm("plugins.manage_township", is_county_admin | is_township_admin_of)
