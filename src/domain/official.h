// Official: an entry of the registry of officials (FORMATS.md,
// officials.csv). Plain value type.
#ifndef TAXGATE_DOMAIN_OFFICIAL_H_
#define TAXGATE_DOMAIN_OFFICIAL_H_

#include <optional>
#include <string>
#include <string_view>

namespace taxgate::domain {

enum class Role {
  kHeadOfAgency,
  kInspectorGeneral,
  kDelegate,  // may sign for the head
  kInvestigator,
};

// "head_of_agency", "inspector_general", "delegate", "investigator".
const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);
// True for the roles that may sign an (i)(2) request.
bool MaySign(Role r);

struct Official {
  std::string official_id;
  std::string name;
  std::string agency;
  std::string title;
  Role role = Role::kInvestigator;
  std::string valid_from;  // YYYY-MM-DD or empty (no limit)
  std::string valid_to;    // YYYY-MM-DD or empty (no limit)
  std::string public_key;  // Ed25519, base64, optional
  std::string revoked_on;  // YYYY-MM-DD when revoked, else empty
};

}  // namespace taxgate::domain

#endif  // TAXGATE_DOMAIN_OFFICIAL_H_
