// The Catch2 entry point of the deployment engine's unit tests.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
