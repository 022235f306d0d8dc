#include "service/console.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "common/crypto.h"
#include "common/strings.h"
#include "disclosure/audit_entry.h"
#include "domain/request_signature.h"
#include "linkage/person.h"
#include "pipeline/answers.h"
#include "pipeline/checkpoints.h"
#include "pipeline/console_users.h"
#include "pipeline/review.h"
#include "pipeline/review_requests.h"
#include "pipeline/witnesses.h"
#include "service/console_assets.h"
#include "service/http_server.h"
#include "service/listener.h"
#include "service/tls.h"

namespace taxgate::service {
namespace {

using Json = nlohmann::json;

constexpr char kCookie[] = "__Host-taxgate_session";
// The largest request body the console takes (a login or a decision).
constexpr size_t kMaxBody = 64 * 1024;
constexpr char kJson[] = "application/json";

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string IsoOf(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Seconds since the epoch of "YYYY-MM-DDTHH:MM:SS..." (UTC), -1 when not.
int64_t SecondsOf(const std::string& iso) {
  std::tm tm{};
  std::istringstream in(iso);
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  if (in.fail()) return -1;
  return static_cast<int64_t>(timegm(&tm));
}

// A member of a JSON object that is a string; "" otherwise (a body is
// the caller's, nothing in it is trusted to have the right type).
std::string StringMember(const Json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

std::string Token() {
  const std::string bytes = RandomBytes(32);
  return ToHex(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
}

// A TIN as the console shows it: only its last four digits.
std::string MaskTin(const std::string& tin) {
  std::string digits;
  for (char c : tin) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  if (digits.empty()) return tin.empty() ? "" : "(not digits)";
  if (digits.size() <= 4) return "***-**-****";
  return "***-**-" + digits.substr(digits.size() - 4);
}

void Headers(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; "
                 "img-src 'self' data:; connect-src 'self'; form-action "
                 "'self'; frame-ancestors 'none'; base-uri 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("Strict-Transport-Security", "max-age=31536000");
  res.set_header("Cache-Control", "no-store");
}

void SendJson(httplib::Response& res, int status, const Json& body) {
  res.status = status;
  res.set_content(body.dump(), kJson);
}

void SendError(httplib::Response& res, int status, const std::string& message) {
  SendJson(res, status, Json{{"error", message}});
}

void SendStatus(httplib::Response& res, const Status& s) {
  SendError(res, HttpStatusOf(s), s.message());
}

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  for (const std::string& part : Split(req.get_header_value("Cookie"), ';')) {
    std::string p(Trim(part));
    if (p.rfind(name + "=", 0) == 0) return p.substr(name.size() + 1);
  }
  return "";
}

Json PersonJson(const std::string& first, const std::string& middle,
                const std::string& last, const std::string& dob,
                const std::string& street, const std::string& unit,
                const std::string& city, const std::string& state,
                const std::string& zip, const std::string& tin) {
  return Json{{"first_name", first}, {"middle_name", middle},
              {"last_name", last},   {"dob", dob},
              {"street", street},    {"unit", unit},
              {"city", city},        {"state", state},
              {"zip", zip},          {"tin", MaskTin(tin)}};
}

// The person as the matcher compares it, in the same fields.
Json NormalizedJson(const linkage::Person& p) {
  std::string dob;
  if (p.dob) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", p.dob->year, p.dob->month,
                  p.dob->day);
    dob = buf;
  }
  const std::string& first = p.name.given.empty() ? "" : p.name.given[0];
  return PersonJson(first, p.name.middle, Join(p.name.surnames, " "), dob,
                    p.address.StreetLine(), p.address.unit, p.address.city,
                    p.address.state, p.address.zip5, p.tin);
}

struct Session {
  std::string user, role, csrf;
  int64_t created = 0, last = 0;
};

// One `review` entry of the log, for the supervisor's view.
struct ReviewEvent {
  int64_t leaf = 0;
  std::string time, reviewer, action, reason, batch, request_id, proposed_by;
  int64_t position = -1;
};

}  // namespace

struct Console::Impl {
  Service* service;
  const ruleset::Ruleset& rules;
  ConsoleStore store;
  ThreadPool* pool;
  ConsoleOptions o;
  std::unique_ptr<httplib::SSLServer> server;
  std::atomic<int> bound_port{0};

  // The store, the sessions and the counts are used under `mu`.
  std::mutex mu;
  std::map<std::string, Session> sessions;      // by token
  std::map<std::string, int> failures;          // failed logins in a row
  std::vector<ReviewEvent> events;              // the log's review entries
  int64_t scanned = 0;                          // leaves read for `events`
  std::map<std::string, std::string> received;  // batch -> received_at

  Impl(Service* s, const ruleset::Ruleset& r, ConsoleStore st, ThreadPool* p,
       ConsoleOptions opt)
      : service(s),
        rules(r),
        store(std::move(st)),
        pool(p),
        o(std::move(opt)) {}

  pipeline::OperatorContext Operator(const std::string& who) const {
    return {store.db, store.ledger,           store.key,
            who,      pipeline::NowIso8601(), store.index_path};
  }

  // Runs a write that commits once (DecideReview); when another writer
  // (the API, a command) committed since the console's ledger read the log,
  // reads it again and tries again.
  template <typename F>
  auto Write(F f) -> decltype(f()) {
    auto result = f();
    for (int attempt = 0; attempt < 3; ++attempt) {
      StatusCode c = result.status().code();
      if (c != StatusCode::kFailedPrecondition && c != StatusCode::kAborted) {
        break;
      }
      if (!store.ledger->Reload().ok()) break;
      result = f();
    }
    return result;
  }

  // One `operator` entry by `who` (CommitRetrying reads the log again when
  // another writer committed meanwhile).
  Status Audit(const std::string& who, const std::string& action,
               std::vector<std::pair<std::string, std::string>> facts) {
    facts.insert(facts.begin(), {"user", who});
    const auto op = Operator(who);
    return store.ledger->CommitRetrying([&]() -> Result<storage::WriteSet> {
      disclosure::Actor a;
      a.kind = "operator";
      a.name = "console:" + who;
      store.ledger->Stage(disclosure::OperatorEntry(
          disclosure::EntryContext{"", -1, op.time, op.key}, a, action, facts));
      return storage::WriteSet{};
    });
  }

  // Sets (or, with "", clears) `user`'s lock, audited as `action`.
  Status SetLockedUntil(
      const std::string& user, const std::string& until,
      const std::string& action,
      const std::vector<std::pair<std::string, std::string>>& facts) {
    return pipeline::ChangeConsoleUsers(Operator("console"), action, facts,
                                        [&](pipeline::ConsoleUsers* users) {
                                          auto it = users->find(user);
                                          if (it != users->end())
                                            it->second.locked_until = until;
                                          return Status::Ok();
                                        });
  }

  // The session of `req`, refreshed; nullptr (and the response sent) when
  // there is none, it expired, its role is not among `roles`, or a write
  // lacks the CSRF token.
  const Session* Authed(const httplib::Request& req, httplib::Response& res,
                        std::initializer_list<const char*> roles,
                        bool write = false) {
    Headers(res);
    const std::string token = CookieValue(req, kCookie);
    auto it = sessions.find(token);
    const int64_t now = NowSeconds();
    if (token.empty() || it == sessions.end()) {
      SendError(res, 401, "not logged in");
      return nullptr;
    }
    Session& s = it->second;
    if (now - s.last > o.idle_minutes * 60 ||
        now - s.created > int64_t{o.session_hours} * 3600) {
      sessions.erase(it);
      SendError(res, 401, "the session expired: log in again");
      return nullptr;
    }
    if (write && !SecureEqual(req.get_header_value("X-CSRF-Token"), s.csrf)) {
      SendError(res, 403, "missing or wrong X-CSRF-Token");
      return nullptr;
    }
    // The user as stored now: one disabled, locked, removed or given
    // another role since logging in is logged out.
    auto users = pipeline::ReadConsoleUsers(store.db, store.key);
    if (!users.ok()) {
      SendStatus(res, users.status());
      return nullptr;
    }
    auto u = users->find(s.user);
    if (u == users->end() || u->second.disabled || u->second.role != s.role ||
        SecondsOf(u->second.locked_until) > now) {
      sessions.erase(it);
      SendError(res, 401,
                "your account was changed since you logged in: log in again");
      return nullptr;
    }
    if (std::none_of(roles.begin(), roles.end(),
                     [&](const char* r) { return s.role == r; })) {
      SendError(res, 403, "a " + s.role + " may not do this");
      return nullptr;
    }
    s.last = now;
    return &s;
  }

  std::string ReceivedAt(const std::string& batch) {
    auto it = received.find(batch);
    if (it != received.end()) return it->second;
    auto b = store.db->FindBatch(batch);
    std::string at = b.ok() && *b ? (*b)->received_at : "";
    received.emplace(batch, at);
    return at;
  }

  Json RuleJson(const std::string& code) const {
    auto it = rules.policy->rules.find(code);
    if (it != rules.policy->rules.end()) {
      return Json{{"code", code},
                  {"citation", it->second.citation},
                  {"statement", it->second.statement},
                  {"kind", "law"}};
    }
    if (pipeline::IsMatchingCode(code)) {
      return Json{
          {"code", code},
          {"citation", "26 U.S.C. 6103(i)(2); taxgate's linkage model"},
          {"statement",
           code == "AMBIGUOUS"
               ? "More than one taxpayer matches the person named: a person "
                 "must say which, if any, is the one."
               : "The best candidate's match probability is below the "
                 "threshold for an answer without a person: a person must "
                 "confirm or refuse it."},
          {"kind", "matching"}};
    }
    return Json{
        {"code", code}, {"citation", ""}, {"statement", ""}, {"kind", "other"}};
  }

  // ---- the queue --------------------------------------------------------

  Result<Json> Queue(const std::string& agency, const std::string& reason) {
    TG_ASSIGN_OR_RETURN(auto pending, store.db->ReadPendingReviews());
    const int64_t now = NowSeconds();
    Json items = Json::array();
    std::map<std::string, int64_t> by_reason, by_agency, by_age;
    for (const auto& d : pending) {
      const std::string at = ReceivedAt(d.batch_id);
      const int64_t since = SecondsOf(at);
      const double hours = since < 0 ? 0 : (now - since) / 3600.0;
      const char* age = hours < 24    ? "under 1 day"
                        : hours < 72  ? "1-3 days"
                        : hours < 168 ? "3-7 days"
                                      : "over 7 days";
      std::vector<std::string> codes;
      for (const auto& c : Split(d.reasons, ';')) {
        if (!c.empty()) codes.push_back(c);
      }
      for (const auto& c : codes) ++by_reason[c];
      ++by_agency[d.agency];
      ++by_age[age];
      if (!agency.empty() && d.agency != agency) continue;
      if (!reason.empty() &&
          std::find(codes.begin(), codes.end(), reason) == codes.end()) {
        continue;
      }
      TG_ASSIGN_OR_RETURN(auto proposal,
                          pipeline::StoredProposal(store.db, store.key,
                                                   d.batch_id, d.position));
      Json item{{"batch", d.batch_id},
                {"position", d.position},
                {"request_id", d.request_id},
                {"agency", d.agency},
                {"reasons", codes},
                {"kind", d.match_decision.empty() ? "law" : "matching"},
                {"received_at", at},
                {"waiting_hours", hours}};
      if (proposal) {
        item["proposal"] = {{"by", proposal->by},
                            {"record_id", proposal->record_id}};
      }
      items.push_back(std::move(item));
    }
    return Json{{"items", std::move(items)},
                {"total", pending.size()},
                {"by_reason", by_reason},
                {"by_agency", by_agency},
                {"by_age", by_age}};
  }

  // ---- one item ---------------------------------------------------------

  Result<storage::DecisionRow> InReview(const std::string& batch,
                                        int64_t position) {
    TG_ASSIGN_OR_RETURN(auto rows, store.db->ReadDecisions(batch));
    for (auto& d : rows) {
      if (d.position != position) continue;
      if (d.decision != domain::Outcome::kReview) {
        return Status::FailedPrecondition(
            "request " + d.request_id + " is no longer waiting for review (" +
            domain::OutcomeName(d.decision) + ")");
      }
      return std::move(d);
    }
    return Status::NotFound("no request in review at that place");
  }

  Result<Json> Item(const Session& s, const std::string& batch,
                    int64_t position) {
    TG_ASSIGN_OR_RETURN(storage::DecisionRow d, InReview(batch, position));
    TG_ASSIGN_OR_RETURN(
        domain::Request r,
        pipeline::StoredReviewRequest(store.db, store.key, batch, position));
    const auto& tables = *rules.tables;
    const domain::PersonQuery& p = r.person;
    // The request's own columns as the agency wrote them; the person's
    // apart, raw and normalized (the TIN by its last digits only).
    Json request{{"agency", d.agency}};
    const Json person =
        PersonJson(p.first_name, p.middle_name, p.last_name, p.dob, p.street,
                   p.unit, p.city, p.state, p.zip, p.tin);
    for (auto& [name, value] : domain::SignedRequestMembers(r)) {
      if (!person.contains(name)) request[name] = value;
    }
    request["person"] = person;
    request["normalized"] = NormalizedJson(linkage::NormalizeQuery(p, tables));
    Json reasons = Json::array();
    for (const auto& c : Split(d.reasons, ';')) {
      if (!c.empty()) reasons.push_back(RuleJson(c));
    }
    Json evidence = Json::parse(
        d.evidence_json.empty() ? "{}" : d.evidence_json, nullptr, false);
    Json candidates = Json::array();
    std::vector<std::string> ids;
    if (evidence.is_object()) {
      for (const auto& c : evidence.value("candidates", Json::array())) {
        if (c.is_object() && c.value("record_id", Json()).is_string()) {
          ids.push_back(c["record_id"].get<std::string>());
          candidates.push_back(c);
        }
      }
    }
    TG_ASSIGN_OR_RETURN(auto records, store.db->ReadRecordsById(ids));
    std::map<std::string, const domain::Record*> by_id;
    for (const auto& rec : records) by_id[rec.record_id] = &rec;
    for (auto& c : candidates) {
      double sum = 0;
      for (const auto& w : c.value("weights", Json::array())) {
        if (w.is_object() && w.value("weight", Json()).is_number()) {
          sum += w["weight"].get<double>();
        }
      }
      const double total = c.value("match_weight", Json()).is_number()
                               ? c["match_weight"].get<double>()
                               : sum;
      // The model's prior (lambda) as a weight: what the fields' weights
      // start from (the waterfall's first bar).
      c["prior_weight"] = total - sum;
      auto it = by_id.find(c["record_id"].get<std::string>());
      if (it == by_id.end()) {
        c["record"] = nullptr;
        continue;
      }
      const domain::Record& rec = *it->second;
      c["record"] = PersonJson(rec.first_name, rec.middle_name, rec.last_name,
                               rec.dob, rec.street, rec.unit, rec.city,
                               rec.state, rec.zip, rec.tin);
      c["record"]["tax_year"] = rec.tax_year;
      c["record"]["source"] = domain::SourceName(rec.source);
      c["normalized"] = NormalizedJson(linkage::NormalizeRecord(rec, tables));
    }
    TG_ASSIGN_OR_RETURN(
        auto proposal,
        pipeline::StoredProposal(store.db, store.key, batch, position));
    // Every view of a candidate record is on the record (7213A).
    TG_RETURN_IF_ERROR(Audit(s.user, "console_view",
                             {{"role", s.role},
                              {"batch", batch},
                              {"position", std::to_string(position)},
                              {"request_id", d.request_id},
                              {"candidates", std::to_string(ids.size())}}));
    Json out{{"batch", batch},
             {"position", position},
             {"request_id", d.request_id},
             {"agency", d.agency},
             {"received_at", ReceivedAt(batch)},
             {"kind", d.match_decision.empty() ? "law" : "matching"},
             {"reasons", std::move(reasons)},
             {"request", std::move(request)},
             {"candidates", std::move(candidates)},
             {"two_person", rules.policy->two_person_disclosure},
             {"policy_version", d.policy_version}};
    if (proposal) {
      out["proposal"] = {{"by", proposal->by},
                         {"record_id", proposal->record_id},
                         {"reason", proposal->reason},
                         {"at", proposal->at},
                         {"leaf", proposal->leaf}};
    }
    return out;
  }

  // ---- a decision -------------------------------------------------------

  Result<Json> Decide(const Session& s, const Json& body) {
    auto text = [&](const char* k) { return StringMember(body, k); };
    pipeline::ReviewDecision rd;
    rd.batch_id = text("batch");
    rd.position = body.value("position", Json()).is_number_integer()
                      ? body["position"].get<int64_t>()
                      : -1;
    rd.action = text("action");
    rd.record_id = text("record_id");
    rd.reason = text("reason");
    rd.note = std::string(Trim(text("justification")));
    if (rd.batch_id.empty() || rd.position < 0) {
      return Status::InvalidArgument("decide: want batch and position");
    }
    if (rd.note.size() < 10) {
      return Status::InvalidArgument(
          "decide: write a justification (at least 10 characters): it is "
          "kept, as a keyed digest, with the decision");
    }
    if (rd.action == "disclose") {
      if (rd.record_id.empty()) {
        return Status::InvalidArgument(
            "decide: name the candidate record to disclose");
      }
    }
    // Only a supervisor confirms another's proposal: checked by
    // DecideReview itself, on the proposal as it stands when it decides.
    rd.may_confirm = s.role == "supervisor";
    auto ctx = Operator(s.user);
    TG_ASSIGN_OR_RETURN(storage::DecisionRow d, Write([&] {
                          return pipeline::DecideReview(ctx, rules, rd, pool);
                        }));
    Json out{{"request_id", d.request_id},
             {"decision", domain::OutcomeName(d.decision)},
             {"reasons", d.reasons}};
    if (pipeline::IsProposal(d)) {
      TG_ASSIGN_OR_RETURN(auto proposal,
                          pipeline::StoredProposal(store.db, store.key,
                                                   rd.batch_id, rd.position));
      out["proposed"] = true;
      out["review_leaf"] = proposal ? proposal->leaf : -1;
      out["message"] =
          "Disclosure proposed. Under the two-person rule a supervisor "
          "confirms it before anything is released.";
    } else {
      out["proposed"] = false;
      // The review entry is staged right before the decision entry.
      out["review_leaf"] = d.decision_leaf - 1;
      out["decision_leaf"] = d.decision_leaf;
      out["message"] =
          d.match_decision.empty()
              ? "Decided; the agency is answered now."
              : "Decided; the answer goes out with the rest of its batch "
                "once every request of it is settled (a batch sent over "
                "the API is released by this server; a batch file by "
                "taxgate release --requests FILE).";
    }
    return out;
  }

  // ---- the supervisor's view ---------------------------------------------

  Status ScanReviews() {
    TG_ASSIGN_OR_RETURN(int64_t size, store.db->AuditSize());
    for (; scanned < size; ++scanned) {
      TG_ASSIGN_OR_RETURN(auto leaf, store.db->ReadAuditLeaf(scanned));
      if (leaf.entry.find("\"type\":\"review\"") == std::string::npos) {
        continue;
      }
      Json j = Json::parse(leaf.entry, nullptr, false);
      if (!j.is_object()) continue;
      ReviewEvent e;
      e.leaf = scanned;
      e.time = j.value("time", "");
      if (j.contains("actor") && j["actor"].is_object()) {
        e.reviewer = j["actor"].value("name", "");
      }
      e.action = j.value("action", "");
      e.reason = j.value("reason", "");
      e.batch = j.value("batch", "");
      e.position = j.value("position", int64_t{-1});
      e.request_id = j.value("request_id", "");
      e.proposed_by = j.value("proposed_by", "");
      events.push_back(std::move(e));
    }
    return Status::Ok();
  }

  Result<Json> Supervisor() {
    TG_RETURN_IF_ERROR(ScanReviews());
    struct Counts {
      int64_t disclose = 0, no_record = 0, reject = 0, proposed = 0,
              confirmed_by_other = 0, overturned = 0, confirmations = 0;
      double wait_hours = 0;
      int64_t decided = 0;
    };
    std::map<std::string, Counts> by;
    // The open proposal of each request: by whom, to see how it ended.
    std::map<std::pair<std::string, int64_t>, std::string> proposals;
    Json recent = Json::array();
    for (const ReviewEvent& e : events) {
      Counts& c = by[e.reviewer];
      const auto place = std::make_pair(e.batch, e.position);
      if (e.action == pipeline::kProposeDisclose) {
        ++c.proposed;
        proposals[place] = e.reviewer;
      } else {
        auto p = proposals.find(place);
        if (p != proposals.end()) {
          Counts& proposer = by[p->second];
          if (e.action == "disclose") {
            ++proposer.confirmed_by_other;
            ++c.confirmations;
          } else if (e.reviewer != p->second) {
            ++proposer.overturned;  // (a proposer's own withdrawal is not)
          }
          proposals.erase(p);
        }
        if (e.action == "disclose") ++c.disclose;
        if (e.action == "no_record") ++c.no_record;
        if (e.action == "reject") ++c.reject;
        const int64_t from = SecondsOf(ReceivedAt(e.batch));
        const int64_t to = SecondsOf(e.time);
        if (from >= 0 && to >= from) {
          c.wait_hours += (to - from) / 3600.0;
          ++c.decided;
        }
      }
    }
    for (auto it = events.rbegin(); it != events.rend() && recent.size() < 200;
         ++it) {
      const int64_t from = SecondsOf(ReceivedAt(it->batch));
      const int64_t to = SecondsOf(it->time);
      recent.push_back(
          {{"leaf", it->leaf},
           {"time", it->time},
           {"reviewer", it->reviewer},
           {"action", it->action},
           {"reason", it->reason},
           {"request_id", it->request_id},
           {"proposed_by", it->proposed_by},
           {"waited_hours",
            from >= 0 && to >= from ? Json((to - from) / 3600.0) : Json()}});
    }
    Json reviewers = Json::array();
    for (const auto& [name, c] : by) {
      const int64_t settled = c.confirmed_by_other + c.overturned;
      reviewers.push_back(
          {{"reviewer", name},
           {"disclose", c.disclose},
           {"no_record", c.no_record},
           {"reject", c.reject},
           {"proposed", c.proposed},
           {"confirmations", c.confirmations},
           {"proposals_confirmed", c.confirmed_by_other},
           {"proposals_overturned", c.overturned},
           {"agreement_rate",
            settled > 0 ? Json(static_cast<double>(c.confirmed_by_other) /
                               static_cast<double>(settled))
                        : Json()},
           {"mean_wait_hours",
            c.decided > 0 ? Json(c.wait_hours / static_cast<double>(c.decided))
                          : Json()}});
    }
    return Json{{"reviewers", std::move(reviewers)},
                {"recent", std::move(recent)},
                {"open_proposals", proposals.size()}};
  }

  // ---- the auditor's view ------------------------------------------------

  Result<Json> Checkpoints() {
    TG_ASSIGN_OR_RETURN(auto latest, store.db->ReadLatestCheckpoints(20));
    TG_ASSIGN_OR_RETURN(std::string origin, pipeline::LogOrigin(store.db));
    Json list = Json::array();
    for (const auto& cp : latest) {
      list.push_back({{"tree_size", cp.tree_size},
                      {"root_hash_hex", ToHex(cp.root)},
                      {"created_at", cp.created_at},
                      {"note", cp.note}});
    }
    Json out{{"origin", origin}, {"checkpoints", std::move(list)}};
    if (!latest.empty()) {
      TG_ASSIGN_OR_RETURN(
          std::string cosigned,
          pipeline::CosignedNote(store.db, latest.back(), o.witnesses));
      out["cosigned_note"] = cosigned;
    }
    Json witnesses = Json::array();
    for (const auto& w : o.witnesses) witnesses.push_back(w.name);
    out["witnesses"] = std::move(witnesses);
    std::ifstream in(store.keys_dir + "/checkpoint-verifiers.txt");
    std::string line;
    Json verifiers = Json::array();
    while (std::getline(in, line)) {
      if (!Trim(line).empty()) verifiers.push_back(std::string(Trim(line)));
    }
    out["verifiers"] = std::move(verifiers);
    return out;
  }

  // ---- routes -------------------------------------------------------------

  static std::optional<int64_t> IntParam(const httplib::Request& req,
                                         const char* name) {
    if (!req.has_param(name)) return std::nullopt;
    return ParseInt(req.get_param_value(name));
  }

  void Login(const httplib::Request& req, httplib::Response& res) {
    Headers(res);
    if (req.get_header_value("Content-Type").rfind(kJson, 0) != 0) {
      SendError(res, 415, "send the login as application/json");
      return;
    }
    Json body = Json::parse(req.body, nullptr, false);
    const std::string user = StringMember(body, "user");
    const std::string password = StringMember(body, "password");
    const std::string wrong = "wrong user name or password";
    pipeline::ConsoleUser u;
    {
      std::lock_guard<std::mutex> lock(mu);
      auto users = pipeline::ReadConsoleUsers(store.db, store.key);
      if (!users.ok()) return SendStatus(res, users.status());
      auto it = users->find(user);
      if (it != users->end()) u = it->second;
    }
    const int64_t now = NowSeconds();
    // A user that does not exist costs the same as a wrong password, and
    // gets the same answer; so does a locked user, unless the password is
    // right (then only its owner learns of the lock).
    static const std::string kDummy =
        PasswordHash("not a password of anyone").value_or("");
    const bool ok = PasswordVerify(
        u.password_hash.empty() ? kDummy : u.password_hash, password);
    if (SecondsOf(u.locked_until) > now) {
      if (!ok) return SendError(res, 401, wrong);
      SendError(res, 423,
                "this account is locked after repeated failed logins until " +
                    u.locked_until +
                    " (or until an administrator runs "
                    "taxgate users unlock)");
      return;
    }
    std::lock_guard<std::mutex> lock(mu);
    if (!ok || u.name.empty() || u.disabled) {
      // Only the users' failures are counted (so the counts stay as few as
      // the users, and names tried at random cannot wash them out).
      if (u.name.empty()) return SendError(res, 401, wrong);
      const int n = ++failures[user];
      if (n >= o.max_failures) {
        failures.erase(user);
        const std::string until = IsoOf(now + o.lockout_minutes * 60);
        Status s = SetLockedUntil(user, until, "console_lockout",
                                  {{"user", user},
                                   {"failures", std::to_string(n)},
                                   {"locked_until", until}});
        if (!s.ok()) return SendStatus(res, s);
        SendError(
            res, 423,
            "too many failed logins: this account is locked until " + until);
        return;
      }
      SendError(res, 401, wrong);
      return;
    }
    failures.erase(user);
    if (!u.locked_until.empty()) {
      // A lock that has run out is cleared on the next good login.
      Status s =
          SetLockedUntil(user, "", "console_lock_expired", {{"user", user}});
      if (!s.ok()) return SendStatus(res, s);
    }
    // Sessions that ran out are dropped here, not only when next used.
    for (auto it = sessions.begin(); it != sessions.end();) {
      const bool stale =
          now - it->second.last > o.idle_minutes * 60 ||
          now - it->second.created > int64_t{o.session_hours} * 3600;
      it = stale ? sessions.erase(it) : std::next(it);
    }
    Session session{u.name, u.role, Token(), now, now};
    const std::string token = Token();
    if (Status s = Audit(u.name, "console_login", {{"role", u.role}});
        !s.ok()) {
      return SendStatus(res, s);
    }
    sessions[token] = session;
    res.set_header("Set-Cookie", std::string(kCookie) + "=" + token +
                                     "; Path=/; Secure; HttpOnly; "
                                     "SameSite=Strict");
    SendJson(res, 200,
             Json{{"user", u.name},
                  {"role", u.role},
                  {"csrf", session.csrf},
                  {"idle_minutes", o.idle_minutes}});
  }

  void Routes() {
    auto& s = *server;
    for (const ConsoleAsset& a : ConsoleAssets()) {
      const std::string path =
          a.name == "index.html" ? "/" : "/" + std::string(a.name);
      s.Get(path, [a](const httplib::Request&, httplib::Response& res) {
        Headers(res);
        res.set_content(std::string(a.bytes), std::string(a.content_type));
      });
    }
    s.Post("/api/login", [this](const httplib::Request& req,
                                httplib::Response& res) { Login(req, res); });
    s.Post("/api/logout", [this](const httplib::Request& req,
                                 httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      if (!Authed(req, res, {"reviewer", "supervisor", "auditor"}, true)) {
        return;
      }
      sessions.erase(CookieValue(req, kCookie));
      res.set_header("Set-Cookie", std::string(kCookie) +
                                       "=; Path=/; Secure; HttpOnly; "
                                       "SameSite=Strict; Max-Age=0");
      SendJson(res, 200, Json{{"ok", true}});
    });
    s.Get("/api/me",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            const Session* se =
                Authed(req, res, {"reviewer", "supervisor", "auditor"});
            if (!se) return;
            SendJson(res, 200,
                     Json{{"user", se->user},
                          {"role", se->role},
                          {"csrf", se->csrf},
                          {"two_person", rules.policy->two_person_disclosure},
                          {"idle_minutes", o.idle_minutes}});
          });
    s.Get("/api/queue",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            if (!Authed(req, res, {"reviewer", "supervisor"})) return;
            auto q = Queue(req.get_param_value("agency"),
                           req.get_param_value("reason"));
            if (!q.ok()) return SendStatus(res, q.status());
            SendJson(res, 200, *q);
          });
    s.Get("/api/item",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            const Session* se = Authed(req, res, {"reviewer", "supervisor"});
            if (!se) return;
            auto position = IntParam(req, "position");
            if (!position) return SendError(res, 400, "want ?batch=&position=");
            auto item = Item(*se, req.get_param_value("batch"), *position);
            if (!item.ok()) return SendStatus(res, item.status());
            SendJson(res, 200, *item);
          });
    s.Post("/api/decide", [this](const httplib::Request& req,
                                 httplib::Response& res) {
      std::lock_guard<std::mutex> lock(mu);
      const Session* se = Authed(req, res, {"reviewer", "supervisor"}, true);
      if (!se) return;
      Json body = Json::parse(req.body, nullptr, false);
      if (!body.is_object()) return SendError(res, 400, "want a JSON object");
      auto out = Decide(*se, body);
      if (!out.ok()) return SendStatus(res, out.status());
      SendJson(res, 200, *out);
    });
    s.Get("/api/supervisor",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            if (!Authed(req, res, {"supervisor"})) return;
            auto out = Supervisor();
            if (!out.ok()) return SendStatus(res, out.status());
            SendJson(res, 200, *out);
          });
    s.Get("/api/audit/checkpoints",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            if (!Authed(req, res, {"auditor", "supervisor"})) return;
            auto out = Checkpoints();
            if (!out.ok()) return SendStatus(res, out.status());
            SendJson(res, 200, *out);
          });
    s.Get("/api/audit/entry",
          [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu);
            if (!Authed(req, res, {"auditor", "supervisor"})) return;
            auto leaf = IntParam(req, "leaf");
            if (!leaf || *leaf < 0) return SendError(res, 400, "want ?leaf=N");
            auto got = store.db->ReadAuditLeaf(*leaf);
            if (!got.ok()) return SendStatus(res, got.status());
            SendJson(res, 200,
                     Json{{"leaf", *leaf},
                          {"entry_base64", Base64Encode(got->entry)}});
          });
    s.Get("/api/audit/proof",
          [this](const httplib::Request& req, httplib::Response& res) {
            {
              std::lock_guard<std::mutex> lock(mu);
              if (!Authed(req, res, {"auditor", "supervisor"})) return;
            }
            auto leaf = IntParam(req, "leaf");
            auto size = IntParam(req, "size");
            if (!leaf) return SendError(res, 400, "want ?leaf=N[&size=M]");
            auto out = service->Proof(*leaf, size.value_or(-1));
            if (!out.ok()) return SendStatus(res, out.status());
            SendJson(res, 200, *out);
          });
    s.Get("/api/audit/consistency",
          [this](const httplib::Request& req, httplib::Response& res) {
            {
              std::lock_guard<std::mutex> lock(mu);
              if (!Authed(req, res, {"auditor", "supervisor"})) return;
            }
            auto from = IntParam(req, "from");
            auto to = IntParam(req, "to");
            if (!from) return SendError(res, 400, "want ?from=M[&to=N]");
            auto out = service->Consistency(*from, to.value_or(-1));
            if (!out.ok()) return SendStatus(res, out.status());
            SendJson(res, 200, *out);
          });
  }
};

Console::Console(Service* service, const ruleset::Ruleset& rules,
                 ConsoleStore store, ThreadPool* pool, ConsoleOptions options)
    : impl_(std::make_unique<Impl>(service, rules, std::move(store), pool,
                                   std::move(options))) {}

Console::~Console() { Stop(); }

Status Console::Run() {
  const ConsoleOptions& o = impl_->o;
  std::string problem;
  impl_->server = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
    return UseServerCertificate(&ctx, o.cert, o.key, &problem);
  });
  if (!impl_->server->is_valid()) {
    return Status::InvalidArgument("serve --console: TLS setup failed: " +
                                   (problem.empty() ? "OpenSSL refused the "
                                                      "context"
                                                    : problem));
  }
  impl_->server->set_payload_max_length(kMaxBody);
  impl_->server->set_keep_alive_max_count(100);
  impl_->server->set_read_timeout(10, 0);
  impl_->Routes();
  const int port = BindListener(impl_->server.get(), o.host, o.port, o.threads);
  if (port < 0) {
    return Status::Unavailable("serve: cannot listen on " + o.host + ":" +
                               std::to_string(o.port) + " for the console");
  }
  impl_->bound_port = port;
  if (o.on_listening) o.on_listening(port);
  if (!impl_->server->listen_after_bind() && impl_->server->is_running()) {
    return Status::Unavailable("serve: the console's listener stopped");
  }
  return Status::Ok();
}

int Console::port() const { return impl_->bound_port; }

void Console::Stop() {
  if (impl_->server) impl_->server->stop();
}

}  // namespace taxgate::service
