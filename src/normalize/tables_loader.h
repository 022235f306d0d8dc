// LoadTables: reads the reference lists under a data/ folder into a Tables.
//
// Reads data_dir + "/reference/{name_particles,nicknames,usps_street_suffixes,
// usps_directionals,usps_secondary_units,usps_states,
// usps_spanish_street_prefixes,census2000_surnames_top50000,
// census_spanish_surnames}.csv" and data_dir + "/spanish_hypocorisms.csv".
// The only I/O of the normalize module; the rest is pure.
// Errors: NotFound / InvalidArgument from the CSV reader, naming the file.
#ifndef TAXGATE_NORMALIZE_TABLES_LOADER_H_
#define TAXGATE_NORMALIZE_TABLES_LOADER_H_

#include <memory>
#include <string>

#include "common/status.h"
#include "normalize/tables.h"

namespace taxgate::normalize {

Result<Tables> LoadTables(const std::string& data_dir);

// LoadTables(DataDir()), shared. A missing or broken data folder is an
// error naming the file, never a quiet fallback to smaller built-in tables
// (which would match differently with exit 0).
Result<std::shared_ptr<const Tables>> LoadDefaultTables();

}  // namespace taxgate::normalize

#endif  // TAXGATE_NORMALIZE_TABLES_LOADER_H_
