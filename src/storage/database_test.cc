// What OpenDatabase does with a spec, without a server: which backend it
// names, and how it is shown (never with a password).
#include "storage/database.h"

#include <gtest/gtest.h>

namespace taxgate::storage {
namespace {

TEST(StoreNameTest, APathIsShownAsItIs) {
  EXPECT_FALSE(IsPostgresSpec("taxgate.db"));
  EXPECT_FALSE(IsPostgresSpec("/var/lib/postgresql://x"));
  EXPECT_EQ(StoreName("/tmp/a:b@c.db"), "/tmp/a:b@c.db");
}

TEST(StoreNameTest, AUrlIsShownWithoutItsPassword) {
  EXPECT_TRUE(IsPostgresSpec("postgresql://db.example/taxgate"));
  EXPECT_TRUE(IsPostgresSpec("postgres://db.example/taxgate"));
  EXPECT_EQ(StoreName("postgresql://tg:s3cret@db.example:5433/taxgate"),
            "postgresql://tg@db.example:5433/taxgate");
  EXPECT_EQ(StoreName("postgres://tg:p%40ss@db/x?sslmode=require"),
            "postgres://tg@db/x?sslmode=require");
  EXPECT_EQ(StoreName("postgresql://db/x?password=s3cret&sslmode=require"),
            "postgresql://db/x?sslmode=require");
  EXPECT_EQ(StoreName("postgresql://db/x?sslmode=require&pass%77ord=s3cret"),
            "postgresql://db/x?sslmode=require");
  EXPECT_EQ(StoreName("postgresql://tg@/x?host=/run/pg&PASSWORD=s3cret"),
            "postgresql://tg@/x?host=/run/pg");
  EXPECT_EQ(StoreName("postgresql://tg:s3cret@"), "postgresql://tg@");
  EXPECT_EQ(StoreName("postgresql://"), "postgresql://");
}

#ifdef TAXGATE_WITH_POSTGRES
// A server out of reach: Unavailable, naming the server but never the
// password, and the call that failed.
TEST(PostgresOpenTest, AnUnreachableServerIsNamedWithoutThePassword) {
  auto db = OpenDatabase("postgresql://tg:s3cret-pw@127.0.0.1:1/taxgate");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable);
  const std::string& m = db.status().message();
  EXPECT_EQ(m.find("s3cret-pw"), std::string::npos) << m;
  EXPECT_NE(m.find("postgresql://tg@127.0.0.1:1/taxgate: cannot connect"),
            std::string::npos)
      << m;
}

TEST(PostgresOpenTest, AUrlLibpqCannotReadIsRefusedWithoutEchoingIt) {
  auto db = OpenDatabase("postgresql://tg:pw%zzsecret@127.0.0.1/x?nosuch=1");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(db.status().message().find("secret"), std::string::npos)
      << db.status().message();
}
#else
TEST(PostgresOpenTest, AUrlIsRefusedWithoutPostgres) {
  auto db = OpenDatabase("postgresql://tg:s3cret@127.0.0.1/taxgate");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(db.status().message().find("s3cret"), std::string::npos);
}
#endif

}  // namespace
}  // namespace taxgate::storage
