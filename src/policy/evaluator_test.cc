// Golden tests of the evaluator: for every rule a request that keeps it and
// one that breaks it (and nothing else), the batch rules at their
// thresholds, the history, and how outcomes combine.
#include "policy/evaluator.h"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/crypto.h"
#include "domain/request_signature.h"
#include "gtest/gtest.h"
#include "policy/boilerplate.h"
#include "ruleset/ruleset.h"

namespace taxgate::policy {
namespace {

using domain::Outcome;
using Codes = std::vector<std::string>;

constexpr Date kAsOf{2026, 3, 1};

constexpr char kKeySeed[] = "evaluator-test";

domain::Official MakeOfficial(std::string id, std::string agency,
                              domain::Role role) {
  domain::Official o;
  o.official_id = std::move(id);
  o.name = o.official_id;
  o.agency = std::move(agency);
  o.role = role;
  o.public_key = Base64Encode(
      Ed25519PublicKey(domain::TestKeySeed(kKeySeed, o.official_id)));
  return o;
}

// Signs `r` as its signer (the test keys of kKeySeed).
void Sign(domain::Request& r) {
  r.signature.clear();
  r.signature =
      domain::SignRequest(r, domain::TestKeySeed(kKeySeed, r.signed_by));
}

class EvaluatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rs = ruleset::DefaultRuleset();
    ASSERT_TRUE(rs.ok()) << rs.status().ToString();
    policy_ = new Policy(*(*rs)->policy);
  }
  static void TearDownTestSuite() {
    delete policy_;
    policy_ = nullptr;
  }
  void SetUp() override {
    using domain::Role;
    for (auto o : {MakeOfficial("HEAD-1", "DHS", Role::kHeadOfAgency),
                   MakeOfficial("IG-1", "DHS", Role::kInspectorGeneral),
                   MakeOfficial("DEL-1", "DHS", Role::kDelegate),
                   MakeOfficial("INV-1", "DHS", Role::kInvestigator),
                   MakeOfficial("INV-2", "DHS", Role::kInvestigator),
                   MakeOfficial("HEAD-2", "DOJ", Role::kHeadOfAgency),
                   MakeOfficial("INV-DOJ", "DOJ", Role::kInvestigator),
                   MakeOfficial("INV-LOWER", "dhs", Role::kInvestigator)}) {
      registry_[o.official_id] = o;
    }
  }

  // `n` spelled in letters, so that reasons differ after normalization
  // (which removes digits).
  static std::string Letters(int n) {
    std::string s;
    do {
      s += static_cast<char>('a' + n % 26);
      n /= 26;
    } while (n > 0);
    return s;
  }

  // A word of four letters that differs from request to request.
  static std::string Word(int n, int slot) {
    uint64_t h = (static_cast<uint64_t>(n) + 1) * 2654435761u * (slot + 7);
    std::string w;
    for (int i = 0; i < 4; ++i) {
      w += static_cast<char>('a' + h % 26);
      h /= 26;
    }
    return w;
  }

  // A request that keeps every rule.
  static domain::Request Good(int n = 1) {
    domain::Request r;
    r.request_id = "R-" + std::to_string(n);
    r.signed_by = "DEL-1";
    r.official_id = "INV-1";
    r.case_number = "CR-" + std::to_string(1000 + n);
    r.statute = "8 U.S.C. 1253(a)(1)";
    r.tax_periods = "2023;2024";
    // Reasons of different requests differ in substance (three words of
    // their own), so no two are near-copies (boilerplate.h).
    r.reason = "Subject " + Word(n, 1) + " is a target in an indictment " +
               Word(n, 2) + " (matter CR-" + std::to_string(1000 + n) +
               "); an address is needed to serve a subpoena at site " +
               Word(n, 3);
    r.purpose = "criminal_investigation";
    r.fields_requested = "address";
    r.person.first_name = "Ana";
    r.person.last_name = "Kim";
    r.person.dob = "1980-01-" + std::string(n % 28 + 1 < 10 ? "0" : "") +
                   std::to_string(n % 28 + 1);
    r.person.street = "123 Main St";
    r.person.city = "Springfield";
    r.person.state = "IL";
    r.person.zip = "62704";
    return r;
  }

  OfficialLookup Lookup() const {
    return [this](const std::string& id) -> const domain::Official* {
      auto it = registry_.find(id);
      return it == registry_.end() ? nullptr : &it->second;
    };
  }

  // Evaluates `batch`, every request signed by its signer first (the
  // signature rule has tests of its own that pass `sign` false).
  std::vector<Evaluation> Run(std::vector<domain::Request> batch,
                              const History& h = History{}, Date as_of = kAsOf,
                              bool sign = true) const {
    if (sign) {
      for (auto& r : batch) Sign(r);
    }
    return EvaluateBatch(*policy_, batch, Lookup(), h, as_of);
  }
  Evaluation One(const domain::Request& r, const History& h = History{}) const {
    return Run({r}, h)[0];
  }
  // Applies `edit` to a good request and returns its evaluation.
  Evaluation With(const std::function<void(domain::Request&)>& edit) const {
    domain::Request r = Good();
    edit(r);
    return One(r);
  }

  static Policy* policy_;
  std::map<std::string, domain::Official> registry_;
};

Policy* EvaluatorTest::policy_ = nullptr;

TEST_F(EvaluatorTest, AGoodRequestIsEligible) {
  Evaluation e = One(Good());
  EXPECT_EQ(e.outcome, Outcome::kEligible);
  EXPECT_TRUE(e.codes.empty());
  EXPECT_TRUE(e.duplicate_of.empty());
}

struct RuleCase {
  const char* name;
  std::function<void(domain::Request&)> edit;
  Codes want;  // empty: the rule is kept
};

TEST_F(EvaluatorTest, EachRuleKeptAndBroken) {
  const std::vector<RuleCase> cases = {
      // REQUESTER_NOT_AUTHORIZED
      {"head signs", [](auto& r) { r.signed_by = "HEAD-1"; }, {}},
      {"IG signs", [](auto& r) { r.signed_by = "IG-1"; }, {}},
      {"DOJ head for DOJ agent",
       [](auto& r) {
         r.signed_by = "HEAD-2";
         r.official_id = "INV-DOJ";
       },
       {}},
      {"unknown signer",
       [](auto& r) { r.signed_by = "NOBODY"; },
       {kRequesterNotAuthorized, kSignatureInvalid}},
      {"no signer",
       [](auto& r) { r.signed_by = ""; },
       {kRequesterNotAuthorized, kSignatureInvalid}},
      {"agency codes in another case",
       [](auto& r) { r.official_id = "INV-LOWER"; },
       {}},
      {"unknown official",
       [](auto& r) { r.official_id = "INV-999"; },
       {kRequesterNotAuthorized}},
      {"investigator signs",
       [](auto& r) { r.signed_by = "INV-2"; },
       {kRequesterNotAuthorized}},
      {"other agency's head",
       [](auto& r) { r.signed_by = "HEAD-2"; },
       {kRequesterNotAuthorized}},
      // NAME_MISSING
      {"name with middle", [](auto& r) { r.person.middle_name = "M"; }, {}},
      {"Doe surname alone",
       [](auto& r) {
         r.person.first_name = "Samuel";
         r.person.last_name = "Doe";
       },
       {}},
      {"NA NA",
       [](auto& r) {
         r.person.first_name = "NA";
         r.person.last_name = "NA";
       },
       {kNameMissing}},
      {"UNKNOWN",
       [](auto& r) { r.person.last_name = "UNKNOWN"; },
       {kNameMissing}},
      {"N/A", [](auto& r) { r.person.first_name = "N/A"; }, {kNameMissing}},
      {"XXX", [](auto& r) { r.person.first_name = "XXX"; }, {kNameMissing}},
      {"FNU", [](auto& r) { r.person.first_name = "FNU"; }, {kNameMissing}},
      {"John Doe",
       [](auto& r) {
         r.person.first_name = "John";
         r.person.last_name = "Doe";
       },
       {kNameMissing}},
      {"JANE DOE",
       [](auto& r) {
         r.person.first_name = "JANE";
         r.person.last_name = "DOE";
       },
       {kNameMissing}},
      {"Fulano de Tal",
       [](auto& r) {
         r.person.first_name = "Fulano";
         r.person.last_name = "de Tal";
       },
       {kNameMissing}},
      {"no given name",
       [](auto& r) { r.person.first_name = ""; },
       {kNameMissing}},
      {"no surname", [](auto& r) { r.person.last_name = " "; }, {kNameMissing}},
      {"initial only",
       [](auto& r) { r.person.first_name = "J."; },
       {kNameMissing}},
      {"accented initial",
       [](auto& r) { r.person.first_name = "\xC3\x81."; },
       {kNameMissing}},
      {"digits", [](auto& r) { r.person.last_name = "12345"; }, {kNameMissing}},
      {"F N U", [](auto& r) { r.person.first_name = "F N U"; }, {kNameMissing}},
      {"SIN NOMBRE",
       [](auto& r) { r.person.first_name = "SIN NOMBRE"; },
       {kNameMissing}},
      {"Baby Boy",
       [](auto& r) {
         r.person.first_name = "Baby";
         r.person.last_name = "Boy";
       },
       {kNameMissing}},
      {"surname an address",
       [](auto& r) { r.person.last_name = "123 Main St"; },
       {kNameMissing}},
      {"emoji name",
       [](auto& r) { r.person.first_name = "\xF0\x9F\x99\x82"; },
       {kNameMissing}},
      {"one-letter Korean surname",
       [](auto& r) { r.person.last_name = "O"; },
       {}},
      {"Na as given name",
       [](auto& r) {
         r.person.first_name = "Na";
         r.person.last_name = "Li";
       },
       {}},
      {"Li Na",
       [](auto& r) {
         r.person.first_name = "Li";
         r.person.last_name = "Na";
       },
       {}},
      {"NA as the whole name",
       [](auto& r) {
         r.person.first_name = "Na";
         r.person.last_name = "NA";
       },
       {kNameMissing}},
      {"N/A surname",
       [](auto& r) { r.person.last_name = "N/A"; },
       {kNameMissing}},
      {"Han characters",
       [](auto& r) {
         r.person.first_name = "\xE5\xA8\x9C";
         r.person.last_name = "\xE6\x9D\x8E";
       },
       {}},
      // ADDRESS_MISSING / ADDRESS_NOT_REAL (one at most)
      {"PO box", [](auto& r) { r.person.street = "PO Box 9"; }, {}},
      {"no address",
       [](auto& r) {
         r.person.street = r.person.city = r.person.state = r.person.zip = "";
       },
       {kAddressMissing}},
      {"unit alone",
       [](auto& r) {
         r.person.street = r.person.city = r.person.state = r.person.zip = "";
         r.person.unit = "Apt 4";
       },
       {kAddressMissing}},
      {"placeholder street",
       [](auto& r) { r.person.street = "Failed to Provide"; },
       {kAddressNotReal}},
      {"ZIP alone",
       [](auto& r) { r.person.street = r.person.city = r.person.state = ""; },
       {kAddressNotReal}},
      // TAX_PERIOD_*
      {"one closed year", [](auto& r) { r.tax_periods = "2025"; }, {}},
      {"1900", [](auto& r) { r.tax_periods = "1900"; }, {}},
      {"trailing separator", [](auto& r) { r.tax_periods = "2023;"; }, {}},
      {"no periods", [](auto& r) { r.tax_periods = ""; }, {kTaxPeriodMissing}},
      {"only separators",
       [](auto& r) { r.tax_periods = " ; "; },
       {kTaxPeriodMissing}},
      {"current year",
       [](auto& r) { r.tax_periods = "2026"; },
       {kTaxPeriodInvalid}},
      {"future year",
       [](auto& r) { r.tax_periods = "2023;2031"; },
       {kTaxPeriodInvalid}},
      {"1899", [](auto& r) { r.tax_periods = "1899"; }, {kTaxPeriodInvalid}},
      {"not a number",
       [](auto& r) { r.tax_periods = "FY23"; },
       {kTaxPeriodInvalid}},
      {"range", [](auto& r) { r.tax_periods = "2022-2023"; }, {}},
      {"range with spaces", [](auto& r) { r.tax_periods = "2022 - 2023"; }, {}},
      {"a space inside a year",
       [](auto& r) { r.tax_periods = "20 23"; },
       {kTaxPeriodInvalid}},
      {"a year spelled apart",
       [](auto& r) { r.tax_periods = "2 0 2 3"; },
       {kTaxPeriodInvalid}},
      {"range with an en dash",
       [](auto& r) {
         r.tax_periods =
             "2022\xE2\x80\x93"
             "2023";
       },
       {}},
      {"commas", [](auto& r) { r.tax_periods = "2022,2023"; }, {}},
      {"range into the open year",
       [](auto& r) { r.tax_periods = "2024-2026"; },
       {kTaxPeriodInvalid}},
      {"reversed range",
       [](auto& r) { r.tax_periods = "2023-2020"; },
       {kTaxPeriodInvalid}},
      {"all", [](auto& r) { r.tax_periods = "all"; }, {kTaxPeriodInvalid}},
      {"FY2024",
       [](auto& r) { r.tax_periods = "FY2024"; },
       {kTaxPeriodInvalid}},
      {"N/A periods",
       [](auto& r) { r.tax_periods = "N/A"; },
       {kTaxPeriodMissing}},
      // STATUTE_*
      {"18 USC 1546", [](auto& r) { r.statute = "18 U.S.C. 1546"; }, {}},
      {"Title 8 form",
       [](auto& r) { r.statute = "Title 8, Section 1326"; },
       {}},
      {"two criminal",
       [](auto& r) { r.statute = "8 USC 1326; 18 USC 1028A"; },
       {}},
      {"no statute", [](auto& r) { r.statute = ""; }, {kStatuteMissing}},
      {"1227",
       [](auto& r) { r.statute = "8 U.S.C. 1227(a)(1)(B)"; },
       {kStatuteNotCriminal}},
      {"1229a",
       [](auto& r) { r.statute = "8 U.S.C. § 1229a"; },
       {kStatuteNotCriminal}},
      {"CFR",
       [](auto& r) { r.statute = "8 C.F.R. 241.4"; },
       {kStatuteNotCriminal}},
      {"agency policy",
       [](auto& r) { r.statute = "ICE Directive 11064.3"; },
       {kStatuteNotCriminal}},
      {"criminal plus civil",
       [](auto& r) { r.statute = "8 USC 1326; 8 USC 1227"; },
       {kStatuteNotCriminal}},
      {"Title 26",
       [](auto& r) { r.statute = "26 U.S.C. 7201"; },
       {kStatuteTaxAdministration}},
      {"unknown section",
       [](auto& r) { r.statute = "8 U.S.C. 1999"; },
       {kStatuteUnknown}},
      {"not a citation",
       [](auto& r) { r.statute = "immigration law"; },
       {kStatuteUnknown}},
      {"pending statute",
       [](auto& r) { r.statute = "pending"; },
       {kStatuteMissing}},
      {"civil in a comma list",
       [](auto& r) { r.statute = "8 U.S.C. 1253(a)(1), 8 U.S.C. 1227"; },
       {kStatuteNotCriminal}},
      {"civil spelling refused, not reviewed",
       [](auto& r) { r.statute = "8 USC s 1227(a)"; },
       {kStatuteNotCriminal}},
      {"IRC",
       [](auto& r) { r.statute = "I.R.C. \xC2\xA7 7201"; },
       {kStatuteTaxAdministration}},
      {"1253 without its subsection",
       [](auto& r) { r.statute = "8 U.S.C. 1253"; },
       {kStatuteUnknown}},
      {"state statute",
       [](auto& r) { r.statute = "Tex. Penal Code 38.04"; },
       {kStatuteNotCriminal}},
      // REASON_MISSING, REASON_NOT_SPECIFIC (too short)
      {"no reason", [](auto& r) { r.reason = ""; }, {kReasonMissing}},
      {"N/A reason", [](auto& r) { r.reason = "N/A"; }, {kReasonMissing}},
      {"labelled N/A",
       [](auto& r) { r.reason = "Reason: N/A"; },
       {kReasonMissing}},
      {"see attached",
       [](auto& r) { r.reason = "See attached memorandum."; },
       {kReasonMissing}},
      {"ver adjunto",
       [](auto& r) { r.reason = "Ver adjunto"; },
       {kReasonMissing}},
      {"one word",
       [](auto& r) { r.reason = "Investigation"; },
       {kReasonNotSpecific}},
      {"three words with the name and digits",
       [](auto& r) {
         r.reason = "Ana Kim criminal investigation 2024 ongoing";
       },
       {kReasonNotSpecific}},
      // CASE_MISSING
      {"no case", [](auto& r) { r.case_number = ""; }, {kCaseMissing}},
      {"TBD case", [](auto& r) { r.case_number = "TBD"; }, {kCaseMissing}},
      {"no case number",
       [](auto& r) { r.case_number = "No case number"; },
       {kCaseMissing}},
      {"pending case",
       [](auto& r) { r.case_number = "pending"; },
       {kCaseMissing}},
      // PURPOSE_NOT_PERMITTED
      {"empty purpose", [](auto& r) { r.purpose = ""; }, {}},
      {"judicial", [](auto& r) { r.purpose = "judicial_proceeding"; }, {}},
      {"grand jury spelled out", [](auto& r) { r.purpose = "Grand Jury"; }, {}},
      {"written variants",
       [](auto& r) { r.purpose = "Criminal investigation."; },
       {}},
      {"plural", [](auto& r) { r.purpose = "judicial proceedings"; }, {}},
      {"hyphen", [](auto& r) { r.purpose = "grand-jury"; }, {}},
      {"empty purpose, removal in the reason",
       [](auto& r) {
         r.purpose = "";
         r.reason =
             "Subject failed to depart under a final order of removal and is "
             "charged in the matter";
       },
       {kPurposeUnclear}},
      {"declared purpose, removal in the reason",
       [](auto& r) {
         r.reason =
             "Subject failed to depart under a final order of removal and is "
             "charged in the matter";
       },
       {}},
      {"civil removal",
       [](auto& r) { r.purpose = "civil_removal"; },
       {kPurposeNotPermitted}},
      {"voter rolls",
       [](auto& r) { r.purpose = "voter_roll_maintenance"; },
       {kPurposeNotPermitted}},
      {"benefits",
       [](auto& r) { r.purpose = "benefits_eligibility"; },
       {kPurposeNotPermitted}},
      {"public safety",
       [](auto& r) { r.purpose = "public_safety"; },
       {kPurposeNotPermitted}},
      {"terrorism",
       [](auto& r) { r.purpose = "terrorism"; },
       {kPurposeNotPermitted}},
      // RETURN_INFORMATION_REQUESTED
      {"default fields", [](auto& r) { r.fields_requested = ""; }, {}},
      {"identity fields",
       [](auto& r) { r.fields_requested = "name;address;TIN"; },
       {}},
      {"identity fields with commas",
       [](auto& r) { r.fields_requested = "Name, Address"; },
       {}},
      {"income after a comma",
       [](auto& r) { r.fields_requested = "address,income"; },
       {kReturnInformationRequested}},
      {"income",
       [](auto& r) { r.fields_requested = "address;income"; },
       {kReturnInformationRequested}},
      {"employer",
       [](auto& r) { r.fields_requested = "employer"; },
       {kReturnInformationRequested}},
  };
  for (const auto& c : cases) {
    Evaluation e = With(c.edit);
    EXPECT_EQ(e.codes, c.want) << c.name;
    Outcome want = Outcome::kEligible;
    for (const auto& code : c.want) {
      Outcome o = OutcomeOf(*policy_, code);
      if (o == Outcome::kRejected) want = Outcome::kRejected;
      if (o == Outcome::kReview && want == Outcome::kEligible) want = o;
    }
    EXPECT_EQ(e.outcome, want) << c.name;
  }
}

TEST_F(EvaluatorTest, StatuteUnknownGoesToReview) {
  Evaluation e = With([](auto& r) { r.statute = "8 U.S.C. 1999"; });
  EXPECT_EQ(e.outcome, Outcome::kReview);
}

TEST_F(EvaluatorTest, EveryRuleBrokenIsListedSorted) {
  Evaluation e = With([](auto& r) {
    r.signed_by = "";
    r.person.first_name = "N/A";
    r.person.street = "Homeless";
    r.tax_periods = "";
    r.statute = "8 USC 1999";
    r.reason = "";
    r.case_number = "";
    r.purpose = "civil_removal";
    r.fields_requested = "income";
  });
  EXPECT_EQ(e.codes,
            (Codes{kAddressNotReal, kCaseMissing, kNameMissing,
                   kPurposeNotPermitted, kReasonMissing,
                   kRequesterNotAuthorized, kReturnInformationRequested,
                   kSignatureInvalid, kStatuteUnknown, kTaxPeriodMissing}));
  EXPECT_EQ(e.outcome, Outcome::kRejected);  // rejected beats review
}

TEST_F(EvaluatorTest, OfficialsOutsideTheirValidityAreNotAuthorized) {
  struct Case {
    const char* id;
    const char* from;
    const char* to;
    const char* revoked;
    bool authorized;
  };
  const Case cases[] = {
      {"DEL-1", "2025-01-01", "2026-12-31", "", true},
      {"DEL-1", "2026-03-01", "", "", true},
      {"DEL-1", "", "2026-03-01", "", true},
      {"DEL-1", "2026-03-02", "", "", false},
      {"DEL-1", "", "2026-02-28", "", false},
      {"DEL-1", "", "", "2026-03-01", false},
      {"DEL-1", "", "", "2026-01-01", false},
      {"DEL-1", "", "", "2026-06-01", true},  // revoked after the as-of date
      {"DEL-1", "soon", "", "", false},
      {"INV-1", "", "", "2025-12-31", false},
      {"INV-1", "2027-01-01", "", "", false},
  };
  for (const auto& c : cases) {
    SetUp();
    registry_[c.id].valid_from = c.from;
    registry_[c.id].valid_to = c.to;
    registry_[c.id].revoked_on = c.revoked;
    Evaluation e = One(Good());
    EXPECT_EQ(e.codes.empty(), c.authorized)
        << c.id << " " << c.from << "/" << c.to << "/" << c.revoked;
  }
}

TEST_F(EvaluatorTest, EngagementCeilingCountsDistinctCasesPerEngagedOfficial) {
  std::vector<domain::Request> batch;
  for (int i = 0; i < 100; ++i) batch.push_back(Good(i));
  batch.push_back(Good(0));  // the same case again: still 100 matters
  batch.back().request_id = "R-again";
  batch.back().person.first_name = "Luis";
  for (const auto& e : Run(batch)) {
    EXPECT_EQ(
        std::count(e.codes.begin(), e.codes.end(), kEngagementImplausible), 0);
  }
  batch.push_back(Good(100));  // the 101st matter
  auto evals = Run(batch);
  for (const auto& e : evals) {
    EXPECT_NE(std::find(e.codes.begin(), e.codes.end(), kEngagementImplausible),
              e.codes.end());
    EXPECT_EQ(e.outcome, Outcome::kRejected);
  }
  // Another official's requests in the same batch are not touched, and the
  // signer is never counted.
  domain::Request other = Good(5000);
  other.official_id = "INV-2";
  batch.push_back(other);
  evals = Run(batch);
  EXPECT_TRUE(evals.back().codes.empty());
}

// An earlier request of official `official` in matter `case_number`.
EarlierRequest Earlier(const std::string& official,
                       const std::string& case_number,
                       const std::string& decided_on = "2026-02-01") {
  EarlierRequest e;
  e.agency = "DHS";
  e.request_id = "OLD-" + case_number;
  e.official_id = official;
  e.matter = MatterKey(case_number);
  e.decided_on = decided_on;
  e.label = e.request_id;
  return e;
}

TEST_F(EvaluatorTest, EngagementCountsTheHistoryToo) {
  History h;
  for (int i = 0; i < 100; ++i) {
    h.earlier.push_back(Earlier("INV-1", "CR-" + std::to_string(5000 + i)));
  }
  Evaluation e = One(Good(), h);
  EXPECT_EQ(e.codes, Codes{kEngagementImplausible});
  // The same matter as one already counted adds nothing.
  h.earlier[0] = Earlier("INV-1", "CR 1001");
  EXPECT_TRUE(One(Good(), h).codes.empty());
  // Outside the window, or after the as-of date, nothing counts.
  History old;
  for (int i = 0; i < 100; ++i) {
    old.earlier.push_back(
        Earlier("INV-1", "CR-" + std::to_string(5000 + i), "2025-01-01"));
  }
  old.earlier.push_back(Earlier("INV-1", "CR-77", "2026-06-01"));
  EXPECT_TRUE(One(Good(), old).codes.empty());
}

TEST_F(EvaluatorTest, OneOfficialIsOnePersonWhateverTheirIds) {
  // The same person registered twice, under another id and agency case.
  domain::Official twin = registry_["INV-1"];
  twin.official_id = "INV-1-BIS";
  twin.agency = "dhs";
  registry_[twin.official_id] = twin;
  std::vector<domain::Request> batch;
  for (int i = 0; i < 60; ++i) batch.push_back(Good(i));
  for (int i = 60; i < 101; ++i) {
    batch.push_back(Good(i));
    batch.back().official_id = "INV-1-BIS";
  }
  for (const auto& e : Run(batch)) {
    EXPECT_EQ(e.codes, Codes{kEngagementImplausible});
  }
}

TEST_F(EvaluatorTest, ABroadMatterGoesToReview) {
  auto batch_of = [](int persons) {
    std::vector<domain::Request> batch;
    for (int i = 0; i < persons; ++i) {
      domain::Request r = Good(i);
      r.case_number = "OP-SWEEP-1";
      r.person.first_name = "Person" + Letters(i);
      batch.push_back(r);
    }
    return batch;
  };
  for (const auto& e : Run(batch_of(25))) EXPECT_TRUE(e.codes.empty());
  for (const auto& e : Run(batch_of(26))) {
    EXPECT_EQ(e.codes, Codes{kMatterTooBroad});
    EXPECT_EQ(e.outcome, Outcome::kReview);
  }
  // The same matter written differently is the same matter.
  auto spelled = batch_of(26);
  spelled[3].case_number = "op sweep 01";
  spelled[4].case_number =
      "OP\xE2\x80\x93SWEEP\xE2\x80\x93"
      "1";
  for (const auto& e : Run(spelled)) EXPECT_EQ(e.codes, Codes{kMatterTooBroad});
  // Earlier requests of the matter count; another agency's do not.
  History h;
  for (int i = 0; i < 25; ++i) {
    EarlierRequest e = Earlier("INV-2", "OP-SWEEP-1");
    e.request_id = e.label = "OLD-" + std::to_string(i);
    e.name_key = "earlier person " + Letters(i);
    h.earlier.push_back(e);
  }
  EXPECT_EQ(One(batch_of(1)[0], h).codes, Codes{kMatterTooBroad});
  for (auto& e : h.earlier) e.agency = "DOJ";
  EXPECT_TRUE(One(batch_of(1)[0], h).codes.empty());
}

TEST_F(EvaluatorTest, NamesakesWithoutADateOfBirthCountOnce) {
  std::vector<domain::Request> batch;
  for (int i = 0; i < 30; ++i) {
    domain::Request r = Good(i);
    r.request_id = "R-" + std::to_string(i);
    r.case_number = "OP-2";
    r.official_id = i % 2 ? "INV-1" : "INV-2";
    r.person.first_name = "Person" + Letters(i % 20);
    r.person.dob = "";
    batch.push_back(r);
  }
  // 20 names, no dates: 20 persons (the repeats are duplicates of the same
  // official only where the official is the same).
  for (const auto& e : Run(batch)) {
    EXPECT_EQ(std::count(e.codes.begin(), e.codes.end(), kMatterTooBroad), 0);
  }
}

TEST_F(EvaluatorTest, BoilerplateAboveTheThresholdGoesToReview) {
  auto batch_of = [](int n) {
    std::vector<domain::Request> batch;
    for (int i = 0; i < n; ++i) {
      domain::Request r = Good(i);
      r.person.first_name = i % 2 ? "Luis" : "Ana";
      r.reason = r.person.first_name + " Kim is under investigation (case " +
                 std::to_string(i) + ").";
      batch.push_back(r);
    }
    return batch;
  };
  for (const auto& e : Run(batch_of(25))) {
    EXPECT_TRUE(e.codes.empty());
  }
  for (const auto& e : Run(batch_of(26))) {
    EXPECT_EQ(e.codes, Codes{kReasonNotSpecific});
    EXPECT_EQ(e.outcome, Outcome::kReview);
  }
  // Requests arriving one at a time: the agency's requests of the last
  // seven days count, near-copies included.
  auto earlier = [](int n, const std::string& agency, const char* day) {
    History h;
    for (int i = 0; i < n; ++i) {
      EarlierRequest e = Earlier("INV-2", "CR-" + std::to_string(900 + i), day);
      e.agency = agency;
      e.reason =
          i % 2 ? "is under investigation case" : "is undr investigaton case";
      h.earlier.push_back(e);
    }
    return h;
  };
  domain::Request r = batch_of(1)[0];
  EXPECT_EQ(One(r, earlier(25, "DHS", "2026-02-27")).codes,
            Codes{kReasonNotSpecific});
  EXPECT_TRUE(One(r, earlier(24, "DHS", "2026-02-27")).codes.empty());
  EXPECT_TRUE(One(r, earlier(100, "DOJ", "2026-02-27")).codes.empty());
  EXPECT_TRUE(One(r, earlier(100, "DHS", "2026-02-01")).codes.empty());
}

TEST_F(EvaluatorTest, NearCopiesCountButSubstantiveVariantsDoNot) {
  // Each reason has two letters changed from the template: near-copies.
  const std::string base =
      "The subject is named in a criminal complaint for illegal reentry and "
      "agents need the residence to execute the arrest warrant";
  std::vector<domain::Request> batch;
  for (int i = 0; i < 26; ++i) {
    domain::Request r = Good(i);
    std::string reason = base;
    reason[10 + i] = 'q';
    reason[60 + i] = 'z';
    r.reason = reason;
    batch.push_back(r);
  }
  for (const auto& e : Run(batch))
    EXPECT_EQ(e.codes, Codes{kReasonNotSpecific});
  // Reasons that differ in their substance stay apart.
  for (int i = 0; i < 26; ++i) {
    batch[i].reason = "Subject " + Letters(i * 7919) + " is the witness " +
                      Letters(i * 104729) + " in matter " + Letters(i) +
                      "; the address is needed to serve a subpoena " +
                      Letters(i * 31);
  }
  for (const auto& e : Run(batch)) EXPECT_TRUE(e.codes.empty());
  // A curly apostrophe, a no-break space or full-width digits do not make a
  // template new.
  const std::string templ =
      "The subject's residence is needed to execute the arrest warrant in "
      "criminal complaint CR-1200 for illegal reentry after removal";
  for (int i = 0; i < 26; ++i) {
    std::string reason = templ;
    if (i % 3 == 0) reason.replace(reason.find('\''), 1, "\xE2\x80\x99");
    if (i % 3 == 1) reason.replace(reason.find(' '), 1, "\xC2\xA0");
    if (i % 3 == 2) {
      reason.replace(reason.find("1200"), 4,
                     "\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x90");
    }
    batch[i].reason = reason;
  }
  for (const auto& e : Run(batch))
    EXPECT_EQ(e.codes, Codes{kReasonNotSpecific});
}

TEST_F(EvaluatorTest, EmptyReasonsAreMissingNotBoilerplate) {
  std::vector<domain::Request> batch;
  for (int i = 0; i < 30; ++i) {
    batch.push_back(Good(i));
    batch.back().reason = "";
  }
  for (const auto& e : Run(batch)) EXPECT_EQ(e.codes, Codes{kReasonMissing});
}

TEST_F(EvaluatorTest, RepeatedRequestIdIsADuplicateFromTheSecondOn) {
  domain::Request a = Good(1);
  domain::Request b = Good(2);
  b.request_id = a.request_id;
  domain::Request c = Good(3);
  c.request_id = a.request_id;
  auto evals = Run({a, b, c});
  EXPECT_TRUE(evals[0].codes.empty());
  EXPECT_EQ(evals[1].codes, Codes{kDuplicateRequest});
  EXPECT_EQ(evals[1].duplicate_of, "R-1");
  EXPECT_EQ(evals[2].codes, Codes{kDuplicateRequest});
  EXPECT_EQ(evals[2].outcome, Outcome::kRejected);
}

TEST_F(EvaluatorTest, TheSameRequestIdAtAnotherAgencyIsANewRequest) {
  domain::Request a = Good(1);
  domain::Request b = Good(2);
  b.request_id = a.request_id;
  b.signed_by = "HEAD-2";
  b.official_id = "INV-DOJ";
  auto evals = Run({a, b});
  EXPECT_TRUE(evals[0].codes.empty());
  EXPECT_TRUE(evals[1].codes.empty());
}

TEST_F(EvaluatorTest, SameOfficialMatterAndPersonIsADuplicate) {
  domain::Request a = Good(1);
  domain::Request b = a;
  b.request_id = "R-new";
  b.reason = "A different reason for the same matter";
  b.person.first_name = "ANA";
  b.person.middle_name = "M";
  b.case_number = "cr 1001";
  auto evals = Run({a, b});
  EXPECT_TRUE(evals[0].codes.empty());
  EXPECT_EQ(evals[1].codes, Codes{kDuplicateRequest});
  EXPECT_EQ(evals[1].duplicate_of, "R-1");
  // Another matter, another person, or another official: not a duplicate.
  for (auto edit : std::vector<std::function<void(domain::Request&)>>{
           [](auto& r) { r.case_number = "CR-9"; },
           [](auto& r) { r.person.dob = "1990-01-01"; },
           [](auto& r) { r.person.last_name = "Lee"; },
           [](auto& r) { r.official_id = "INV-2"; }}) {
    domain::Request c = b;
    edit(c);
    EXPECT_TRUE(Run({a, c})[1].codes.empty());
  }
  // Among thousands of persons under one matter, the same person is found
  // whichever way round the names are (the index of name words), and the
  // earliest one is pointed at.
  std::vector<domain::Request> many;
  for (int i = 0; i < 3000; ++i) {
    domain::Request r = Good(1);
    r.request_id = "M-" + std::to_string(i);
    r.person.first_name = "Given" +
                          std::string(1, static_cast<char>('a' + i % 26)) +
                          std::string(1, static_cast<char>('a' + i / 26 % 26)) +
                          std::string(1, static_cast<char>('a' + i / 676));
    r.person.middle_name = "";
    r.person.last_name = "Garcia";
    r.person.dob = "";
    many.push_back(r);
  }
  domain::Request again = many[1234];
  again.request_id = "M-again";
  again.person.first_name = "Garcia";
  again.person.last_name = many[1234].person.first_name + " Luis";
  many.push_back(again);
  std::vector<Evaluation> evals_many = Run(many);
  EXPECT_EQ(evals_many.back().duplicate_of, "M-1234");
  EXPECT_EQ(evals_many[2999].duplicate_of, "");
  // Two nameless requests are NAME_MISSING, not duplicates of each other.
  domain::Request x = Good(1);
  x.person.first_name = x.person.last_name = "";
  domain::Request y = x;
  y.request_id = "R-y";
  EXPECT_EQ(Run({x, y})[1].codes, Codes{kNameMissing});
}

TEST_F(EvaluatorTest, EarlierBatchesMakeDuplicates) {
  History h;
  EarlierRequest id = Earlier("INV-2", "CR-77", "2020-02-01");
  id.request_id = "R-1";
  id.label = "R-1 (batch abc, 2020-02-01, eligible)";
  h.earlier.push_back(id);
  Evaluation e = One(Good(1), h);
  EXPECT_EQ(e.codes, Codes{kDuplicateRequest});
  EXPECT_EQ(e.duplicate_of, "R-1 (batch abc, 2020-02-01, eligible)");
  // The same id from another agency is another request.
  domain::Request doj = Good(1);
  doj.signed_by = "HEAD-2";
  doj.official_id = "INV-DOJ";
  EXPECT_TRUE(One(doj, h).codes.empty());

  // The same official, matter and person, years ago.
  History s;
  domain::Request earlier = Good(1);
  EarlierRequest subject = Earlier("INV-1", earlier.case_number, "2019-01-01");
  subject.request_id = subject.label = "OLD-7";
  subject.name_key = PersonNameKey("", earlier.person);
  subject.dob_key = DobKey(earlier.person.dob);
  s.earlier.push_back(subject);
  e = One(Good(1), s);
  EXPECT_EQ(e.codes, Codes{kDuplicateRequest});
  EXPECT_EQ(e.duplicate_of, "OLD-7");
}

TEST_F(EvaluatorTest, ThePersonAndMatterAreComparedAsLawMdSays) {
  domain::Request a = Good(1);
  a.person.first_name = "Jos\xC3\xA9 \xC3\x81ngel";
  a.person.last_name =
      "Pe\xC3\xB1"
      "a";
  a.case_number = "CASE-03";
  auto dup = [&](const std::function<void(domain::Request&)>& edit) {
    domain::Request b = a;
    b.request_id = "R-again";
    edit(b);
    auto evals = Run({a, b});
    return evals[1].codes == Codes{kDuplicateRequest};
  };
  EXPECT_TRUE(dup([](auto& b) {
    b.person.first_name = "JOS\xC3\x89 \xC3\x81NGEL";
    b.person.last_name =
        "PE\xC3\x91"
        "A";
  }));
  EXPECT_TRUE(dup([](auto& b) { b.case_number = "case 3"; }));
  EXPECT_TRUE(dup([](auto& b) {
    b.case_number =
        "CASE\xE2\x80\x93"
        "3";
  }));
  EXPECT_TRUE(dup([](auto& b) { b.person.dob = ""; }));
  EXPECT_TRUE(dup([](auto& b) { b.person.dob = "2023-02-30"; }));
  EXPECT_TRUE(dup([](auto& b) { b.person.dob = "unknown"; }));
  EXPECT_FALSE(dup([](auto& b) { b.person.dob = "1991-01-01"; }));
  EXPECT_FALSE(dup([](auto& b) { b.case_number = "CASE-30"; }));
  EXPECT_EQ(MatterKey("M-1-23"), "m-1-23");
  // An annotation in brackets does not unmake a case number, but matters
  // compare as written (LAW.md): the annotation is part of the matter.
  EXPECT_NE(MatterKey("CR-2026-0042 (pending)"), MatterKey("CR-2026-0042"));
  EXPECT_EQ(CaseCore("TBD (2026)"), "TBD (2026)");
  EXPECT_TRUE(CaseMissing("TBD (2026)", *policy_));
  EXPECT_FALSE(CaseMissing("CR-2026-0042 (pending)", *policy_));
  EXPECT_NE(MatterKey("CR-2026 (0043)"), MatterKey("CR-2026 (0044)"));
  EXPECT_FALSE(
      CaseMissing("CR-77 \xEF\xB9\x99"
                  "a\xEF\xB9\x9A",
                  *policy_));  // small parentheses
  EXPECT_TRUE(CaseMissing("(pending) 2026", *policy_));
  EXPECT_TRUE(CaseMissing("[TBD] 1", *policy_));
  EXPECT_TRUE(CaseMissing("CR-2026-____", *policy_));
  EXPECT_TRUE(CaseMissing("CR-2025-####", *policy_));
  // Request ids: separators of any kind alike, digits as written.
  EXPECT_EQ(RequestIdKey("REQ\xE2\x81\x93"
                         "001"),
            RequestIdKey("req-001"));
  EXPECT_EQ(RequestIdKey("REQ\xE3\x83\xBB"
                         "001"),
            RequestIdKey("REQ 001"));
  EXPECT_NE(RequestIdKey("REQ-01"), RequestIdKey("REQ-1"));
  EXPECT_NE(MatterKey("M-1-23"), MatterKey("M-12-3"));
  EXPECT_EQ(MatterKey("CASE\xE2\x80\x93"
                      "3"),
            MatterKey("case 3"));
  EXPECT_EQ(MatterKey("CASE-03"), MatterKey("case 3"));
  EXPECT_EQ(MatterKey("CR-1\xD0\x9E"
                      "37"),
            MatterKey("CR-1037"));
}

TEST_F(EvaluatorTest, AForgedRequestCountsNowhere) {
  // A request with a bad signature is refused, and neither makes the real
  // request after it a duplicate nor uses up the official's matters.
  domain::Request forged = Good(1);
  Sign(forged);
  forged.person.street = "999 Other St";  // altered after signing
  domain::Request real = Good(1);
  real.request_id = "R-real";
  Sign(real);
  auto evals =
      EvaluateBatch(*policy_, {forged, real}, Lookup(), History{}, kAsOf);
  EXPECT_EQ(evals[0].codes, Codes{kSignatureInvalid});
  EXPECT_TRUE(evals[1].codes.empty());
}

TEST_F(EvaluatorTest, SignaturesAreCheckedWithTheRegistrysKey) {
  auto eval = [&](domain::Request r, const Policy& p) {
    return EvaluateBatch(p, {r}, Lookup(), History{}, kAsOf)[0].codes;
  };
  domain::Request r = Good();
  Sign(r);
  EXPECT_TRUE(eval(r, *policy_).empty());
  domain::Request missing = Good();
  EXPECT_EQ(eval(missing, *policy_), Codes{kSignatureInvalid});
  domain::Request altered = r;
  altered.reason += ".";
  EXPECT_EQ(eval(altered, *policy_), Codes{kSignatureInvalid});
  domain::Request spaced = r;
  spaced.case_number = " " + spaced.case_number;  // bytes as given
  EXPECT_EQ(eval(spaced, *policy_), Codes{kSignatureInvalid});
  domain::Request by_engaged = Good();
  by_engaged.signature = domain::SignRequest(
      by_engaged, domain::TestKeySeed(kKeySeed, by_engaged.official_id));
  EXPECT_EQ(eval(by_engaged, *policy_), Codes{kSignatureInvalid});
  domain::Request garbage = Good();
  garbage.signature = "not-a-signature!";
  EXPECT_EQ(eval(garbage, *policy_), Codes{kSignatureInvalid});
  domain::Request outsider = Good();
  outsider.signature =
      domain::SignRequest(outsider, domain::TestKeySeed("someone else", "x"));
  EXPECT_EQ(eval(outsider, *policy_), Codes{kSignatureInvalid});
  registry_["DEL-1"].public_key.clear();  // a signer with no key
  EXPECT_EQ(eval(r, *policy_), Codes{kSignatureInvalid});
  SetUp();
  // A policy that does not require signatures still refuses a bad one.
  Policy lax = *policy_;
  lax.require_signatures = false;
  EXPECT_TRUE(eval(missing, lax).empty());
  EXPECT_EQ(eval(altered, lax), Codes{kSignatureInvalid});
}

TEST_F(EvaluatorTest, LegalHoldBarsTheAgency) {
  History h;
  h.agencies_on_hold.insert("DHS");
  EXPECT_EQ(One(Good(), h).codes, Codes{kLegalHold});
  // Agency codes compare case-insensitively: a hold on "dhs" stops an
  // official registered under "DHS", and the other way round.
  History lower;
  lower.agencies_on_hold.insert("dhs");
  EXPECT_EQ(One(Good(), lower).codes, Codes{kLegalHold});
  domain::Request registered_lower = Good();
  registered_lower.official_id = "INV-LOWER";
  EXPECT_EQ(One(registered_lower, h).codes, Codes{kLegalHold});
  domain::Request doj = Good();
  doj.signed_by = "HEAD-2";
  doj.official_id = "INV-DOJ";
  EXPECT_TRUE(One(doj, h).codes.empty());
  Policy held = *policy_;
  held.agencies_on_hold = {"DOJ"};
  Sign(doj);
  auto e = EvaluateBatch(held, {doj}, Lookup(), History{}, kAsOf);
  EXPECT_EQ(e[0].codes, Codes{kLegalHold});
  EXPECT_EQ(e[0].outcome, Outcome::kRejected);
}

TEST_F(EvaluatorTest, AsOfDateDecidesWhichYearsAreClosed) {
  domain::Request r = Good();
  r.tax_periods = "2025";
  EXPECT_TRUE(Run({r}, History{}, Date{2026, 1, 1})[0].codes.empty());
  EXPECT_EQ(Run({r}, History{}, Date{2025, 12, 31})[0].codes,
            Codes{kTaxPeriodInvalid});
}

TEST_F(EvaluatorTest, WithheldI6IsAddedAfterMatching) {
  Evaluation e = One(Good());
  AddWithheldI6(*policy_, &e);
  EXPECT_EQ(e.codes, Codes{kWithheldI6});
  EXPECT_EQ(e.outcome, Outcome::kRejected);
}

TEST_F(EvaluatorTest, CombineSortsDeduplicatesAndRanksOutcomes) {
  Evaluation e =
      Combine(*policy_, {kStatuteUnknown, kReasonNotSpecific, kStatuteUnknown});
  EXPECT_EQ(e.codes, (Codes{kReasonNotSpecific, kStatuteUnknown}));
  EXPECT_EQ(e.outcome, Outcome::kReview);
  e = Combine(*policy_, {kStatuteUnknown, kCaseMissing});
  EXPECT_EQ(e.outcome, Outcome::kRejected);
  EXPECT_EQ(Combine(*policy_, {}).outcome, Outcome::kEligible);
}

TEST_F(EvaluatorTest, PeriodsAndFieldsAreReadAsTheReleaseReadsThem) {
  std::vector<int> years;
  EXPECT_EQ(ReadTaxPeriods("2020-2022; 2024", policy_->placeholders, &years),
            PeriodsReading::kOk);
  EXPECT_EQ(years, (std::vector<int>{2020, 2021, 2022, 2024}));
  EXPECT_EQ(ReadTaxPeriods("2022, 2023,2022", policy_->placeholders, &years),
            PeriodsReading::kOk);
  EXPECT_EQ(years, (std::vector<int>{2022, 2023}));
  EXPECT_EQ(ReadTaxPeriods("n/a", policy_->placeholders, &years),
            PeriodsReading::kMissing);
  EXPECT_EQ(ReadTaxPeriods("2022;x", policy_->placeholders, &years),
            PeriodsReading::kInvalid);
  EXPECT_EQ(RequestedFields(""), (std::vector<std::string>{"address"}));
  EXPECT_EQ(RequestedFields("Address;NAME;address"),
            (std::vector<std::string>{"address", "name"}));
  EXPECT_EQ(RequestedFields("name and addresses"),
            (std::vector<std::string>{"address", "name"}));
  EXPECT_EQ(RequestedFields("address, income"),
            (std::vector<std::string>{"address", "income"}));
}

TEST_F(EvaluatorTest, PersonKeysFoldNamesAndReadDates) {
  domain::PersonQuery a;
  a.first_name = "Ana";
  a.last_name = "Garcia-Lopez";
  domain::PersonQuery b;
  b.first_name = " ANA ";
  b.last_name = "garcia lopez";
  b.middle_name = "Maria";
  // One person's name, however it is written and split: b's words hold a's.
  EXPECT_TRUE(SameName(PersonNameKey("k", a), PersonNameKey("k", b)));
  domain::PersonQuery split;  // "Ana María | Garcia López" in three fields
  split.first_name = "Ana";
  split.middle_name = "María";
  split.last_name = "García";
  domain::PersonQuery joined;
  joined.first_name = "ANA MARIA";
  joined.last_name = "GARCIA";
  EXPECT_EQ(PersonNameKey("k", split), PersonNameKey("k", joined));
  // Two middle names are two persons; an initial is left out.
  domain::PersonQuery luis = split, antonio = split, initial = split;
  luis.middle_name = "Luis";
  antonio.middle_name = "Antonio";
  initial.middle_name = "L.";
  EXPECT_FALSE(SameName(PersonNameKey("k", luis), PersonNameKey("k", antonio)));
  EXPECT_TRUE(SameName(PersonNameKey("k", initial), PersonNameKey("k", luis)));
  // A one-letter surname is a name; a run of Han characters is one word.
  domain::PersonQuery o, kim;
  o.first_name = kim.first_name = "Min-jun";
  o.last_name = "O";
  kim.last_name = "Kim";
  EXPECT_FALSE(SameName(PersonNameKey("k", o), PersonNameKey("k", kim)));
  domain::PersonQuery wang_ming, wang_xiaoming;
  wang_ming.last_name = wang_xiaoming.last_name = "\xE7\x8E\x8B";  // 王
  wang_ming.first_name = "\xE6\x98\x8E";                           // 明
  wang_xiaoming.first_name = "\xE5\xB0\x8F\xE6\x98\x8E";           // 小明
  EXPECT_FALSE(SameName(PersonNameKey("k", wang_ming),
                        PersonNameKey("k", wang_xiaoming)));
  // The key holds digests, never the name.
  EXPECT_EQ(PersonNameKey("k", a).find("ana"), std::string::npos);
  EXPECT_EQ(DobKey("1980-01-02"), "1980-01-02");
  EXPECT_EQ(DobKey(" 1980-01-02 "), "1980-01-02");
  EXPECT_EQ(DobKey("2023-02-30"), "");
  EXPECT_EQ(DobKey("01/02/1980"), "");
  EXPECT_EQ(SubjectDigest("", "x"), "x");
  EXPECT_EQ(SubjectDigest("k", ""), "");
  EXPECT_NE(SubjectDigest("k", "x"), "x");
}

TEST_F(EvaluatorTest, AgencyOfPrefersTheEngagedOfficial) {
  domain::Request r = Good();
  EXPECT_EQ(AgencyOf(r, Lookup()), "DHS");
  r.official_id = "INV-DOJ";
  EXPECT_EQ(AgencyOf(r, Lookup()), "DOJ");
  r.official_id = "NOBODY";
  EXPECT_EQ(AgencyOf(r, Lookup()), "DHS");  // the signer's
  r.signed_by = "NOBODY";
  EXPECT_EQ(AgencyOf(r, Lookup()), "");
  r.official_id = "INV-LOWER";  // registered under "dhs"
  EXPECT_EQ(AgencyOf(r, Lookup()), "DHS");
}

}  // namespace
}  // namespace taxgate::policy

namespace taxgate::policy {
namespace {

// The service keeps a HistoryIndex and extends it with each batch's
// decisions instead of rebuilding it: the evaluation must be the one a
// History holding everything gives, rule by rule.
TEST_F(EvaluatorTest, AnIndexExtendedRequestByRequestDecidesAsTheWholeHistory) {
  History whole;
  History first_half;
  std::vector<EarlierRequest> second_half;
  for (int i = 0; i < 100; ++i) {
    EarlierRequest e = Earlier("INV-1", "CR-" + std::to_string(5000 + i));
    if (i == 7) {
      // An earlier request with the id and subject the batch repeats.
      domain::Request earlier = Good(3);
      e.request_id = e.label = Good(3).request_id;
      e.matter = MatterKey(earlier.case_number);
      e.name_key = PersonNameKey("", earlier.person);
      e.dob_key = DobKey(earlier.person.dob);
      e.reason = NormalizeReason(earlier.reason, earlier.person);
    }
    whole.earlier.push_back(e);
    if (i < 50) {
      first_half.earlier.push_back(e);
    } else {
      second_half.push_back(e);
    }
  }
  HistoryIndex index(*policy_, first_half, Lookup(), kAsOf);
  for (const auto& e : second_half) index.Add(e, Lookup());
  std::vector<domain::Request> batch = {Good(1), Good(3), Good(4)};
  batch[2].official_id = "INV-2";
  for (auto& r : batch) Sign(r);
  auto from_whole = EvaluateBatch(*policy_, batch, Lookup(), whole, kAsOf);
  auto from_index = EvaluateBatch(*policy_, batch, Lookup(), index);
  ASSERT_EQ(from_whole.size(), from_index.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ(from_index[i].codes, from_whole[i].codes) << i;
    EXPECT_EQ(from_index[i].outcome, from_whole[i].outcome) << i;
    EXPECT_EQ(from_index[i].duplicate_of, from_whole[i].duplicate_of) << i;
  }
  // And the rules that look at the past did fire: 100 matters of INV-1,
  // and request 3 seen before.
  EXPECT_NE(std::find(from_index[0].codes.begin(), from_index[0].codes.end(),
                      kEngagementImplausible),
            from_index[0].codes.end());
  EXPECT_NE(std::find(from_index[1].codes.begin(), from_index[1].codes.end(),
                      kDuplicateRequest),
            from_index[1].codes.end());
}

}  // namespace
}  // namespace taxgate::policy
