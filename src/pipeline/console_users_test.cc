#include "pipeline/console_users.h"

#include <gtest/gtest.h>

#include "common/crypto.h"
#include "disclosure/audit_entry.h"
#include "pipeline/test_inputs.h"
#include "test_util.h"

namespace taxgate::pipeline {
namespace {

class ConsoleUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitCrypto());
    auto store = testing::OpenTestStore(dir_.File("store.db"));
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(*store);
  }
  Status Add(const std::string& name, const std::string& role) {
    return ChangeConsoleUsers(
        store_.Context("admin"), "console_user_add",
        {{"user", name}, {"role", role}}, [&](ConsoleUsers* users) {
          ConsoleUser u;
          u.name = name;
          u.role = role;
          u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";
          users->emplace(name, u);
          return Status::Ok();
        });
  }
  taxgate::testing::TempDir dir_;
  testing::TestStore store_;
};

TEST_F(ConsoleUsersTest, ChangesAreStoredAndAuditedWithoutTheHash) {
  auto size = store_.db->AuditSize();
  ASSERT_TRUE(size.ok());
  ASSERT_TRUE(Add("rita", "reviewer").ok());
  ASSERT_TRUE(Add("sam", "supervisor").ok());
  auto users = ReadConsoleUsers(store_.db.get(), store_.key);
  ASSERT_TRUE(users.ok()) << users.status().ToString();
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ(users->at("rita").role, "reviewer");
  EXPECT_EQ(users->at("sam").password_hash.rfind("$argon2id$", 0), 0u);
  auto after = store_.db->AuditSize();
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(*after, *size + 2);
  auto leaf = store_.db->ReadAuditLeaf(*size);
  ASSERT_TRUE(leaf.ok());
  EXPECT_NE(leaf->entry.find("console_user_add"), std::string::npos);
  EXPECT_NE(leaf->entry.find("rita"), std::string::npos);
  EXPECT_EQ(leaf->entry.find("argon2id"), std::string::npos)
      << "no password hash in the log";
}

TEST_F(ConsoleUsersTest, AUserWrittenWithoutTheKeyIsRefused) {
  ASSERT_TRUE(Add("rita", "reviewer").ok());
  // Someone who can write the store but does not hold its key makes
  // themselves a supervisor.
  storage::WriteSet ws;
  ws.meta.emplace_back(
      "console_users",
      "0000\n{\"mallory\":{\"role\":\"supervisor\",\"password_hash\":\"x\"}}");
  ASSERT_TRUE(store_.db->Commit(ws).ok());
  auto users = ReadConsoleUsers(store_.db.get(), store_.key);
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().code(), StatusCode::kDataLoss);
}

TEST_F(ConsoleUsersTest, ALogDigestOfAChosenTextIsNotASeal) {
  // A reviewer's note (or an agency's reason) is kept in the log as a keyed
  // digest of text they choose: written as a seal, it must not verify.
  const std::string forged_users =
      "{\"mallory\":{\"role\":\"supervisor\",\"password_hash\":\"x\"}}";
  const std::string digest =
      disclosure::KeyedDigest(store_.key, "console_users\n" + forged_users);
  storage::WriteSet ws;
  ws.meta.emplace_back("console_users", digest + "\n" + forged_users);
  ASSERT_TRUE(store_.db->Commit(ws).ok());
  auto users = ReadConsoleUsers(store_.db.get(), store_.key);
  ASSERT_FALSE(users.ok());
  EXPECT_EQ(users.status().code(), StatusCode::kDataLoss);
}

TEST_F(ConsoleUsersTest, NamesAndPasswordsAreChecked) {
  EXPECT_TRUE(CheckUserName("rita.k-2").ok());
  EXPECT_FALSE(CheckUserName("").ok());
  EXPECT_FALSE(CheckUserName("Rita").ok());
  EXPECT_FALSE(CheckUserName("2rita").ok());
  EXPECT_FALSE(CheckUserName("rita smith").ok());
  EXPECT_FALSE(CheckUserName(std::string(65, 'a')).ok());
  EXPECT_TRUE(CheckPassword("twelve chars").ok());
  EXPECT_FALSE(CheckPassword("eleven char").ok());
  EXPECT_TRUE(IsConsoleRole("auditor"));
  EXPECT_FALSE(IsConsoleRole("admin"));
}

}  // namespace
}  // namespace taxgate::pipeline
