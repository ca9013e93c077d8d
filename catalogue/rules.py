"""Who may import and export the catalogue (autodiscovered by ``rules.apps``)."""

import rules

from guides.rules import is_county_admin, is_county_reviewer, works_for_township

# Import guides and offers; obj is the township the file is for (None: the whole county, county
# administrators only). Township imports go to review.
rules.add_perm("catalogue.import_catalogue", is_county_admin | works_for_township)
# Export writes each guide as its latest revision has it, drafts included: obj is the township
# exported (None: the whole county), so a township's unpublished guides reach only its own
# staff and the county roles.
rules.add_perm(
    "catalogue.export_catalogue", is_county_admin | is_county_reviewer | works_for_township
)
