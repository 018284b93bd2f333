// Brings CBC's compiler and linker flags (pkg-config `cbc`: Debian's coinor-libcbc-dev) to the
// C++ guard that calls it. Swift never calls CBC directly; it goes through CCBCGuard.
#include <coin/CbcConfig.h>
