// pierctl: a thin main over the pierctl library (daemon/pierctl/pierctl_cli.h).

#include <iostream>

#include "daemon/pierctl/pierctl_cli.h"
#include "runtime/posix/posix_file_system.h"

int main(int argc, char** argv) {
  pier::PosixFileSystem fs;
  return pier::pierctl::runPierctl(argc, argv, fs, std::cout, std::cerr);
}
