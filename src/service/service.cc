#include "service/service.h"

#include <algorithm>
#include <ctime>

#include "common/crypto.h"
#include "common/strings.h"
#include "disclosure/agency_answer.h"
#include "intake/readers.h"
#include "pipeline/answers.h"
#include "pipeline/checkpoints.h"
#include "pipeline/operator_actions.h"
#include "pipeline/registry.h"
#include "record_store/record_store.h"
#include "text/text.h"

namespace taxgate::service {
namespace {

constexpr char kBatchMetaPrefix[] = "api_batch/";

// A field as written in a CSV: always quoted, quotes doubled.
void AppendCsvField(const std::string& v, std::string* out) {
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// The requests of a POST as a requests.csv (FORMATS.md columns, values as
// sent). Errors: InvalidArgument naming the request and member.
Result<std::string> RequestsCsv(const Json& body, size_t* count) {
  const Json* list = &body;
  if (body.is_object() && body.contains("requests")) {
    if (body.size() != 1) {
      return Status::InvalidArgument(
          "body: want {\"requests\": [...]} with no other member, or one "
          "request object");
    }
    list = &body["requests"];
    if (!list->is_array()) {
      return Status::InvalidArgument("body.requests: want an array");
    }
  }
  std::vector<const Json*> items;
  if (list->is_array()) {
    for (const auto& j : *list) items.push_back(&j);
  } else if (list->is_object()) {
    items.push_back(list);
  } else {
    return Status::InvalidArgument(
        "body: want a request object or {\"requests\": [...]}");
  }
  if (items.empty()) {
    return Status::InvalidArgument("body.requests: empty");
  }
  if (items.size() > kMaxBatchRequests) {
    return Status::InvalidArgument(
        "body.requests: " + std::to_string(items.size()) +
        " requests; at most " + std::to_string(kMaxBatchRequests) +
        " in one call");
  }
  const auto& columns = intake::RequestColumns();
  std::string csv;
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) csv.push_back(',');
    csv += columns[c];
  }
  csv.push_back('\n');
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& r = *items[i];
    const std::string where = "requests[" + std::to_string(i) + "]";
    if (!r.is_object()) {
      return Status::InvalidArgument(where + ": want an object");
    }
    for (auto it = r.begin(); it != r.end(); ++it) {
      if (std::find(columns.begin(), columns.end(), it.key()) ==
          columns.end()) {
        return Status::InvalidArgument(
            where + "." + it.key() +
            ": unknown member (the members are the columns of requests.csv, "
            "FORMATS.md)");
      }
      if (!it.value().is_string()) {
        return Status::InvalidArgument(where + "." + it.key() +
                                       ": want a string");
      }
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      if (c > 0) csv.push_back(',');
      auto it = r.find(columns[c]);
      AppendCsvField(it == r.end() ? "" : it->get<std::string>(), &csv);
    }
    csv.push_back('\n');
  }
  *count = items.size();
  return csv;
}

Json StringList(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const auto& s : v) a.push_back(s);
  return a;
}

}  // namespace

void FairMutex::lock() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!held_ && queue_.empty()) {
    held_ = true;
    return;
  }
  Waiter me;
  queue_.push_back(&me);
  me.cv.wait(lock, [&] { return me.granted; });
}

void FairMutex::unlock() {
  std::lock_guard<std::mutex> lock(mu_);
  if (queue_.empty()) {
    held_ = false;
    return;
  }
  // Handed to the longest waiter: nobody can take it in between.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->granted = true;
  next->cv.notify_one();
}

Result<int64_t> ReleaseWindowEnd(const std::string& received_at, int hours) {
  std::tm tm{};
  if (received_at.size() < 19 ||
      strptime(received_at.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &tm) ==
          nullptr) {
    return Status::DataLoss("a batch's received_at '" + received_at +
                            "' is not an ISO 8601 time");
  }
  const int64_t t = static_cast<int64_t>(timegm(&tm));
  if (hours <= 0) return t;
  const int64_t window = static_cast<int64_t>(hours) * 3600;
  return (t / window + 1) * window;
}

Service::Service(const ruleset::Ruleset& rules, storage::Database* db,
                 pipeline::Ledger* ledger, pipeline::PreparedMatching matching,
                 ServiceOptions options)
    : rules_(rules),
      db_(db),
      ledger_(ledger),
      matching_(std::move(matching)),
      options_(std::move(options)) {}

Result<Json> Service::ParseBody(const std::string& body) {
  try {
    return Json::parse(body);
  } catch (const Json::exception& e) {
    return Status::InvalidArgument(std::string("body: not JSON (") + e.what() +
                                   ")");
  }
}

size_t Service::RequestCount(const Json& parsed) {
  if (parsed.is_object() && parsed.contains("requests") &&
      parsed["requests"].is_array()) {
    return std::max<size_t>(1, parsed["requests"].size());
  }
  return 1;
}

Result<SubmitResult> Service::Submit(const std::string& agency,
                                     const std::string& body,
                                     const Date& today) {
  TG_ASSIGN_OR_RETURN(Json parsed, ParseBody(body));
  return Submit(agency, parsed, today);
}

Result<SubmitResult> Service::Submit(const std::string& agency,
                                     const Json& parsed, const Date& today) {
  size_t count = 0;
  TG_ASSIGN_OR_RETURN(std::string csv, RequestsCsv(parsed, &count));
  pipeline::BatchInput in;
  in.source_name = "api-" + agency;
  TG_ASSIGN_OR_RETURN(in.read, intake::ReadRequestsFromString(
                                   "requests.csv (the call's body)", csv));
  if (in.read.rows.empty()) {
    std::string why;
    for (const auto& r : in.read.rejected) why += "; " + r.message;
    return Status::InvalidArgument("no request in the call could be read" +
                                   why);
  }
  // The batch is the agency's: the same body from another agency is
  // another batch (it could never resume this one's answers).
  in.batch_id = ToHex(
      Sha256("taxgate-api-batch-v1\n" + text::AgencyCode(agency) + "\n" + csv));

  std::lock_guard<FairMutex> lock(mu_);
  // A caller asks only for its own agency: a request naming a signer or an
  // official registered to another agency is refused whole (the policy
  // refuses unknown officials as it does for files).
  if (!registry_ || registry_reloads_ != ledger_->reloads()) {
    TG_ASSIGN_OR_RETURN(registry_, pipeline::Registry::AsRecorded(db_));
    registry_reloads_ = ledger_->reloads();
  }
  const pipeline::Registry& reg = *registry_;
  const std::string own = text::AgencyCode(agency);
  for (const auto& r : in.read.rows) {
    for (const std::string* id : {&r.signed_by, &r.official_id}) {
      auto it = reg.by_id.find(std::string(Trim(*id)));
      if (it == reg.by_id.end()) continue;
      const std::string theirs = text::AgencyCode(it->second.agency);
      if (theirs != own) {
        TG_RETURN_IF_ERROR(
            RefuseLocked(agency, "official_of_another_agency",
                         {{"official_id", std::string(Trim(*id))},
                          {"official_agency", theirs},
                          {"batch_id", in.batch_id}}));
        return Status::PermissionDenied(
            "request " + r.request_id + ": official " + std::string(Trim(*id)) +
            " belongs to agency " + theirs + ", not to " + own +
            " (the client certificate's agency)");
      }
    }
  }

  TG_RETURN_IF_ERROR(FollowLoads());
  // The batch's text is kept with its first commit: its answers are
  // released later, perhaps after a restart.
  pipeline::ProcessOptions o;
  o.as_of = today;
  o.today = today;
  o.operator_name = options_.operator_name;
  o.key = options_.key;
  o.index_path = options_.index_path;
  o.pool = options_.pool;
  o.prepared = &matching_;
  o.answer_now = false;
  o.decide_again_on_race = true;
  o.batch_meta = {{kBatchMetaPrefix + in.batch_id, csv}};
  o.history_cache = &history_;
  TG_ASSIGN_OR_RETURN(auto summary,
                      pipeline::ProcessRequests(rules_, o, in, db_, ledger_));
  TG_ASSIGN_OR_RETURN(auto batch_row, db_->FindBatch(in.batch_id));
  if (batch_row) {
    TG_ASSIGN_OR_RETURN(int64_t end,
                        ReleaseWindowEnd(batch_row->received_at,
                                         rules_.policy->release_window_hours));
    Schedule(in.batch_id, end);
  }

  TG_ASSIGN_OR_RETURN(auto rows, db_->ReadDecisions(in.batch_id));
  TG_ASSIGN_OR_RETURN(Json receipt, Receipt());
  SubmitResult out;
  Json answers = Json::array();
  for (const auto& d : rows) {
    if (OfAnotherAgency(d, own)) continue;  // a registry changed meanwhile
    places_.try_emplace({own, d.request_id}, Place{in.batch_id, d.position});
    TG_ASSIGN_OR_RETURN(Json a, AnswerJson(d));
    AnswerStat stat;
    stat.answer = a["answer"].get<std::string>();
    for (const auto& c : a["reasons"]) stat.reasons.push_back(c);
    stat.match_probability = d.match_probability;
    out.stats.push_back(std::move(stat));
    answers.push_back(std::move(a));
  }
  Json rejected_rows = Json::array();
  for (const auto& r : in.read.rejected) rejected_rows.push_back(r.message);
  out.body = {{"batch_id", in.batch_id},
              {"answers", std::move(answers)},
              {"rejected_rows", std::move(rejected_rows)},
              {"receipt", std::move(receipt)}};
  return out;
}

Result<Json> Service::Receipt() {
  TG_ASSIGN_OR_RETURN(auto cp, pipeline::LatestCheckpoint(db_));
  if (!cp) return Json{{"tree_size", ledger_->size()}};
  return Json{{"tree_size", cp->tree_size},
              {"root_hash_hex", ToHex(cp->root)},
              {"checkpoint", cp->note}};
}

// One request's answer as the agency may see it now (LAW.md).
Result<Json> Service::AnswerJson(const storage::DecisionRow& d) {
  Json a = {{"request_id", d.request_id}, {"decision_leaf", d.decision_leaf}};
  if (d.leaf_index < 0) {
    a["answer"] = "pending";
    a["reasons"] = Json::array();
    return a;
  }
  disclosure::AgencyAnswer answer =
      disclosure::AnswerForAgency(d.decision, Split(d.reasons, ';'));
  a["answer"] = disclosure::AnswerName(answer.answer);
  a["reasons"] = StringList(answer.reasons);
  a["response_leaf"] = d.leaf_index;
  if (answer.answer == disclosure::Answer::kDisclosed &&
      !d.disclosure_json.empty()) {
    Json released = Json::parse(d.disclosure_json, nullptr, false);
    if (!released.is_object()) {
      return Status::DataLoss("the stored disclosure of request " +
                              d.request_id + " is not JSON");
    }
    a["fields"] = released.value("fields", Json::object());
    a["disclosure_leaf"] =
        d.leaf_index - pipeline::kDisclosureLeafBeforeResponse;
  }
  return a;
}

Result<std::vector<domain::Request>> Service::StoredRequests(
    const std::string& batch_id) {
  TG_ASSIGN_OR_RETURN(std::string csv,
                      db_->ReadMeta(kBatchMetaPrefix + batch_id));
  TG_ASSIGN_OR_RETURN(auto read, intake::ReadRequestsFromString(
                                     "stored batch " + batch_id, csv));
  return std::move(read.rows);
}

bool Service::OfAnotherAgency(const storage::DecisionRow& d,
                              const std::string& own) {
  const std::string theirs = text::AgencyCode(d.agency);
  return theirs != own && theirs != "UNKNOWN";
}

void Service::Schedule(const std::string& batch_id, int64_t due) {
  auto [it, added] = scheduled_.emplace(batch_id, due);
  if (added) due_.emplace(due, batch_id);
}

Status Service::FollowLoads() {
  TG_ASSIGN_OR_RETURN(const std::string now,
                      record_store::StoredRecordsDigest(db_));
  if (now == matching_.index_report.records_digest) return Status::Ok();
  TG_ASSIGN_OR_RETURN(auto fresh, pipeline::PrepareStoreMatching(
                                      rules_, db_, options_.key,
                                      options_.index_path, options_.pool));
  matching_ = std::move(fresh);
  return Status::Ok();
}

pipeline::OperatorContext Service::Operator() const {
  return {db_,
          ledger_,
          options_.key,
          options_.operator_name,
          pipeline::NowIso8601(),
          options_.index_path};
}

Status Service::ReleaseNow(const std::string& batch_id, const Date& today) {
  scheduled_.erase(batch_id);
  TG_ASSIGN_OR_RETURN(auto requests, StoredRequests(batch_id));
  const pipeline::OperatorContext op = Operator();
  // Another server on the store may release the same batch at the same
  // moment: the store answers each request once (FailedPrecondition for
  // the second), so read the log again and settle what is left.
  Result<pipeline::AnswerSummary> answered = Status::Internal("not run");
  for (int attempt = 0; attempt < 5; ++attempt) {
    answered =
        pipeline::AnswerBatch(op, batch_id, requests, *rules_.policy, today);
    const StatusCode code = answered.status().code();
    if (code != StatusCode::kFailedPrecondition &&
        code != StatusCode::kAborted) {
      break;
    }
    TG_RETURN_IF_ERROR(ledger_->Reload());
  }
  TG_ASSIGN_OR_RETURN(auto summary, std::move(answered));
  if (summary.held > 0 || summary.open_reviews > 0) {
    held_.insert(batch_id);
  } else {
    held_.erase(batch_id);
  }
  return Status::Ok();
}

Status Service::ReleaseIfDue(const std::string& batch_id, const Date& today) {
  // Held by a matching review: the sweep schedules it once the review is
  // settled, at the end of the window then open (never at the moment a
  // person decided, which would tell that a person looked).
  if (held_.count(batch_id) > 0) return Status::Ok();
  int64_t due = 0;
  if (auto it = scheduled_.find(batch_id); it != scheduled_.end()) {
    due = it->second;
  } else {
    // Taken before a restart or by another server: at the end of its
    // window, and not before the end of the window open now (what
    // happened to it meanwhile is not known here).
    TG_ASSIGN_OR_RETURN(auto batch, db_->FindBatch(batch_id));
    if (!batch) return Status::Ok();
    const int hours = rules_.policy->release_window_hours;
    TG_ASSIGN_OR_RETURN(int64_t own_end,
                        ReleaseWindowEnd(batch->received_at, hours));
    TG_ASSIGN_OR_RETURN(int64_t now_end,
                        ReleaseWindowEnd(pipeline::NowIso8601(), hours));
    due = std::max(own_end, now_end);
    Schedule(batch_id, due);
  }
  if (static_cast<int64_t>(std::time(nullptr)) < due) return Status::Ok();
  return ReleaseNow(batch_id, today);
}

Result<int64_t> Service::ReleaseDue(const Date& today) {
  // What is due is picked under the lock; each batch is then released
  // under it on its own, so requests go on between them (a window closing
  // on a day's batches is no pause for the agencies).
  std::vector<std::string> batches;
  int64_t before = 0;
  {
    std::lock_guard<FairMutex> lock(mu_);
    before = ledger_->size();
    if (!held_.empty()) {
      // A batch held by a matching review waits for it (answers.h) until
      // the review deadline; once settled (or expired) it is released at
      // the end of the window open then.
      TG_ASSIGN_OR_RETURN(auto reviews, db_->ReadPendingReviews());
      std::set<std::string> waiting;
      for (const auto& d : reviews) waiting.insert(d.batch_id);
      const std::string expired_before =
          Date::FromDays(today.ToDays() - rules_.policy->review_deadline_days)
              .ToString();
      TG_ASSIGN_OR_RETURN(
          int64_t now_end,
          ReleaseWindowEnd(pipeline::NowIso8601(),
                           rules_.policy->release_window_hours));
      for (auto it = held_.begin(); it != held_.end();) {
        if (waiting.count(*it) > 0) {
          TG_ASSIGN_OR_RETURN(auto batch, db_->FindBatch(*it));
          if (batch && batch->received_at.substr(0, 10) > expired_before) {
            ++it;
            continue;
          }
        }
        Schedule(*it, now_end);
        it = held_.erase(it);
      }
    }
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    while (!due_.empty() && due_.begin()->first <= now) {
      auto [when, b] = *due_.begin();
      due_.erase(due_.begin());
      auto it = scheduled_.find(b);
      if (it != scheduled_.end() && it->second == when) batches.push_back(b);
    }
  }
  Status first = Status::Ok();
  for (const auto& b : batches) {
    std::lock_guard<FairMutex> lock(mu_);
    Status s = ReleaseNow(b, today);
    if (!s.ok()) {
      // Tried again at the next sweep; the others go on.
      Schedule(b, static_cast<int64_t>(std::time(nullptr)));
      if (first.ok()) first = s;
    }
  }
  TG_RETURN_IF_ERROR(first);
  std::lock_guard<FairMutex> lock(mu_);
  return ledger_->size() - before;
}

Result<std::optional<Service::Place>> Service::Find(
    const std::string& agency, const std::string& request_id) {
  auto it = places_.find({agency, request_id});
  if (it != places_.end()) return std::optional<Place>(it->second);
  // Taken by another process, or before a restart: the first decision of
  // the agency's request id in the store (a later one with that id is its
  // DUPLICATE_REQUEST rejection).
  TG_ASSIGN_OR_RETURN(auto rows, db_->ReadHistory("", ""));
  std::optional<Place> best;
  std::string best_date;
  for (const auto& r : rows) {
    if (text::AgencyCode(r.agency) != agency || r.request_id != request_id) {
      continue;
    }
    TG_ASSIGN_OR_RETURN(auto b, db_->FindBatch(r.batch_id));
    if (!b || b->source_name != "api-" + agency) continue;
    if (!best || b->received_at < best_date) {
      best = Place{r.batch_id, r.position};
      best_date = b->received_at;
    }
  }
  if (best) places_.emplace(std::make_pair(agency, request_id), *best);
  return best;
}

Result<Json> Service::Answer(const std::string& agency,
                             const std::string& request_id, const Date& today) {
  std::lock_guard<FairMutex> lock(mu_);
  const std::string own = text::AgencyCode(agency);
  TG_ASSIGN_OR_RETURN(auto place, Find(own, request_id));
  if (!place) {
    return Status::NotFound("agency " + own + " sent no request " + request_id +
                            " to this service");
  }
  TG_RETURN_IF_ERROR(ReleaseIfDue(place->batch_id, today));
  TG_ASSIGN_OR_RETURN(auto rows, db_->ReadDecisions(place->batch_id));
  for (const auto& d : rows) {
    if (d.position != place->position) continue;
    if (OfAnotherAgency(d, own)) {
      return Status::NotFound("agency " + own + " sent no request " +
                              request_id + " to this service");
    }
    TG_ASSIGN_OR_RETURN(Json a, AnswerJson(d));
    TG_ASSIGN_OR_RETURN(a["receipt"], Receipt());
    a["batch_id"] = place->batch_id;
    return a;
  }
  return Status::DataLoss("request " + request_id + " of batch " +
                          place->batch_id + " has no stored decision");
}

Result<const std::vector<Hash256>*> Service::LeafHashes() {
  TG_ASSIGN_OR_RETURN(int64_t size, db_->AuditSize());
  for (int64_t i = static_cast<int64_t>(leaf_hashes_.size()); i < size; ++i) {
    TG_ASSIGN_OR_RETURN(auto leaf, db_->ReadAuditLeaf(i));
    leaf_hashes_.push_back(leaf.leaf_hash);
  }
  return &leaf_hashes_;
}

Result<Json> Service::Checkpoint() {
  std::lock_guard<FairMutex> lock(mu_);
  TG_ASSIGN_OR_RETURN(auto cp, pipeline::LatestCheckpoint(db_));
  if (!cp) return Status::NotFound("the log has no signed checkpoint yet");
  TG_ASSIGN_OR_RETURN(std::string origin, pipeline::LogOrigin(db_));
  return Json{{"origin", origin},
              {"tree_size", cp->tree_size},
              {"root_hash_hex", ToHex(cp->root)},
              {"note", cp->note}};
}

Result<Json> Service::Proof(int64_t leaf, int64_t size) {
  std::lock_guard<FairMutex> lock(mu_);
  TG_ASSIGN_OR_RETURN(const std::vector<Hash256>* all, LeafHashes());
  const std::vector<Hash256>& hashes = *all;
  if (size < 0) {
    TG_ASSIGN_OR_RETURN(auto cp, pipeline::LatestCheckpoint(db_));
    size = cp ? cp->tree_size : static_cast<int64_t>(hashes.size());
  }
  if (leaf < 0 || size > static_cast<int64_t>(hashes.size()) || leaf >= size) {
    return Status::InvalidArgument(
        "want 0 <= leaf < size <= " + std::to_string(hashes.size()) +
        " (the log's size); got leaf " + std::to_string(leaf) + ", size " +
        std::to_string(size));
  }
  return pipeline::InclusionProofJson(hashes, leaf, size);
}

Result<Json> Service::Consistency(int64_t from, int64_t to) {
  std::lock_guard<FairMutex> lock(mu_);
  TG_ASSIGN_OR_RETURN(const std::vector<Hash256>* all, LeafHashes());
  const std::vector<Hash256>& hashes = *all;
  if (to < 0) {
    TG_ASSIGN_OR_RETURN(auto cp, pipeline::LatestCheckpoint(db_));
    to = cp ? cp->tree_size : static_cast<int64_t>(hashes.size());
  }
  if (from < 1 || from > to || to > static_cast<int64_t>(hashes.size())) {
    return Status::InvalidArgument(
        "want 0 < from <= to <= " + std::to_string(hashes.size()) +
        " (the log's size); got from " + std::to_string(from) + ", to " +
        std::to_string(to));
  }
  return pipeline::ConsistencyProofJson(hashes, from, to);
}

Status Service::AuditRefusal(
    const std::string& agency, const std::string& reason,
    const std::vector<std::pair<std::string, std::string>>& facts) {
  std::lock_guard<FairMutex> lock(mu_);
  return RefuseLocked(agency, reason, facts);
}

Status Service::RefuseLocked(
    const std::string& agency, const std::string& reason,
    const std::vector<std::pair<std::string, std::string>>& facts) {
  std::vector<std::pair<std::string, std::string>> all = {{"agency", agency},
                                                          {"reason", reason}};
  all.insert(all.end(), facts.begin(), facts.end());
  const pipeline::OperatorContext op = Operator();
  return pipeline::LogOperatorAction(op, "api_refused", all);
}

Result<int64_t> Service::ReviewQueueSize() {
  std::lock_guard<FairMutex> lock(mu_);
  TG_ASSIGN_OR_RETURN(auto rows, db_->ReadPendingReviews());
  return static_cast<int64_t>(rows.size());
}

Status Service::Health() {
  std::lock_guard<FairMutex> lock(mu_);
  return db_->AuditSize().status();
}

}  // namespace taxgate::service
