#include "client/cli.h"

int main(int argc, char** argv) { return octet::cli::Run(argc, argv); }
