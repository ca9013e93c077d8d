"""Who may import and export the catalogue (autodiscovered by ``rules.apps``)."""

import rules

from guides.rules import is_county_admin, is_staff_member, works_for_township

# Import guides and offers; obj is the township the file is for (None: the whole county, county
# administrators only). Township imports go to review.
rules.add_perm("catalogue.import_catalogue", is_county_admin | works_for_township)
rules.add_perm("catalogue.export_catalogue", is_staff_member)
