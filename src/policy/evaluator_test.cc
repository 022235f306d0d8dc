// Golden tests of the evaluator: for every rule a request that keeps it and
// one that breaks it (and nothing else), the batch rules at their
// thresholds, the history, and how outcomes combine.
#include "policy/evaluator.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace taxgate::policy {
namespace {

using domain::Outcome;
using Codes = std::vector<std::string>;

constexpr Date kAsOf{2026, 3, 1};

domain::Official MakeOfficial(std::string id, std::string agency,
                              domain::Role role) {
  domain::Official o;
  o.official_id = std::move(id);
  o.name = o.official_id;
  o.agency = std::move(agency);
  o.role = role;
  return o;
}

class EvaluatorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto p = LoadDefaultPolicy();
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    policy_ = new Policy(std::move(p).value());
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
                   MakeOfficial("INV-DOJ", "DOJ", Role::kInvestigator)}) {
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

  // A request that keeps every rule.
  static domain::Request Good(int n = 1) {
    domain::Request r;
    r.request_id = "R-" + std::to_string(n);
    r.signed_by = "DEL-1";
    r.official_id = "INV-1";
    r.case_number = "CR-" + std::to_string(1000 + n);
    r.statute = "8 U.S.C. 1253(a)(1)";
    r.tax_periods = "2023;2024";
    r.reason = "Subject is a target in an indictment (matter CR-" +
               std::to_string(1000 + n) +
               "); an address is needed to serve a "
               "subpoena at site " +
               Letters(n);
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

  std::vector<Evaluation> Run(const std::vector<domain::Request>& batch,
                              const History& h = History{},
                              Date as_of = kAsOf) const {
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
       {kRequesterNotAuthorized}},
      {"no signer",
       [](auto& r) { r.signed_by = ""; },
       {kRequesterNotAuthorized}},
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
      {"digits", [](auto& r) { r.person.last_name = "12345"; }, {kNameMissing}},
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
      {"range",
       [](auto& r) { r.tax_periods = "2022-2023"; },
       {kTaxPeriodInvalid}},
      {"commas",
       [](auto& r) { r.tax_periods = "2022,2023"; },
       {kTaxPeriodInvalid}},
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
      // REASON_MISSING
      {"no reason", [](auto& r) { r.reason = ""; }, {kReasonMissing}},
      {"N/A reason", [](auto& r) { r.reason = "N/A"; }, {kReasonMissing}},
      // CASE_MISSING
      {"no case", [](auto& r) { r.case_number = ""; }, {kCaseMissing}},
      {"TBD case", [](auto& r) { r.case_number = "TBD"; }, {kCaseMissing}},
      // PURPOSE_NOT_PERMITTED
      {"empty purpose", [](auto& r) { r.purpose = ""; }, {}},
      {"judicial", [](auto& r) { r.purpose = "judicial_proceeding"; }, {}},
      {"grand jury spelled out", [](auto& r) { r.purpose = "Grand Jury"; }, {}},
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
    r.person.first_name = "NA";
    r.person.street = "Homeless";
    r.tax_periods = "";
    r.statute = "8 USC 1999";
    r.reason = "";
    r.case_number = "";
    r.purpose = "civil_removal";
    r.fields_requested = "income";
  });
  EXPECT_EQ(
      e.codes,
      (Codes{kAddressNotReal, kCaseMissing, kNameMissing, kPurposeNotPermitted,
             kReasonMissing, kRequesterNotAuthorized,
             kReturnInformationRequested, kStatuteUnknown, kTaxPeriodMissing}));
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

TEST_F(EvaluatorTest, EngagementCountsTheHistoryToo) {
  History h;
  for (int i = 0; i < 100; ++i) {
    h.cases_by_official["INV-1"].insert("cr-" + std::to_string(5000 + i));
  }
  Evaluation e = One(Good(), h);
  EXPECT_EQ(e.codes, Codes{kEngagementImplausible});
  // The same matter as one already counted adds nothing.
  h.cases_by_official["INV-1"].erase("cr-5000");
  h.cases_by_official["INV-1"].insert("CR 1001");
  EXPECT_TRUE(One(Good(), h).codes.empty());
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
  // Requests arriving one at a time: the agency's recent requests count.
  History h;
  h.recent_reasons["DHS"]["is under investigation case"] = 25;
  domain::Request r = batch_of(1)[0];
  EXPECT_EQ(One(r, h).codes, Codes{kReasonNotSpecific});
  h.recent_reasons["DHS"]["is under investigation case"] = 24;
  EXPECT_TRUE(One(r, h).codes.empty());
  h.recent_reasons.clear();
  h.recent_reasons["DOJ"]["is under investigation case"] = 100;
  EXPECT_TRUE(One(r, h).codes.empty());
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
  // Two nameless requests are NAME_MISSING, not duplicates of each other.
  domain::Request x = Good(1);
  x.person.first_name = x.person.last_name = "";
  domain::Request y = x;
  y.request_id = "R-y";
  EXPECT_EQ(Run({x, y})[1].codes, Codes{kNameMissing});
}

TEST_F(EvaluatorTest, EarlierBatchesMakeDuplicates) {
  History h;
  h.earlier_request_ids[std::string("DHS") + '\x1f' + "R-1"] =
      "R-1 (batch abc, 2026-02-01, eligible)";
  Evaluation e = One(Good(1), h);
  EXPECT_EQ(e.codes, Codes{kDuplicateRequest});
  EXPECT_EQ(e.duplicate_of, "R-1 (batch abc, 2026-02-01, eligible)");
  // The same id from another agency is another request.
  domain::Request doj = Good(1);
  doj.signed_by = "HEAD-2";
  doj.official_id = "INV-DOJ";
  EXPECT_TRUE(One(doj, h).codes.empty());

  History s;
  domain::Request earlier = Good(1);
  earlier.request_id = "OLD-7";
  s.earlier_subjects[SubjectKey(earlier)] = "OLD-7";
  e = One(Good(1), s);
  EXPECT_EQ(e.codes, Codes{kDuplicateRequest});
  EXPECT_EQ(e.duplicate_of, "OLD-7");
}

TEST_F(EvaluatorTest, LegalHoldBarsTheAgency) {
  History h;
  h.agencies_on_hold.insert("DHS");
  EXPECT_EQ(One(Good(), h).codes, Codes{kLegalHold});
  domain::Request doj = Good();
  doj.signed_by = "HEAD-2";
  doj.official_id = "INV-DOJ";
  EXPECT_TRUE(One(doj, h).codes.empty());
  Policy held = *policy_;
  held.agencies_on_hold = {"DOJ"};
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

TEST_F(EvaluatorTest, SubjectKeyIgnoresCaseSpacingAndPunctuation) {
  domain::Request a = Good();
  domain::Request b = a;
  b.person.last_name = " kim ";
  b.case_number = "cr1001";
  b.official_id = "inv-1";
  b.person.middle_name = "Maria";
  EXPECT_EQ(SubjectKey(a), SubjectKey(b));
  b.person.dob = "1980-01-03";
  EXPECT_NE(SubjectKey(a), SubjectKey(b));
  EXPECT_EQ(NormalizeCaseNumber("cr-1001 / a"), "CR1001A");
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
}

}  // namespace
}  // namespace taxgate::policy
