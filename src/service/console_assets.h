// The review console's files (web/console), embedded at build
// (cmake/embed_assets.cmake).
#ifndef TAXGATE_SERVICE_CONSOLE_ASSETS_H_
#define TAXGATE_SERVICE_CONSOLE_ASSETS_H_

#include <string_view>
#include <vector>

namespace taxgate::service {

struct ConsoleAsset {
  std::string_view name;  // "index.html", "console.js", ...
  std::string_view content_type;
  std::string_view bytes;
};

const std::vector<ConsoleAsset>& ConsoleAssets();

}  // namespace taxgate::service

#endif  // TAXGATE_SERVICE_CONSOLE_ASSETS_H_
